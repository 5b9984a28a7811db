package io.santkrupa.cli;

import io.santkrupa.db.DatabaseConfig;
import io.santkrupa.db.DatabaseRoles;
import io.santkrupa.web.auth.SigningKey;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * What {@code serve --production} refuses before it starts anything: the demo clinics, the embedded
 * database, a missing, default, short or shared secret, and a database that lets a role in without
 * its password. Each refusal names the variable to set; no message ever carries a secret's value.
 */
final class ProductionChecks {

    static final String ENVIRONMENT = "SANTKRUPA_ENV";
    static final int MIN_PASSWORD_LENGTH = 16;
    /**
     * Passwords that have been in this repository's examples and defaults, and the usual guesses:
     * anyone can read them, so production refuses them whatever their length.
     */
    private static final Set<String> PUBLISHED_PASSWORDS = Set.of("change-me", "change-me-owner", "change-me-app",
            "change-me-platform", "changeme", "postgres", "password", "santkrupa", "secret", "admin");
    /** The login roles, by the name their variables carry. */
    private static final Map<String, String> ROLES = roles();

    private ProductionChecks() {
    }

    /**
     * Whether {@code SANTKRUPA_ENV} asks for production: {@code production}, or {@code development}
     * (or unset) for not. Anything else is refused rather than read as development.
     */
    static boolean productionByEnvironment(Map<String, String> environment) {
        String value = environment.getOrDefault(ENVIRONMENT, "").strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "production" -> true;
            case "", "development" -> false;
            default -> throw new IllegalArgumentException(ENVIRONMENT + " must be production or development, not '"
                    + environment.get(ENVIRONMENT).strip() + "'.");
        };
    }

    /** The refusals the configuration alone gives (no connection is made); empty when it may start. */
    static List<String> configurationRefusals(Map<String, String> environment, boolean demo) {
        List<String> refusals = new ArrayList<>();
        if (demo) {
            refusals.add("--demo is refused in production: it loads demo clinics whose passwords are published.");
        }
        String url = environment.get("DATABASE_URL");
        if (url == null || url.isBlank()) {
            refusals.add("DATABASE_URL is not set: production runs on a PostgreSQL server of its own; the embedded"
                    + " database (--data-dir) is for development only.");
        } else {
            String parameters = url.contains("?") ? url.substring(url.indexOf('?') + 1).toLowerCase(Locale.ROOT) : "";
            for (String parameter : parameters.split("&")) {
                if (parameter.startsWith("password=")) {
                    refusals.add("DATABASE_URL carries a password: the URL is printed at start and seen in process"
                            + " lists; give each role's password in DATABASE_<ROLE>_PASSWORD or DATABASE_<ROLE>_PASSWORD_FILE.");
                } else if (parameter.startsWith("user=")) {
                    refusals.add("DATABASE_URL names a user: it would log every pool in as that one user; each role"
                            + " logs in as its own (DATABASE_<ROLE>_USER, the role's name by default).");
                }
            }
        }
        Map<String, String> seen = new LinkedHashMap<>();
        ROLES.forEach((variable, role) -> {
            String password = environment.get(variable);
            if (password == null || password.isEmpty()) {
                refusals.add("%s is not set (nor %s_FILE): in production every role (%s here) logs in with a password of its own."
                        .formatted(variable, variable, role));
            } else if (PUBLISHED_PASSWORDS.contains(password.strip().toLowerCase(Locale.ROOT))) {
                refusals.add(variable + " is a published default or example password: set a generated one"
                        + " (e.g. openssl rand -base64 32).");
            } else if (password.length() < MIN_PASSWORD_LENGTH) {
                refusals.add(variable + " is shorter than " + MIN_PASSWORD_LENGTH + " characters: set a generated one"
                        + " (e.g. openssl rand -base64 32).");
            } else if (seen.containsKey(password)) {
                refusals.add(variable + " is the same as " + seen.get(password) + ": each role needs its own password.");
            } else {
                seen.put(password, variable);
            }
        });
        String key = environment.get(SigningKey.ENV);
        if (key == null || key.isBlank()) {
            refusals.add(("%s is not set (nor %s_FILE): production never generates the access tokens' key into the data"
                    + " directory; set base64 of at least 32 random bytes, the same on every instance"
                    + " (e.g. openssl rand -base64 48).").formatted(SigningKey.ENV, SigningKey.ENV));
        } else {
            try {
                SigningKey.requireStrong(key, SigningKey.ENV);
            } catch (IllegalArgumentException e) {
                refusals.add(e.getMessage() + ".");
            }
        }
        return refusals;
    }

    /**
     * The refusals of the server itself: each login role is tried without a password, and one the
     * server lets in means trust (or an equivalent) authentication in its pg_hba.conf. The server
     * asking for a password is the answer wanted; nothing is sent but the user name.
     */
    static List<String> authenticationRefusals(DatabaseConfig config) {
        List<String> refusals = new ArrayList<>();
        for (String user : List.of(config.owner().user(), config.app().user(), config.platform().user())) {
            Properties login = new Properties();
            login.setProperty("user", user);
            login.setProperty("connectTimeout", "10");
            try (Connection ignored = DriverManager.getConnection(config.jdbcUrl(), login)) {
                refusals.add("The database at DATABASE_URL let " + user + " log in without a password (trust"
                        + " authentication in pg_hba.conf): production needs password authentication"
                        + " (scram-sha-256) for every role.");
            } catch (SQLException e) {
                String state = e.getSQLState() == null ? "" : e.getSQLState();
                // 28xxx: the password (or the login) refused; 08004: the driver had none to give when asked
                if (!state.startsWith("28") && !state.equals("08004")) {
                    refusals.add("The database at DATABASE_URL could not be reached to check how " + user
                            + " logs in: " + e.getMessage());
                    break;
                }
            }
        }
        return refusals;
    }

    private static Map<String, String> roles() {
        Map<String, String> roles = new LinkedHashMap<>();
        roles.put("DATABASE_OWNER_PASSWORD", DatabaseRoles.OWNER);
        roles.put("DATABASE_APP_PASSWORD", DatabaseRoles.APP);
        roles.put("DATABASE_PLATFORM_PASSWORD", DatabaseRoles.PLATFORM);
        return roles;
    }
}
