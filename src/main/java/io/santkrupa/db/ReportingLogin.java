package io.santkrupa.db;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A DBA's login for the cross-clinic reports: a login that is a member of the reporting role,
 * never one of the application's roles. From {@code REPORTING_DATABASE_URL},
 * {@code REPORTING_DATABASE_USER} and {@code REPORTING_DATABASE_PASSWORD}; on the embedded
 * development database, {@link #EMBEDDED_DBA}, which {@link EmbeddedDatabase} creates.
 */
public record ReportingLogin(String jdbcUrl, Credentials login) {

    /** The embedded database's DBA: a login whose only privilege is membership of the reporting role. */
    public static final String EMBEDDED_DBA = "santkrupa_dba";

    private static final Set<String> APPLICATION_ROLES = Set.of(DatabaseRoles.OWNER, DatabaseRoles.APP, DatabaseRoles.PLATFORM);

    public ReportingLogin {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("REPORTING_DATABASE_URL must be a jdbc:postgresql:// URL");
        }
        if (login.user() == null || login.user().isBlank()) {
            throw new IllegalArgumentException("REPORTING_DATABASE_USER must name the DBA's login (a member of "
                    + DatabaseRoles.REPORTING + ")");
        }
        if (APPLICATION_ROLES.contains(login.user()) || login.user().equals(DatabaseRoles.REPORTING)) {
            throw new IllegalArgumentException("REPORTING_DATABASE_USER is " + login.user() + ": reports connect as a DBA's "
                    + "own login that is a member of " + DatabaseRoles.REPORTING + ", never as the application's roles");
        }
    }

    /** The login the environment names, if {@code REPORTING_DATABASE_URL} is set. */
    public static Optional<ReportingLogin> fromEnvironment(Map<String, String> env) {
        String url = env.get("REPORTING_DATABASE_URL");
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new ReportingLogin(url.strip(), new Credentials(
                env.getOrDefault("REPORTING_DATABASE_USER", "").strip(),
                env.getOrDefault("REPORTING_DATABASE_PASSWORD", ""))));
    }

    /** The embedded development database's DBA (trust authentication: no password). */
    public static ReportingLogin embedded(DatabaseConfig embedded) {
        return new ReportingLogin(embedded.jdbcUrl(), new Credentials(EMBEDDED_DBA, ""));
    }
}
