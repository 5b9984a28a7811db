package io.santkrupa.cli;

import java.io.InputStream;
import java.util.Optional;

/**
 * What the platform commands take from outside their arguments: the database, standard input
 * and the terminal, and the report command its DBA login. {@link #ofSystem()} is the process's
 * own; tests build one over the test database and a prepared standard input, so no environment
 * variable or global is changed.
 */
public record CommandContext(DatabaseSource database, InputStream stdin, Optional<PasswordTerminal> terminal,
                             ReportingSource reporting) {

    /** The reports' login from the environment (or the embedded database's DBA). */
    public CommandContext(DatabaseSource database, InputStream stdin, Optional<PasswordTerminal> terminal) {
        this(database, stdin, terminal, ReportingSource.fromEnvironment());
    }

    public static CommandContext ofSystem() {
        return new CommandContext(DatabaseOptions::open, System.in, PasswordTerminal.ofSystem(),
                ReportingSource.fromEnvironment());
    }
}
