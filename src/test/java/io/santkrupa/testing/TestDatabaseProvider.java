package io.santkrupa.testing;

import io.santkrupa.db.Credentials;
import io.santkrupa.db.EmbeddedDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Chooses the test database: {@code TEST_DATABASE_URL} when set (a superuser or role-creating
 * login in {@code TEST_DATABASE_USER} / {@code TEST_DATABASE_PASSWORD}), else a Testcontainers
 * PostgreSQL when a Docker engine answers quickly, else the embedded PostgreSQL.
 */
final class TestDatabaseProvider {

    private static final Logger LOG = LoggerFactory.getLogger(TestDatabaseProvider.class);
    /** The PostgreSQL image for Testcontainers: pinned, and a release with the RLS fixes. */
    static final String POSTGRES_IMAGE = "postgres:18.6";

    private TestDatabaseProvider() {
    }

    static TestDatabase start() throws Exception {
        String url = System.getenv("TEST_DATABASE_URL");
        if (url != null && !url.isBlank()) {
            LOG.info("Test database: TEST_DATABASE_URL");
            return new TestDatabase("external", url,
                    new Credentials(env("TEST_DATABASE_USER", "postgres"), env("TEST_DATABASE_PASSWORD", "")),
                    () -> { });
        }
        if (dockerAvailable()) {
            LOG.info("Test database: Testcontainers ({})", POSTGRES_IMAGE);
            return ContainerDatabase.start(POSTGRES_IMAGE);
        }
        LOG.info("Test database: embedded PostgreSQL (no TEST_DATABASE_URL, no Docker engine)");
        Path dataDir = Files.createTempDirectory("santkrupa-test-db");
        EmbeddedDatabase embedded = EmbeddedDatabase.start(dataDir, true);
        stopWithThisJvm(dataDir);
        return new TestDatabase("embedded", embedded.jdbcUrl(), new Credentials("postgres", ""), embedded);
    }

    /**
     * Stops the embedded server once this JVM is gone, however it ends: PIT's minions are halted
     * or killed without running shutdown hooks, and each left its PostgreSQL running. A small
     * shell loop outlives the JVM for that; after a normal close it finds nothing left to stop.
     */
    private static void stopWithThisJvm(Path dataDir) {
        if (!Files.isExecutable(Path.of("/bin/sh"))) {
            return;
        }
        String dir = dataDir.toAbsolutePath().toString();
        if (dir.contains("'")) {
            return;
        }
        String script = "while kill -0 " + ProcessHandle.current().pid() + " 2>/dev/null; do sleep 2; done; "
                + "if [ -f '" + dir + "/postmaster.pid' ]; then kill -INT \"$(head -n 1 '" + dir + "/postmaster.pid')\"; "
                + "sleep 5; fi; rm -rf '" + dir + "'";
        try {
            new ProcessBuilder("/bin/sh", "-c", script)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            LOG.warn("Nothing will stop the embedded PostgreSQL in {} if this JVM is halted: {}", dir, e.toString());
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /**
     * Is a Docker engine reachable? Without any sign of one (no DOCKER_HOST, no socket, no
     * Testcontainers configuration) the answer is no at once; otherwise Testcontainers gets a
     * few seconds to find it, so a dead socket cannot hang the build.
     */
    static boolean dockerAvailable() {
        Path home = Path.of(System.getProperty("user.home"));
        boolean hint = System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(home.resolve(".docker/run/docker.sock"))
                || Files.exists(home.resolve(".testcontainers.properties"));
        if (!hint) {
            return false;
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "docker-probe");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Future<Boolean> probe = executor.submit(ContainerDatabase::dockerReachable);
            return probe.get(10, TimeUnit.SECONDS);
        } catch (Exception | LinkageError e) {
            LOG.info("No usable Docker engine ({}); using the embedded PostgreSQL", e.toString());
            return false;
        } finally {
            executor.shutdownNow();
        }
    }
}
