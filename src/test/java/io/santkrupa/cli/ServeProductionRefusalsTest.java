package io.santkrupa.cli;

import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * serve --production (or SANTKRUPA_ENV=production) refuses, before it starts anything, every
 * configuration a hospital's IT would not accept: the demo clinics, the embedded database, a
 * secret missing, a default, short or shared one, a password in DATABASE_URL, and a database that
 * lets a role in without its password. Each refusal names the variable, exits 2, never echoes a
 * secret, and leaves no port listening and no embedded database started.
 */
@ExtendWith(TestDatabaseExtension.class)
class ServeProductionRefusalsTest {

    private static final String OWNER = "owner-" + "k7Qp2vXz9LmN4rT8";
    private static final String APP = "app-" + "Hs3Jd8Fq1Wc6Yb0Ue";
    private static final String PLATFORM = "platform-" + "Rt5Gk2Nv7Mx4Pz9";
    private static final String KEY = Base64.getEncoder().encodeToString(randomish(48));

    @TempDir
    Path dataDir;

    record Run(int exitCode, String out, String err, int port) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    @Test
    void the_demo_clinics_are_refused() {
        Run run = serve(complete(), "--production", "--demo");
        assertRefused(run, "--demo is refused in production");
    }

    @Test
    void the_embedded_database_is_refused_and_not_started() {
        Map<String, String> env = complete();
        env.remove("DATABASE_URL");
        Run run = serve(env, "--production");
        assertRefused(run, "DATABASE_URL is not set", "the embedded database (--data-dir) is for development only");
        assertThat(dataDir.resolve("postgres")).as("no embedded PostgreSQL started").doesNotExist();
    }

    @Test
    void each_missing_database_password_is_named() {
        for (String variable : List.of("DATABASE_OWNER_PASSWORD", "DATABASE_APP_PASSWORD", "DATABASE_PLATFORM_PASSWORD")) {
            Map<String, String> env = complete();
            env.remove(variable);
            assertRefused(serve(env, "--production"), variable + " is not set (nor " + variable + "_FILE)");
        }
    }

    @Test
    void a_default_short_or_shared_password_is_refused_without_echoing_it() {
        Map<String, String> env = complete();
        env.put("DATABASE_APP_PASSWORD", "change-me-app");
        env.put("DATABASE_PLATFORM_PASSWORD", "Short-but-fine1");
        Run run = serve(env, "--production");
        assertRefused(run, "DATABASE_APP_PASSWORD is a published default or example password",
                "DATABASE_PLATFORM_PASSWORD is shorter than 16 characters");
        assertThat(run.err() + run.out()).doesNotContain("change-me-app", "Short-but-fine1");

        env = complete();
        env.put("DATABASE_PLATFORM_PASSWORD", APP);
        run = serve(env, "--production");
        assertRefused(run, "DATABASE_PLATFORM_PASSWORD is the same as DATABASE_APP_PASSWORD");
        assertThat(run.err()).doesNotContain(APP);
    }

    @Test
    void the_signing_key_must_be_set_and_strong() {
        Map<String, String> env = complete();
        env.remove("JWT_SIGNING_KEY");
        assertRefused(serve(env, "--production"), "JWT_SIGNING_KEY is not set (nor JWT_SIGNING_KEY_FILE)");

        env.put("JWT_SIGNING_KEY", Base64.getEncoder().encodeToString(randomish(16)));
        assertRefused(serve(env, "--production"), "JWT_SIGNING_KEY must decode to at least 32 bytes");

        env.put("JWT_SIGNING_KEY", Base64.getEncoder().encodeToString(new byte[48]));
        assertRefused(serve(env, "--production"), "JWT_SIGNING_KEY has only 1 different byte values");

        env.put("JWT_SIGNING_KEY", "not base64 at all!");
        Run run = serve(env, "--production");
        assertRefused(run, "JWT_SIGNING_KEY is not valid base64");
        assertThat(run.err()).doesNotContain("not base64 at all!");
    }

    @Test
    void a_database_url_with_a_password_or_a_user_is_refused() {
        Map<String, String> env = complete();
        env.put("DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/santkrupa?sslmode=require&password=hunter2hunter2hunter2");
        Run run = serve(env, "--production");
        assertRefused(run, "DATABASE_URL carries a password");
        assertThat(run.err()).doesNotContain("hunter2");

        env.put("DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/santkrupa?user=postgres");
        assertRefused(serve(env, "--production"), "DATABASE_URL names a user");
    }

    @Test
    void a_secret_and_its_file_together_or_an_unreadable_or_empty_file_are_refused() throws IOException {
        Map<String, String> env = complete();
        Path file = Files.writeString(dataDir.resolve("app-password"), APP + "\n");
        env.put("DATABASE_APP_PASSWORD_FILE", file.toString());
        assertRefused(serve(env, "--production"), "DATABASE_APP_PASSWORD and DATABASE_APP_PASSWORD_FILE are both set");

        env.remove("DATABASE_APP_PASSWORD");
        env.put("DATABASE_APP_PASSWORD_FILE", dataDir.resolve("missing").toString());
        assertRefused(serve(env, "--production"), "DATABASE_APP_PASSWORD_FILE names", "which cannot be read");

        env.put("DATABASE_APP_PASSWORD_FILE", Files.writeString(dataDir.resolve("empty"), "\n").toString());
        assertRefused(serve(env, "--production"), "DATABASE_APP_PASSWORD_FILE names", "which is empty");
    }

    @Test
    void santkrupa_env_production_is_the_same_as_the_flag_and_an_unknown_value_is_refused() {
        Map<String, String> env = complete();
        env.remove("JWT_SIGNING_KEY");
        env.put("SANTKRUPA_ENV", "production");
        assertRefused(serve(env), "JWT_SIGNING_KEY is not set");

        env.put("SANTKRUPA_ENV", "prod");
        assertRefused(serve(env), "SANTKRUPA_ENV must be production or development, not 'prod'");
    }

    @Test
    void a_database_that_lets_a_role_in_without_its_password_is_refused(TestDatabase db) throws IOException {
        // the test database uses trust authentication, as the embedded one does: every secret is set,
        // from files as Docker secrets give them, and the server still lets the roles in without them
        Map<String, String> env = complete();
        env.put("DATABASE_URL", db.config().jdbcUrl());
        for (String variable : List.of("DATABASE_OWNER_PASSWORD", "DATABASE_APP_PASSWORD", "DATABASE_PLATFORM_PASSWORD",
                "JWT_SIGNING_KEY")) {
            Path file = dataDir.resolve(variable.toLowerCase());
            Files.writeString(file, env.remove(variable) + "\n");
            env.put(variable + "_FILE", file.toString());
        }
        Run run = serve(env, "--production");
        assertRefused(run, "let santkrupa_owner log in without a password (trust authentication in pg_hba.conf)",
                "let santkrupa_app log in without a password", "let santkrupa_platform log in without a password");
        assertThat(run.out()).as("nothing migrated or checked").doesNotContain("Schema at version");
    }

    private void assertRefused(Run run, String... messages) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(run.err()).as(run.toString()).contains(messages);
        assertThat(run.err()).doesNotContain("Exception", "\tat ");
        for (String secret : List.of(OWNER, APP, PLATFORM, KEY)) {
            assertThat(run.out() + run.err()).doesNotContain(secret);
        }
        assertThat(run.out()).doesNotContain("Santkrupa is running");
        assertThatThrownBy(() -> new Socket("127.0.0.1", run.port()).close()).as("nothing listens on the port")
                .isInstanceOf(IOException.class);
    }

    private Run serve(Map<String, String> env, String... args) {
        int port = freePort();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--port", String.valueOf(port), "--data-dir", dataDir.toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // a refusal is immediate; a check that let serve start would hang here, so it fails in time instead
        int exit = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> new CommandLine(new ServeCommand(Map.copyOf(env),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)))
                .execute(all.toArray(String[]::new)));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), port);
    }

    /** A production configuration that passes every check of the configuration alone. */
    private static Map<String, String> complete() {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/santkrupa");
        env.put("DATABASE_OWNER_PASSWORD", OWNER);
        env.put("DATABASE_APP_PASSWORD", APP);
        env.put("DATABASE_PLATFORM_PASSWORD", PLATFORM);
        env.put("JWT_SIGNING_KEY", KEY);
        return env;
    }

    private static byte[] randomish(int length) {
        byte[] bytes = new byte[length];
        new java.security.SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
