package io.santkrupa.cli;

import io.santkrupa.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** bench's command line: its help says how to run it; settings it cannot use are refused before anything runs. */
class BenchCommandTest {

    @Test
    void help_says_to_start_the_server_with_a_high_rate_limit_first() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = Main.commandLine(CommandContext.ofSystem());
        commandLine.setOut(new PrintWriter(out));

        int exit = commandLine.execute("bench", "--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).startsWith("Usage: santkrupa bench").contains("serve --demo --api-rate-limit",
                "bench --url http://127.0.0.1:8080", "--connections", "--warmup", "--duration", "--requests",
                "--pgbench-url", "--clinics", "--password", "--out");
        StringWriter top = new StringWriter();
        Main.commandLine(CommandContext.ofSystem()).setOut(new PrintWriter(top)).execute("--help");
        assertThat(top.toString()).contains("bench");
    }

    @Test
    void a_connection_count_below_one_or_an_unknown_scenario_is_refused_before_any_request() {
        CommandLine commandLine = Main.commandLine(CommandContext.ofSystem());
        commandLine.setErr(new PrintWriter(new StringWriter()));

        assertThat(commandLine.execute("bench", "--url", "http://127.0.0.1:1", "--connections", "0")).isEqualTo(2);
        assertThat(commandLine.execute("bench", "--url", "http://127.0.0.1:1", "--scenarios", "nope")).isEqualTo(2);
    }
}
