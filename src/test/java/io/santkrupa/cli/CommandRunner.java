package io.santkrupa.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.Main;
import io.santkrupa.db.Credentials;
import io.santkrupa.db.ReportingLogin;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.web.Json;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Runs the command line as a person would -- picocli parses the arguments, Main's commands run --
 * against the test database (handed in through a {@link CommandContext}, as DATABASE_URL would),
 * with standard input prepared and standard output and error captured.
 */
final class CommandRunner {

    /** What a run left: its exit code and what it wrote where. */
    record Run(int exitCode, String out, String err) {
        JsonNode json() {
            return parse(out);
        }

        JsonNode errorJson() {
            return parse(err);
        }

        private static JsonNode parse(String text) {
            try {
                return Json.MAPPER.readTree(text);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + text, e);
            }
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final DatabaseSource database;
    private final ReportingSource reporting;

    private CommandRunner(DatabaseSource database) {
        this(database, ReportingSource.fromEnvironment());
    }

    private CommandRunner(DatabaseSource database, ReportingSource reporting) {
        this.database = database;
        this.reporting = reporting;
    }

    /** The report command over the test database, as its DBA (a login that is only a member of the reporting role). */
    static CommandRunner reportingAs(TestDatabase db, Credentials login) {
        return new CommandRunner(options -> DatabaseOptions.OpenDatabase.server(db.config()),
                options -> new ReportingSource.Open(new ReportingLogin(db.config().jdbcUrl(), login), Optional.empty()));
    }

    /** The test database, already migrated, as a real server: the commands check it, never migrate it. */
    static CommandRunner over(TestDatabase db) {
        return new CommandRunner(options -> DatabaseOptions.OpenDatabase.server(db.config()));
    }

    static CommandRunner over(DatabaseSource database) {
        return new CommandRunner(database);
    }

    Run run(String... args) {
        return run(new CommandContext(database, new ByteArrayInputStream(new byte[0]), Optional.empty(), reporting), args);
    }

    Run withStdin(String stdin, String... args) {
        return run(new CommandContext(database, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                Optional.empty()), args);
    }

    Run withTerminal(PasswordTerminal terminal, String... args) {
        return run(new CommandContext(database, new ByteArrayInputStream(new byte[0]), Optional.of(terminal)), args);
    }

    private static Run run(CommandContext context, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(context);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
