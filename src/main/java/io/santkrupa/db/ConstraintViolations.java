package io.santkrupa.db;

import org.postgresql.util.PSQLException;

import java.util.Optional;

/**
 * What a failed statement violated, so a page can answer "this username is taken" next to the
 * field instead of a 500. Let the constraint decide a race: insert, and map the violation
 * here, rather than looking up first.
 */
public final class ConstraintViolations {

    public static final String UNIQUE = "23505";
    public static final String FOREIGN_KEY = "23503";

    private ConstraintViolations() {
    }

    /** The violated unique constraint's (or unique index's) name, when {@code failure} or a cause is one. */
    public static Optional<String> uniqueConstraintOf(Throwable failure) {
        return violated(failure, UNIQUE);
    }

    /** The violated foreign key's name, when {@code failure} or a cause is one. */
    public static Optional<String> foreignKeyOf(Throwable failure) {
        return violated(failure, FOREIGN_KEY);
    }

    private static Optional<String> violated(Throwable failure, String sqlState) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PSQLException e && sqlState.equals(e.getSQLState()) && e.getServerErrorMessage() != null) {
                return Optional.ofNullable(e.getServerErrorMessage().getConstraint());
            }
        }
        return Optional.empty();
    }
}
