package io.santkrupa.cli;

import io.santkrupa.db.ReportingLogin;

import java.util.Map;
import java.util.Optional;

/**
 * How the report command gets its DBA login: {@code REPORTING_DATABASE_URL} and its user and
 * password when set, else the embedded development database under {@code --data-dir} (brought up
 * to date as the owner first, then read as its DBA login). Never the application's logins: with
 * only {@code DATABASE_URL} set it refuses. Tests hand in the test database's DBA instead.
 */
@FunctionalInterface
public interface ReportingSource {

    Open open(DatabaseOptions options) throws Exception;

    /** The login to report with, and the embedded database opened for it (closed after), if any. */
    record Open(ReportingLogin login, Optional<DatabaseOptions.OpenDatabase> embedded) implements AutoCloseable {

        @Override
        public void close() {
            embedded.ifPresent(DatabaseOptions.OpenDatabase::close);
        }
    }

    static ReportingSource fromEnvironment() {
        return options -> open(options, System.getenv());
    }

    static Open open(DatabaseOptions options, Map<String, String> given) throws Exception {
        Optional<ReportingLogin> configured;
        Map<String, String> environment;
        try {
            environment = SecretFiles.resolve(given); // REPORTING_DATABASE_PASSWORD_FILE, as every secret
            configured = ReportingLogin.fromEnvironment(environment);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.invalid(null, e.getMessage() + ".");
        }
        if (configured.isPresent()) {
            return new Open(configured.get(), Optional.empty());
        }
        String appDatabase = environment.get("DATABASE_URL");
        if (appDatabase != null && !appDatabase.isBlank()) {
            throw CommandFailure.invalid(null, "DATABASE_URL is set, REPORTING_DATABASE_URL is not: reports never use the "
                    + "application's logins. Set REPORTING_DATABASE_URL, REPORTING_DATABASE_USER and "
                    + "REPORTING_DATABASE_PASSWORD to a DBA's login that is a member of santkrupa_reporting "
                    + "(db/README.md, \"Reports for DBAs\").");
        }
        DatabaseOptions.OpenDatabase embedded = options.open(environment);
        try {
            DatabaseChecks.requireCurrentSchema(embedded);
            return new Open(ReportingLogin.embedded(embedded.config()), Optional.of(embedded));
        } catch (Exception e) {
            embedded.close();
            throw e;
        }
    }
}
