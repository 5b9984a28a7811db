package io.santkrupa.seed;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of everything a seed would COPY, table names and columns included: the same
 * arguments must give the same checksum, which is how determinism is tested without a database.
 */
final class DigestLoad implements SeedLoad {

    private final MessageDigest digest;
    private long rows;
    private final java.util.Map<String, Long> rowsPerTable = new java.util.LinkedHashMap<>();

    DigestLoad() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public TableRows table(String table, String... columns) {
        digest.update((table + "(" + String.join(",", columns) + ")\n").getBytes(StandardCharsets.UTF_8));
        return new CopyTextRows(columns.length, n -> rows += n) {
            @Override
            protected void send(byte[] bytes, int length) {
                digest.update(bytes, 0, length);
            }

            @Override
            protected void finish() {
                rowsPerTable.merge(table, count(), Long::sum);
            }
        };
    }

    long rows() {
        return rows;
    }

    /** Rows per table, in the order the tables were written. */
    java.util.Map<String, Long> rowsPerTable() {
        return rowsPerTable;
    }

    String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
