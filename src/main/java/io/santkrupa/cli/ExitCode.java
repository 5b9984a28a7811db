package io.santkrupa.cli;

/**
 * The platform commands' exit codes, the same for every one of them, for scripts to tell what
 * happened without reading the messages. Picocli's own usage errors exit with 2 as well.
 */
final class ExitCode {

    static final int DONE = 0;
    static final int FAILED = 1;
    static final int INVALID_INPUT = 2;
    static final int NOT_FOUND = 3;
    static final int CONFLICT = 4;

    private ExitCode() {
    }
}
