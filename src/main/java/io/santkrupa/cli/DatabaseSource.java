package io.santkrupa.cli;

/**
 * How a platform command gets its database: from its {@link DatabaseOptions} ({@code DATABASE_URL}
 * or the embedded one) when run by a person; tests hand in the test database instead.
 */
@FunctionalInterface
public interface DatabaseSource {

    DatabaseOptions.OpenDatabase open(DatabaseOptions options);
}
