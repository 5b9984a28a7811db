package io.santkrupa.cli;

import io.santkrupa.db.EmbeddedDatabase;
import io.santkrupa.db.RunningEmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command finds the embedded PostgreSQL that serve is running on the same data directory and
 * uses it, instead of failing to start a second server there; a real server (DATABASE_URL) is
 * never migrated by a platform command, only refused while migrations are pending.
 */
class DatabaseOptionsTest {

    @Test
    void a_command_connects_to_the_embedded_server_already_running_on_its_data_directory(@TempDir Path dataDir)
            throws Exception {
        try (EmbeddedDatabase running = EmbeddedDatabase.start(dataDir.resolve("postgres"), true)) {
            assertThat(RunningEmbeddedServer.in(dataDir.resolve("postgres")))
                    .hasValueSatisfying(server -> assertThat(server.config().jdbcUrl()).isEqualTo(running.jdbcUrl()));

            // bootstrapped but not migrated: as a real server, it is refused, and left alone
            var asServer = CommandRunner.over(options -> DatabaseOptions.OpenDatabase.server(running.config()))
                    .run("list-clinics");
            assertThat(asServer.exitCode()).as(asServer.toString()).isEqualTo(1);
            assertThat(asServer.err()).contains("migration(s)", "run migrate first");

            DatabaseOptions options = options(dataDir);
            try (DatabaseOptions.OpenDatabase db = options.open(Map.of())) {
                assertThat(db.where()).isEqualTo(DatabaseOptions.Where.EMBEDDED_ALREADY_RUNNING);
                assertThat(db.config().jdbcUrl()).isEqualTo(running.jdbcUrl());
                assertThat(db.startedHere()).isEmpty();
            }

            // the development database is migrated first, then used; the server keeps running afterwards
            var run = CommandRunner.over(opts -> opts.open(Map.of()))
                    .run("list-clinics", "--json", "--data-dir", dataDir.toString());
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.err()).contains("already running", "Applied");
            assertThat(run.json().get("clinics")).isEmpty();
            try (Connection owner = running.config().connectAsOwner()) {
                assertThat(owner.isValid(2)).isTrue();
            }
        }
    }

    @Test
    void a_stale_pid_file_is_not_a_running_server(@TempDir Path dataDir) throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        Files.write(dataDir.resolve("postmaster.pid"), List.of(String.valueOf(finished.pid()), dataDir.toString(),
                "1700000000", "54321", "/tmp", "127.0.0.1", "0", "ready"));

        assertThat(RunningEmbeddedServer.in(dataDir)).isEmpty();
        assertThat(RunningEmbeddedServer.in(dataDir.resolve("nowhere"))).isEmpty();
    }

    @Test
    void a_live_process_that_is_not_postgres_is_not_a_running_server(@TempDir Path dataDir) throws Exception {
        // this JVM is alive but is no postmaster: the pid of a stale file may have been reused like this
        Files.write(dataDir.resolve("postmaster.pid"), List.of(String.valueOf(ProcessHandle.current().pid()),
                dataDir.toString(), "1700000000", "54321"));

        assertThat(RunningEmbeddedServer.in(dataDir)).isEmpty();
    }

    private static DatabaseOptions options(Path dataDir) {
        DatabaseOptions options = new DatabaseOptions();
        new CommandLine(options).parseArgs("--data-dir", dataDir.toString());
        return options;
    }
}
