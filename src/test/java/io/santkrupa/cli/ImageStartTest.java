package io.santkrupa.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.db.RoleBootstrap;
import io.santkrupa.web.Json;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container image's start, run here without a Docker engine: the Dockerfile's own ENTRYPOINT,
 * CMD and ENV (read from the file, so the two cannot drift), on this build's classpath instead of
 * /app/lib (or on the image's jars, laid out by its build stage's Maven command, with
 * -Dsantkrupa.image.lib=DIR), as a process of its own, against a PostgreSQL that asks every role for its password
 * (scram-sha-256), its roles bootstrapped by db/bootstrap/roles.sql with passwords, the secrets
 * given as Docker-secret files. It must migrate, become ready, pass the image's HEALTHCHECK
 * command, serve /metrics on the management port only, log JSON, and stop on SIGTERM.
 */
class ImageStartTest {

    private static final Path DOCKERFILE = Path.of("Dockerfile");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path temp;

    /** The final stage of the Dockerfile: what the image is and how it starts. */
    record Image(List<String> from, List<String> finalStage, Map<String, String> env, List<String> entrypoint,
                 List<String> cmd, List<String> healthcheck) {

        static Image read() throws IOException {
            List<String> lines = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : Files.readAllLines(DOCKERFILE)) {
                if (line.isBlank() || line.strip().startsWith("#")) {
                    continue;
                }
                if (line.endsWith("\\")) {
                    current.append(line, 0, line.length() - 1).append(' ');
                } else {
                    lines.add(current.append(line).toString().strip().replaceAll("\\s+", " "));
                    current.setLength(0);
                }
            }
            List<String> from = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
            List<String> last = lines.subList(lines.indexOf(from.getLast()), lines.size());
            Map<String, String> env = new LinkedHashMap<>();
            List<String> entrypoint = List.of();
            List<String> cmd = List.of();
            List<String> healthcheck = List.of();
            for (String line : last) {
                if (line.startsWith("ENV ")) {
                    for (String pair : line.substring(4).split(" ")) {
                        env.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
                    }
                } else if (line.startsWith("ENTRYPOINT ")) {
                    entrypoint = array(line.substring("ENTRYPOINT ".length()));
                } else if (line.startsWith("CMD ")) {
                    cmd = array(line.substring("CMD ".length()));
                } else if (line.startsWith("HEALTHCHECK ")) {
                    healthcheck = array(line.substring(line.indexOf(" CMD ") + " CMD ".length()));
                }
            }
            return new Image(from, last, env, entrypoint, cmd, healthcheck);
        }

        private static List<String> array(String json) {
            try {
                List<String> items = new ArrayList<>();
                Json.MAPPER.readTree(json).forEach(n -> items.add(n.asText()));
                return items;
            } catch (IOException e) {
                throw new AssertionError("not a JSON array: " + json, e);
            }
        }
    }

    @Test
    void the_image_builds_in_two_stages_and_runs_as_a_user_on_a_jre_without_source() throws IOException {
        Image image = Image.read();
        assertThat(image.from()).hasSize(2);
        assertThat(image.from().getFirst()).contains(" AS build").contains("maven:3.");
        assertThat(image.from().getLast()).matches("FROM eclipse-temurin:21\\.[0-9.]+_[0-9]+-jre-\\w+");
        assertThat(image.from()).noneMatch(f -> f.contains(":latest") || !f.matches("FROM [^ ]+:[^ ]*\\d[^ ]*( AS build)?"));
        assertThat(image.finalStage()).filteredOn(l -> l.startsWith("COPY ") || l.startsWith("ADD "))
                .as("only the built jars, from the build stage").containsExactly("COPY --from=build /build/target/lib/ /app/lib/");
        assertThat(image.finalStage()).filteredOn(l -> l.startsWith("USER ")).singleElement()
                .satisfies(user -> assertThat(user).doesNotContain("root").isNotEqualTo("USER 0").matches("USER [1-9]\\d*:[1-9]\\d*"));
        assertThat(image.env()).containsEntry("SANTKRUPA_ENV", "production");
        assertThat(image.entrypoint()).contains("io.santkrupa.Main", "/app/lib/*");
        assertThat(image.cmd()).containsExactly("serve");
        assertThat(image.healthcheck()).isNotEmpty();
    }

    @Test
    void the_image_start_command_serves_against_a_password_protected_database_and_stops_on_sigterm() throws Exception {
        Map<String, String> secrets = Map.of(
                "DATABASE_OWNER_PASSWORD", secret(24), "DATABASE_APP_PASSWORD", secret(24),
                "DATABASE_PLATFORM_PASSWORD", secret(24), "JWT_SIGNING_KEY", secret(48));
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(temp.resolve("pg"))
                .setCleanDataDirectory(true).setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "127.0.0.1").start()) {
            String url = bootstrapWithPasswords(postgres, secrets);
            Image image = Image.read();
            int port = freePort();
            int metricsPort = freePort();
            Path workDir = Files.createDirectories(temp.resolve("app"));

            Map<String, String> env = new HashMap<>(image.env());
            env.put("PATH", System.getenv("PATH"));
            env.put("DATABASE_URL", url);
            for (var secret : secrets.entrySet()) {
                Path file = temp.resolve(secret.getKey().toLowerCase());
                Files.writeString(file, secret.getValue() + "\n");
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                env.put(secret.getKey() + "_FILE", file.toString());
            }
            env.put("PORT", String.valueOf(port));
            env.put("BIND_ADDRESS", "127.0.0.1"); // the image listens on every address of its container; here, loopback only
            env.put("METRICS_PORT", String.valueOf(metricsPort));

            List<String> command = new ArrayList<>();
            for (String part : image.entrypoint()) {
                command.add(switch (part) {
                    case "java" -> Path.of(System.getProperty("java.home"), "bin", "java").toString();
                    // -Dsantkrupa.image.lib=DIR: the jars as the image's build stage lays them out (README)
                    case "/app/lib/*" -> System.getProperty("santkrupa.image.lib") == null
                            ? System.getProperty("java.class.path") : System.getProperty("santkrupa.image.lib") + "/*";
                    default -> part;
                });
            }
            command.addAll(image.cmd());
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectOutput(temp.resolve("stdout").toFile()).redirectError(temp.resolve("stderr").toFile());
            builder.environment().clear();
            builder.environment().putAll(env);
            Process server = builder.start();
            try {
                awaitReady(server, port);
                assertThat(healthcheck(image, port)).as("the image's HEALTHCHECK, ready").isZero();
                assertThat(healthcheck(image, freePort())).as("the image's HEALTHCHECK, nothing there").isNotZero();

                assertThat(get("http://127.0.0.1:" + port + "/metrics").statusCode()).isEqualTo(404);
                HttpResponse<String> metrics = get("http://127.0.0.1:" + metricsPort + "/metrics");
                assertThat(metrics.statusCode()).isEqualTo(200);
                assertThat(metrics.body()).contains("hikaricp_connections_active{pool=\"santkrupa-app\"}",
                        "hikaricp_connections_active{pool=\"santkrupa-platform\"}", "jetty_threads_busy",
                        "jvm_memory_used_bytes", "route=\"/health/ready\",status=\"200\"",
                        "santkrupa_sign_in_failures_total", "santkrupa_api_rate_limit_rejections_total");
            } finally {
                server.destroy(); // SIGTERM, as docker stop sends
                if (!server.waitFor(60, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            }
            String out = Files.readString(temp.resolve("stdout"));
            String err = Files.readString(temp.resolve("stderr"));
            assertThat(server.exitValue()).as(out + err).isEqualTo(128 + 15);
            assertThat(out).contains("Schema at version", "RLS linter: no findings", "Santkrupa is running at");
            List<JsonNode> logs = new ArrayList<>();
            // logback.xml writes the log on standard error; on the test classpath logback-test.xml comes first
            // and writes it on standard output, so both are read
            for (String line : (out + "\n" + err).split("\n")) {
                if (line.startsWith("{")) {
                    logs.add(Json.MAPPER.readTree(line));
                }
            }
            assertThat(logs).as("LOG_FORMAT=json: one object per line").isNotEmpty()
                    .anySatisfy(l -> assertThat(l.path("formattedMessage").asText()).contains("GET /health/ready status=200"))
                    .anySatisfy(l -> assertThat(l.path("formattedMessage").asText()).startsWith("Stopping: finishing the requests"));
            for (String value : secrets.values()) {
                assertThat(out + err).as("no secret in the output").doesNotContain(value);
            }
            try (var written = Files.list(workDir)) {
                assertThat(written).as("nothing written to the working directory (no ./data)").isEmpty();
            }
        }
    }

    /**
     * The roles as docker-compose bootstraps them (roles.sql, passwords from custom settings), then
     * pg_hba.conf as a production server has it: every role but the test's superuser must give its password.
     */
    private static String bootstrapWithPasswords(EmbeddedPostgres postgres, Map<String, String> secrets) throws Exception {
        try (Connection admin = postgres.getPostgresDatabase().getConnection(); Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE santkrupa ENCODING 'UTF8'");
        }
        try (Connection admin = postgres.getDatabase("postgres", "santkrupa").getConnection()) {
            for (var role : Map.of("santkrupa.owner_password", "DATABASE_OWNER_PASSWORD",
                    "santkrupa.app_password", "DATABASE_APP_PASSWORD",
                    "santkrupa.platform_password", "DATABASE_PLATFORM_PASSWORD").entrySet()) {
                try (PreparedStatement set = admin.prepareStatement("SELECT set_config(?, ?, false)")) {
                    set.setString(1, role.getKey());
                    set.setString(2, secrets.get(role.getValue()));
                    set.execute();
                }
            }
            RoleBootstrap.apply(admin);
            Path hba = Path.of(scalar(admin, "SHOW hba_file"));
            Files.writeString(hba, """
                    host all postgres 127.0.0.1/32 trust
                    host all all 127.0.0.1/32 scram-sha-256
                    """);
            scalar(admin, "SELECT pg_reload_conf()");
        }
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/santkrupa";
    }

    private static String scalar(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void awaitReady(Process server, int port) throws Exception {
        for (long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos(); System.nanoTime() < deadline; ) {
            if (!server.isAlive()) {
                throw new AssertionError("the server exited " + server.exitValue() + ":\n"
                        + Files.readString(temp.resolve("stdout")) + Files.readString(temp.resolve("stderr")));
            }
            try {
                if (get("http://127.0.0.1:" + port + "/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet: migrations run first
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not ready in 3 minutes:\n" + Files.readString(temp.resolve("stdout")));
    }

    private static int healthcheck(Image image, int port) throws Exception {
        ProcessBuilder check = new ProcessBuilder(image.healthcheck()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        check.environment().put("PORT", String.valueOf(port));
        Process process = check.start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String secret(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getEncoder().encodeToString(random);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
