package io.santkrupa.seed;

/** Where a clinic's generated tables go: {@link CopyLoad} into the database, {@link DigestLoad} into a checksum. */
interface SeedLoad {

    /** Opens {@code table} for rows of {@code columns}, in that order. */
    TableRows table(String table, String... columns);
}
