package io.santkrupa.bench;

/** The bench cannot go on: a setup step failed (a sign-in refused, a clinic with no patients). */
public final class BenchFailure extends RuntimeException {

    public BenchFailure(String message) {
        super(message);
    }

    public BenchFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
