package io.santkrupa.cli;

import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.web.auth.PasswordHasher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_ADMIN;
import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_AUDIT_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

/** The first super admin is made on the command line, with a password its operator chose, stored as Argon2id only. */
@ExtendWith(TestDatabaseExtension.class)
class CreatePlatformAdminCommandTest {

    private static final String PASSWORD = "four quiet lanterns at dusk";

    @Test
    void creates_an_administrator_with_an_argon2id_hash_of_the_password_from_standard_input(TestDatabase db) {
        String username = username();
        var run = CommandRunner.over(db).withStdin(PASSWORD + "\n", "create-platform-admin", "--username", username,
                "--full-name", "Rohan Kulkarni", "--email", "rohan@example.org", "--base-url", "https://ops.example.org/",
                "--password-stdin");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Created platform administrator " + username, "https://ops.example.org/platform/login",
                "authenticator app");
        assertThat(run.out() + run.err()).doesNotContain(PASSWORD);
        var admin = db.platform().run(tx -> tx.selectFrom(PLATFORM_ADMIN).where(PLATFORM_ADMIN.USERNAME.eq(username)).fetchSingle());
        assertThat(admin.getFullName()).isEqualTo("Rohan Kulkarni");
        assertThat(admin.getEmail()).isEqualTo("rohan@example.org");
        assertThat(admin.getPasswordHash()).startsWith("$argon2id$").doesNotContain(PASSWORD);
        assertThat(new PasswordHasher().matches(PASSWORD, admin.getPasswordHash())).isTrue();
        var event = db.platform().run(tx -> tx.selectFrom(PLATFORM_AUDIT_EVENT)
                .where(PLATFORM_AUDIT_EVENT.ACTION.eq("platform_admin.create"),
                        PLATFORM_AUDIT_EVENT.DETAIL.contains(admin.getId().toString())).fetchSingle());
        assertThat(event.getActor()).isEqualTo("cli:" + System.getProperty("user.name"));
        assertThat(event.getDetail()).doesNotContain(PASSWORD);
    }

    @Test
    void the_json_result_names_the_administrator_and_where_to_sign_in_but_never_the_password(TestDatabase db) {
        String username = username();
        var run = CommandRunner.over(db).withStdin(PASSWORD + "\r\n", "create-platform-admin", "--username", username,
                "--full-name", "Ops", "--password-stdin", "--json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        var json = run.json();
        assertThat(json.get("username").asText()).isEqualTo(username);
        assertThat(json.get("id").asText()).isNotBlank();
        assertThat(json.get("signInUrl").asText()).isEqualTo("http://127.0.0.1:8080/platform/login");
        assertThat(run.out()).doesNotContain(PASSWORD);
        // the line break of a Windows pipe is not part of the password
        String hash = db.platform().run(tx -> tx.select(PLATFORM_ADMIN.PASSWORD_HASH).from(PLATFORM_ADMIN)
                .where(PLATFORM_ADMIN.USERNAME.eq(username)).fetchSingle(PLATFORM_ADMIN.PASSWORD_HASH));
        assertThat(new PasswordHasher().matches(PASSWORD, hash)).isTrue();
    }

    @Test
    void a_weak_password_is_refused_with_exit_2_and_nothing_is_created(TestDatabase db) {
        String username = username();
        var tooShort = CommandRunner.over(db).withStdin("short\n", "create-platform-admin", "--username", username,
                "--full-name", "Ops", "--password-stdin");
        var containsUsername = CommandRunner.over(db).withStdin("my name is " + username + "\n", "create-platform-admin",
                "--username", username, "--full-name", "Ops", "--password-stdin");
        var empty = CommandRunner.over(db).withStdin("", "create-platform-admin", "--username", username,
                "--full-name", "Ops", "--password-stdin");

        assertThat(tooShort.exitCode()).as(tooShort.toString()).isEqualTo(2);
        assertThat(tooShort.err()).contains("--password-stdin: Use at least 12 characters").doesNotContain("short\n");
        assertThat(containsUsername.exitCode()).isEqualTo(2);
        assertThat(containsUsername.err()).contains("must not contain the username");
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("Standard input is empty");
        assertThat(List.of(tooShort, containsUsername, empty)).allSatisfy(run -> assertThat(run.out()).isEmpty());
        assertThat(admins(db, username)).isZero();
    }

    @Test
    void a_taken_username_is_a_conflict_with_exit_4(TestDatabase db) {
        String username = username();
        var first = CommandRunner.over(db).withStdin(PASSWORD + "\n", "create-platform-admin", "--username", username,
                "--full-name", "Ops", "--password-stdin");
        var second = CommandRunner.over(db).withStdin(PASSWORD + "\n", "create-platform-admin", "--username", username,
                "--full-name", "Someone Else", "--password-stdin", "--json");

        assertThat(first.exitCode()).isZero();
        assertThat(second.exitCode()).as(second.toString()).isEqualTo(4);
        assertThat(second.out()).isEmpty();
        assertThat(second.errorJson().get("fields").get("--username").asText()).contains("Another platform administrator");
        assertThat(admins(db, username)).isEqualTo(1);
    }

    @Test
    void invalid_options_are_refused_before_any_password_is_asked_for(TestDatabase db) {
        var run = CommandRunner.over(db).withStdin(PASSWORD + "\n", "create-platform-admin", "--username", "No Spaces!",
                "--full-name", " ", "--email", "not-an-email", "--password-stdin");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--username: Use 3 to 64 lower-case letters", "--full-name: Full name is required.",
                "--email: Email must look like name@example.com.");
    }

    @Test
    void without_a_terminal_and_without_password_stdin_it_says_how_to_pipe_the_password(TestDatabase db) {
        var run = CommandRunner.over(db).run("create-platform-admin", "--username", username(), "--full-name", "Ops");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("There is no terminal", "--password-stdin");
    }

    @Test
    void at_a_terminal_the_password_is_typed_twice_and_must_match(TestDatabase db) {
        String username = username();
        var differ = CommandRunner.over(db).withTerminal(typing(PASSWORD, PASSWORD + "!"), "create-platform-admin",
                "--username", username, "--full-name", "Ops");
        var ctrlD = CommandRunner.over(db).withTerminal(typing(), "create-platform-admin", "--username", username,
                "--full-name", "Ops");
        var same = CommandRunner.over(db).withTerminal(typing(PASSWORD, PASSWORD), "create-platform-admin",
                "--username", username, "--full-name", "Ops");

        assertThat(differ.exitCode()).isEqualTo(2);
        assertThat(differ.err()).contains("The two passwords differ");
        assertThat(ctrlD.exitCode()).isEqualTo(2);
        assertThat(ctrlD.err()).contains("No password was typed");
        assertThat(same.exitCode()).as(same.toString()).isZero();
        assertThat(admins(db, username)).isEqualTo(1);
    }

    /** A terminal where the person types these lines, then Ctrl-D. */
    private static PasswordTerminal typing(String... lines) {
        Deque<String> typed = new ArrayDeque<>(List.of(lines));
        return prompt -> typed.isEmpty() ? null : typed.removeFirst().toCharArray();
    }

    private static int admins(TestDatabase db, String username) {
        return db.platform().run(tx -> tx.fetchCount(PLATFORM_ADMIN, PLATFORM_ADMIN.USERNAME.eq(username)));
    }

    private static String username() {
        return "ops-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }
}
