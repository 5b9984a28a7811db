package io.santkrupa.db;

import java.sql.SQLException;
import java.util.Set;

/**
 * Whether a failure is one of the session's limits ({@link SessionLimits}) cutting a statement
 * off: it ran longer than {@code statement_timeout} (57014), waited longer than
 * {@code lock_timeout} for a lock (55P03), or its transaction sat idle too long (25P03). The
 * transaction was rolled back, so nothing was written and a retry is safe; the connection goes
 * back to the pool clean (or, after 25P03, is replaced).
 */
public final class DatabaseTimeout {

    private static final Set<String> STATES = Set.of("57014", "55P03", "25P03");

    private DatabaseTimeout() {
    }

    public static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && STATES.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** The SQLSTATE that cut the statement off, for the log. */
    public static String state(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && STATES.contains(sql.getSQLState())) {
                return sql.getSQLState();
            }
        }
        return "";
    }
}
