package io.santkrupa.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * Where the database is and how each role logs in. One JDBC URL; one login per role.
 *
 * <p>From the environment: {@code DATABASE_URL} (a {@code jdbc:postgresql://} URL) and, per role,
 * {@code DATABASE_OWNER_PASSWORD}, {@code DATABASE_APP_PASSWORD}, {@code DATABASE_PLATFORM_PASSWORD}
 * (user names default to the role names and can be overridden with {@code DATABASE_*_USER}).
 */
public record DatabaseConfig(String jdbcUrl, Credentials owner, Credentials app, Credentials platform) {

    public static Optional<DatabaseConfig> fromEnvironment(Map<String, String> env) {
        String url = env.get("DATABASE_URL");
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("DATABASE_URL must be a jdbc:postgresql:// URL");
        }
        return Optional.of(new DatabaseConfig(url,
                credentials(env, "OWNER", DatabaseRoles.OWNER),
                credentials(env, "APP", DatabaseRoles.APP),
                credentials(env, "PLATFORM", DatabaseRoles.PLATFORM)));
    }

    /** The roles' default logins on a server with trust authentication (the embedded default). */
    public static DatabaseConfig withRoleNames(String jdbcUrl) {
        return new DatabaseConfig(jdbcUrl,
                new Credentials(DatabaseRoles.OWNER, ""),
                new Credentials(DatabaseRoles.APP, ""),
                new Credentials(DatabaseRoles.PLATFORM, ""));
    }

    /** A connection as the owner role: migrations, and reading the catalog for the RLS report. */
    public Connection connectAsOwner() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, owner.user(), owner.password());
    }

    private static Credentials credentials(Map<String, String> env, String role, String defaultUser) {
        return new Credentials(
                env.getOrDefault("DATABASE_" + role + "_USER", defaultUser),
                env.getOrDefault("DATABASE_" + role + "_PASSWORD", ""));
    }
}
