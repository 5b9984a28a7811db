package io.santkrupa.db;

import java.time.Duration;

/**
 * What every pooled session of the application runs under, whatever its role's defaults say: a
 * statement that runs away is cut off, a lock not granted soon is given up, a transaction left
 * open is ended (its connection is then replaced by the pool), and row security is on (with it
 * off, PostgreSQL refuses a query that a policy would filter rather than run it unfiltered).
 *
 * @param statementTimeout        longest a statement may run
 * @param lockTimeout             longest a statement may wait for a lock
 * @param idleInTransactionTimeout longest a transaction may sit open with nothing running
 */
public record SessionLimits(Duration statementTimeout, Duration lockTimeout, Duration idleInTransactionTimeout) {

    /** The request path's limits: generous for a page or an API call, short for anything stuck. */
    public static final SessionLimits DEFAULT = new SessionLimits(Duration.ofSeconds(15), Duration.ofSeconds(5),
            Duration.ofSeconds(60));

    public SessionLimits {
        for (Duration d : new Duration[] {statementTimeout, lockTimeout, idleInTransactionTimeout}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("session limits must be positive durations, not " + d);
            }
        }
    }

    /** The startup packet's options (pgjdbc's {@code options}), built from numbers only. */
    String startupOptions() {
        return "-c statement_timeout=" + statementTimeout.toMillis()
                + " -c lock_timeout=" + lockTimeout.toMillis()
                + " -c idle_in_transaction_session_timeout=" + idleInTransactionTimeout.toMillis()
                + " -c row_security=on";
    }
}
