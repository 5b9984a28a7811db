package io.santkrupa.seed;

/** Seeding stopped: the message says where, the cause what the database said. */
public final class SeedFailure extends RuntimeException {

    public SeedFailure(String message) {
        super(message);
    }

    public SeedFailure(String message, Throwable cause) {
        super(message + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
    }
}
