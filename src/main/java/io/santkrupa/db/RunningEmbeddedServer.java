package io.santkrupa.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An embedded PostgreSQL that is already running on a data directory -- usually {@code serve}'s.
 * A second server cannot start on the same data, so a command that finds one connects to it
 * instead. Found by the server's own {@code postmaster.pid}, whose process must still be alive.
 */
public record RunningEmbeddedServer(long pid, int port) {

    /** The server running on {@code dataDirectory}, if one is. */
    public static Optional<RunningEmbeddedServer> in(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            return parse(Files.readAllLines(pidFile, StandardCharsets.UTF_8)).filter(server -> isPostgres(server.pid()));
        } catch (IOException e) {
            // the server removes the file as it stops: gone between the check and the read
            return Optional.empty();
        }
    }

    /** postmaster.pid as PostgreSQL writes it (pidfile.h): line 1 the postmaster's pid, line 4 its port. */
    static Optional<RunningEmbeddedServer> parse(List<String> lines) {
        if (lines.size() < 4) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(lines.get(0).strip());
            int port = Integer.parseInt(lines.get(3).strip());
            if (pid <= 0 || port <= 0 || port > 65_535) {
                return Optional.empty();
            }
            return Optional.of(new RunningEmbeddedServer(pid, port));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isPostgres(long pid) {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                // a stale file's pid may belong to another program by now; unknown commands are given the benefit
                .filter(process -> process.info().command().map(command -> command.contains("postgres")).orElse(true))
                .isPresent();
    }

    /** The roles' logins on it: the embedded server trusts local connections, like the one that started it. */
    public DatabaseConfig config() {
        return DatabaseConfig.withRoleNames("jdbc:postgresql://127.0.0.1:" + port + "/" + EmbeddedDatabase.DATABASE);
    }
}
