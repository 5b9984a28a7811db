package io.santkrupa.seed;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.LongConsumer;

/**
 * Tables streamed into PostgreSQL with {@code COPY ... FROM STDIN} (pgjdbc's {@link CopyManager}),
 * one table after the other on one connection, in the caller's transaction: every constraint,
 * foreign key and index is checked and maintained as the rows arrive.
 */
final class CopyLoad implements SeedLoad {

    private final CopyManager copy;
    private final LongConsumer progress;

    CopyLoad(Connection connection, LongConsumer progress) throws SQLException {
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
            void send(byte[] bytes, int length) {
                try {
                    in.writeToCopy(bytes, 0, length);
                } catch (SQLException e) {
                    cancel(in);
                    throw new SeedFailure("COPY into " + table + " failed", e);
                }
            }

            @Override
            void finish() {
                try {
                    in.endCopy();
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
