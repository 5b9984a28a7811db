package io.santkrupa.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;

/**
 * The login the {@code seed} command streams its COPY with. PostgreSQL refuses {@code COPY FROM}
 * into a table whose row-level security applies to the current role ("COPY FROM not supported
 * with row-level security"), and every table here has RLS forced -- on the owner too. So COPY
 * needs a role RLS does not apply to: a superuser or a {@code BYPASSRLS} role. The embedded
 * development database has its superuser; on a real server a DBA names one in
 * {@code SEED_DATABASE_USER} / {@code SEED_DATABASE_PASSWORD}. Policies, constraints, foreign keys
 * and triggers all stay in force; the application's roles never get this login.
 */
public record BulkLoadLogin(String jdbcUrl, Credentials login) {

    /** The embedded server's superuser (io.zonky's, trusted on 127.0.0.1). */
    public static BulkLoadLogin embeddedSuperuser(String jdbcUrl) {
        return new BulkLoadLogin(jdbcUrl, new Credentials("postgres", ""));
    }

    public static Optional<BulkLoadLogin> fromEnvironment(String jdbcUrl, Map<String, String> env) {
        return fromEnvironment(jdbcUrl, env, "SEED");
    }

    /** The login named in {@code <prefix>_DATABASE_USER} / {@code <prefix>_DATABASE_PASSWORD}, if set. */
    public static Optional<BulkLoadLogin> fromEnvironment(String jdbcUrl, Map<String, String> env, String prefix) {
        String user = env.get(prefix + "_DATABASE_USER");
        if (user == null || user.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new BulkLoadLogin(jdbcUrl,
                new Credentials(user, env.getOrDefault(prefix + "_DATABASE_PASSWORD", ""))));
    }

    /** A connection as the login, refused unless RLS does not apply to it (so COPY can work). */
    public Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection(jdbcUrl, login.user(), login.password());
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")) {
            if (!rs.next() || !rs.getBoolean(1)) {
                connection.close();
                throw new SQLException("the role " + login.user() + " is subject to row-level security: COPY into the"
                        + " clinics' tables needs a superuser or a BYPASSRLS role");
            }
        }
        return connection;
    }
}
