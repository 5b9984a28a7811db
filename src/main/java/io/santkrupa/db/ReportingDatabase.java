package io.santkrupa.db;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;

/**
 * One read-only connection of a DBA's reporting login, for the report command: checked to be a
 * member of the reporting role and nothing more (no superuser, no BYPASSRLS, none of the
 * application's roles), so every report goes through the reporting role's policies and grants.
 */
public final class ReportingDatabase implements AutoCloseable {

    /** A DBA's report may scan every clinic: longer than a request, still bounded. */
    static final SessionLimits REPORT_LIMITS = new SessionLimits(Duration.ofMinutes(10), Duration.ofSeconds(5),
            Duration.ofSeconds(60));

    private final Connection connection;

    private ReportingDatabase(Connection connection) {
        this.connection = connection;
    }

    /** Connects and checks the login; throws {@link ReportingLoginRefused} for a login that is not a DBA's. */
    public static ReportingDatabase open(ReportingLogin login) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", login.login().user());
        properties.setProperty("password", login.login().password());
        properties.setProperty("ApplicationName", "santkrupa-report");
        properties.setProperty("options", REPORT_LIMITS.startupOptions());
        Connection connection = DriverManager.getConnection(login.jdbcUrl(), properties);
        try {
            refuseAnythingButReporting(connection);
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            return new ReportingDatabase(connection);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private static void refuseAnythingButReporting(Connection connection) throws SQLException {
        try (PreparedStatement check = connection.prepareStatement("""
                SELECT r.rolname, r.rolsuper, r.rolbypassrls,
                       pg_catalog.pg_has_role(r.oid, ?, 'MEMBER'),
                       pg_catalog.pg_has_role(r.oid, ?, 'MEMBER'),
                       pg_catalog.pg_has_role(r.oid, ?, 'MEMBER'),
                       pg_catalog.pg_has_role(r.oid, ?, 'MEMBER')
                  FROM pg_catalog.pg_roles r
                 WHERE r.rolname = current_user
                """)) {
            check.setString(1, DatabaseRoles.REPORTING);
            check.setString(2, DatabaseRoles.OWNER);
            check.setString(3, DatabaseRoles.APP);
            check.setString(4, DatabaseRoles.PLATFORM);
            try (ResultSet rs = check.executeQuery()) {
                rs.next();
                List<String> problems = new ArrayList<>();
                if (rs.getBoolean(2)) problems.add("is a superuser (it ignores row-level security)");
                if (rs.getBoolean(3)) problems.add("bypasses row-level security");
                if (!rs.getBoolean(4)) problems.add("is not a member of " + DatabaseRoles.REPORTING);
                if (rs.getBoolean(5) || rs.getBoolean(6) || rs.getBoolean(7)) {
                    problems.add("is, or is a member of, one of the application's roles");
                }
                if (!problems.isEmpty()) {
                    throw new ReportingLoginRefused("The login " + rs.getString(1) + " " + String.join(", ", problems)
                            + ": reports run as a DBA's login whose only privilege is membership of "
                            + DatabaseRoles.REPORTING + " (db/README.md, \"Reports for DBAs\").");
                }
            }
        }
    }

    /** {@code work} in one read-only transaction, rolled back after (it has nothing to keep). */
    public <T> T read(Function<DSLContext, T> work) throws SQLException {
        try {
            return work.apply(DSL.using(connection, SQLDialect.POSTGRES));
        } finally {
            connection.rollback();
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    /** The login given for reports is not a plain member of the reporting role. */
    public static final class ReportingLoginRefused extends RuntimeException {
        ReportingLoginRefused(String message) {
            super(message);
        }
    }
}
