package io.santkrupa.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Whether a failure means the database could not be reached or dropped the connection, rather
 * than that the request was wrong or the code is: then the answer is 503 with a Retry-After, not
 * 500, and nothing was acknowledged. The pool gives up on a connection after
 * {@link Pools#CONNECTION_TIMEOUT}, so a request during an outage is answered in seconds.
 */
public final class DatabaseUnavailable {

    /**
     * SQLSTATEs of a lost or refused connection: class 08 (connection exception), 57P01-57P03
     * (the server shutting down, a backend terminated by an administrator, the server starting),
     * 53300 (too many connections).
     */
    private static final Set<String> STATES = Set.of("57P01", "57P02", "57P03", "53300");

    private DatabaseUnavailable() {
    }

    public static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || STATES.contains(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
