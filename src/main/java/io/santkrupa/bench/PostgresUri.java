package io.santkrupa.bench;

import io.santkrupa.db.Credentials;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A superuser's {@code postgresql://user:password@host:port/database} address, as libpq (psql,
 * pgbench) takes it; the same server's other databases are reached by name.
 */
record PostgresUri(String host, int port, String user, String password, String database) {

    static PostgresUri parse(String text) {
        URI uri = URI.create(text.strip());
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new IllegalArgumentException("not a postgresql:// address: " + text);
        }
        String user = "postgres";
        String password = "";
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : "";
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        return new PostgresUri(uri.getHost() == null ? "127.0.0.1" : uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(),
                user, password, path.isEmpty() ? "postgres" : path);
    }

    /** For libpq, without the password (given as PGPASSWORD instead, so it shows in no process list). */
    String libpq(String otherDatabase) {
        return "postgresql://" + encode(user) + "@" + host + ":" + port + "/" + otherDatabase;
    }

    Credentials credentials() {
        return new Credentials(user, password);
    }

    @Override
    public String toString() {
        return "postgresql://" + user + (password.isEmpty() ? "" : ":***") + "@" + host + ":" + port + "/" + database;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
