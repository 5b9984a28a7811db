package io.santkrupa.seed;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.LongConsumer;

/**
 * Tables streamed into PostgreSQL with {@code COPY ... FROM STDIN} (pgjdbc's {@link CopyManager}),
 * one table after the other on one connection, in the caller's transaction: every constraint,
 * foreign key and index is checked and maintained as the rows arrive.
 *
 * <p>With {@code analyze}, each table is analysed as soon as its rows are in (ANALYZE sees the
 * transaction's own rows): the foreign-key checks of the next table are planned then, and on a
 * table that never had statistics the planner may take another index leading with
 * {@code clinic_id} and filter the key -- reading the whole clinic for every row (measured: a
 * 30,000-patient clinic's lab results took minutes). ANALYZE's lock is held to the end of the
 * transaction, so two clinics loading at once wait for each other's tables: slower, but the
 * statistics of the other clinics alone planned a large clinic's checks badly too.
 */
final class CopyLoad implements SeedLoad {

    private final Connection connection;
    private final CopyManager copy;
    private final LongConsumer progress;
    private final boolean analyze;

    CopyLoad(Connection connection, LongConsumer progress, boolean analyze) throws SQLException {
        this.connection = connection;
        this.analyze = analyze;
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
        this.progress = progress;
    }

    @Override
    public TableRows table(String table, String... columns) {
        CopyIn in;
        try {
            in = copy.copyIn("COPY santkrupa." + table + " (" + String.join(", ", columns) + ") FROM STDIN");
        } catch (SQLException e) {
            throw new SeedFailure("could not start COPY into " + table, e);
        }
        return new CopyTextRows(columns.length, progress) {
            @Override
            protected void send(byte[] bytes, int length) {
                try {
                    in.writeToCopy(bytes, 0, length);
                } catch (SQLException e) {
                    cancel(in);
                    throw new SeedFailure("COPY into " + table + " failed", e);
                }
            }

            @Override
            protected void finish() {
                try {
                    in.endCopy();
                    if (analyze) {
                        try (Statement statement = connection.createStatement()) {
                            statement.execute("ANALYZE santkrupa." + table);
                        }
                    }
                } catch (SQLException e) {
                    throw new SeedFailure("COPY into " + table + " failed", e);
                }
            }
        };
    }

    private static void cancel(CopyIn in) {
        try {
            if (in.isActive()) {
                in.cancelCopy();
            }
        } catch (SQLException ignored) {
            // the COPY's own error is the one to report
        }
    }
}
