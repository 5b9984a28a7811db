package io.santkrupa.cli;

import io.santkrupa.db.DatabaseConfig;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** What every platform command shares: its help with the exit codes, and failures as messages, never stack traces. */
@ExtendWith(TestDatabaseExtension.class)
class PlatformCommandsHelpTest {

    @ParameterizedTest
    @ValueSource(strings = {"create-platform-admin", "create-clinic", "list-clinics", "set-clinic-status",
            "set-clinic-limits", "reissue-admin-link", "reset-platform-admin-second-factor"})
    void help_exits_0_and_lists_the_exit_codes(String command, TestDatabase db) {
        var run = CommandRunner.over(db).run(command, "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: santkrupa " + command).contains("--json", "Exit codes:", "0   done",
                "1   unexpected failure", "2   invalid input", "3   not found", "4   conflict", "platform role only");
        assertThat(CommandRunner.over(db).run("--help").out()).contains(command);
    }

    @Test
    void an_unreachable_database_is_exit_1_with_a_message_and_no_stack_trace() {
        var unreachable = DatabaseConfig.withRoleNames("jdbc:postgresql://127.0.0.1:1/santkrupa?connectTimeout=2");
        var run = CommandRunner.over(options -> DatabaseOptions.OpenDatabase.server(unreachable)).run("list-clinics", "--json");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.errorJson().get("error").asText()).startsWith("Failed: ").contains("127.0.0.1:1");
        assertThat(run.err()).doesNotContain("\tat ", "Exception:");
    }

    @Test
    void an_unknown_option_is_a_usage_error_with_exit_2(TestDatabase db) {
        var text = CommandRunner.over(db).run("list-clinics", "--colour=blue");
        var json = CommandRunner.over(db).run("list-clinics", "--colour=blue", "--json");

        assertThat(text.exitCode()).isEqualTo(2);
        assertThat(text.err()).contains("Unknown option: '--colour=blue'", "Usage: santkrupa list-clinics");
        assertThat(json.exitCode()).isEqualTo(2);
        assertThat(json.errorJson().get("error").asText()).contains("Unknown option");
    }
}
