package io.santkrupa.cli;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Optional;

/** A terminal a person types a password into, without echo. */
@FunctionalInterface
public interface PasswordTerminal {

    /** What was typed after {@code prompt}; null at the end of input (Ctrl-D). */
    char[] readPassword(String prompt);

    /** The process's terminal, when standard input and output are one (not a pipe or a script). */
    static Optional<PasswordTerminal> ofSystem() {
        Console console = System.console();
        if (console == null || !isTerminal(console)) {
            return Optional.empty();
        }
        return Optional.of(prompt -> console.readPassword("%s", prompt));
    }

    /** JDK 22 to 24 give a Console for redirected streams too; their isTerminal() (absent in 21) tells. */
    private static boolean isTerminal(Console console) {
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
