package io.santkrupa.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a migrated {@link TestDatabase}: started once per test JVM, shared by every test
 * class that asks for it, and closed when the JVM exits. Once per JVM rather than once per
 * JUnit run: the mutation tests (PIT) start a JUnit run per test for every mutant in one JVM,
 * and must not start PostgreSQL again each time.
 */
public final class TestDatabaseExtension implements ParameterResolver {

    private static TestDatabase shared;

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return database(context);
    }

    public static synchronized TestDatabase database(ExtensionContext context) {
        if (shared == null) {
            try {
                shared = TestDatabaseProvider.start();
            } catch (Exception e) {
                throw new IllegalStateException("could not start the test database", e);
            }
            TestDatabase started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-database-stop"));
        }
        return shared;
    }
}
