package io.santkrupa.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.santkrupa.web.Json;

import java.io.PrintWriter;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where a platform command writes: its result to standard output (a table, or JSON with
 * {@code --json}), messages to standard error -- errors as JSON too when {@code --json} is given.
 */
final class CommandOutput {

    /** An error as JSON: stable names for scripts. */
    record Error(String error, Map<String, String> fields) {
    }

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;

    CommandOutput(PrintWriter out, PrintWriter err, boolean json) {
        this.out = out;
        this.err = err;
        this.json = json;
    }

    /** The command's result: {@code value} as JSON, or what {@code text} prints. */
    void result(Object value, Consumer<PrintWriter> text) {
        if (json) {
            out.println(toJson(value));
        } else {
            text.accept(out);
        }
        out.flush();
    }

    /** A message for the person at the terminal, never part of the result. */
    void note(String message) {
        err.println(message);
        err.flush();
    }

    /** Says why the command failed; its exit code. */
    int failed(CommandFailure failure) {
        if (json) {
            err.println(toJson(new Error(failure.getMessage(), failure.options())));
        } else {
            err.println(failure.getMessage());
            failure.options().forEach((option, message) -> err.println("  " + option + ": " + message));
        }
        err.flush();
        return failure.exitCode();
    }

    /** A moment as people read it in a terminal: to the minute, in UTC. */
    static String time(OffsetDateTime moment) {
        return MINUTES.format(moment.atZoneSameInstant(ZoneOffset.UTC)) + " UTC";
    }

    static String toJson(Object value) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write JSON", e);
        }
    }
}
