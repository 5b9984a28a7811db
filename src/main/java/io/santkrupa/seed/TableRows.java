package io.santkrupa.seed;

/**
 * One table's rows as they are written, column by column in the order named when it was opened:
 * a COPY into PostgreSQL ({@link CopyLoad}) or a checksum of the same bytes ({@link DigestLoad}).
 */
public interface TableRows extends AutoCloseable {

    void row(Object... values);

    /** Ends the table's rows; the number written. */
    @Override
    void close();

    long count();
}
