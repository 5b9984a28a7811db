package io.santkrupa.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs db/bootstrap/roles.sql: creates the four roles and grants them the database. Needs a
 * connection of a role that may create roles; used for the embedded database and the tests.
 * docker-compose runs the same file from the image's init directory, and on a managed
 * PostgreSQL a DBA runs it with psql (see db/README.md).
 */
public final class RoleBootstrap {

    private static final String SCRIPT = "/db/bootstrap/roles.sql";

    private RoleBootstrap() {
    }

    public static void apply(Connection privileged) throws SQLException {
        try (Statement statement = privileged.createStatement()) {
            // one DO block; a fixed file of the application, never input
            statement.execute(script());
        }
    }

    static String script() {
        try (InputStream in = RoleBootstrap.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
