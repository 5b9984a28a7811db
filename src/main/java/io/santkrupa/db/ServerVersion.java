package io.santkrupa.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The oldest PostgreSQL minor releases we run on: older ones have published row-level
 * security bypasses (fixed in 15.14, 16.10, 17.6; every 18.x has the fixes).
 */
public final class ServerVersion {

    private ServerVersion() {
    }

    /** Why this server_version_num is not supported, or empty when it is. */
    public static Optional<String> problem(int versionNum) {
        int major = versionNum / 10000;
        int minor = versionNum % 10000;
        int minimumMinor = switch (major) {
            case 15 -> 14;
            case 16 -> 10;
            case 17 -> 6;
            default -> major >= 18 ? 0 : Integer.MAX_VALUE;
        };
        if (minor >= minimumMinor) {
            return Optional.empty();
        }
        return Optional.of("PostgreSQL " + major + "." + minor + " is not supported: releases before "
                + "15.14, 16.10, 17.6 and 18.0 have known row-level security bypasses; upgrade the server");
    }

    public static int of(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT current_setting('server_version_num')::int")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Refuses to go on with a server whose RLS can be bypassed. */
    public static void requireSupported(Connection connection) throws SQLException {
        problem(of(connection)).ifPresent(message -> {
            throw new IllegalStateException(message);
        });
    }
}
