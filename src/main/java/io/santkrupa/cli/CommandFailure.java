package io.santkrupa.cli;

import io.santkrupa.web.Form;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Why a platform command stops without doing its work: the exit code, a message, and a message
 * per option that was wrong (keyed by the option's name, e.g. {@code --slug}). Nothing has been
 * changed when one is thrown.
 */
final class CommandFailure extends RuntimeException {

    private final int exitCode;
    private final Map<String, String> options;

    private CommandFailure(int exitCode, String message, Map<String, String> options) {
        super(message, null, false, false);
        this.exitCode = exitCode;
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    int exitCode() {
        return exitCode;
    }

    /** Option name to message, in the order the options were checked. */
    Map<String, String> options() {
        return options;
    }

    /** A message at one option, or about the command line as a whole when {@code option} is null. */
    static CommandFailure invalid(String option, String message) {
        return option == null
                ? new CommandFailure(ExitCode.INVALID_INPUT, message, Map.of())
                : new CommandFailure(ExitCode.INVALID_INPUT, "Invalid input; nothing was changed.", Map.of(option, message));
    }

    /** Every message of {@code form}, each at the option its field was typed into. */
    static CommandFailure invalid(Form form, Map<String, String> optionOfField) {
        Map<String, String> messages = new LinkedHashMap<>();
        optionOfField.forEach((field, option) -> {
            if (form.hasError(field)) {
                messages.put(option, form.error(field));
            }
        });
        form.errors().forEach((field, message) -> {
            if (!optionOfField.containsKey(field) && !field.equals(Form.WHOLE_FORM)) {
                messages.put(field, message);
            }
        });
        String whole = form.error(Form.WHOLE_FORM);
        return new CommandFailure(ExitCode.INVALID_INPUT, whole.isEmpty() ? "Invalid input; nothing was changed." : whole,
                messages);
    }

    static CommandFailure notFound(String message) {
        return new CommandFailure(ExitCode.NOT_FOUND, message, Map.of());
    }

    /** The records' state refused it: a name taken, a link that can no longer be reissued. */
    static CommandFailure conflict(String option, String message) {
        return option == null
                ? new CommandFailure(ExitCode.CONFLICT, message, Map.of())
                : new CommandFailure(ExitCode.CONFLICT, "Conflict; nothing was changed.", Map.of(option, message));
    }

    static CommandFailure failed(String message) {
        return new CommandFailure(ExitCode.FAILED, message, Map.of());
    }

    /** Anything else: the database unreachable, a login refused. Its messages, never a stack trace. */
    static CommandFailure unexpected(Throwable error) {
        StringBuilder message = new StringBuilder("Failed");
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String text = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage().strip();
            if (!message.toString().contains(text)) {
                message.append(": ").append(text);
            }
        }
        return failed(message.length() > 1000 ? message.substring(0, 1000) + "..." : message.toString());
    }
}
