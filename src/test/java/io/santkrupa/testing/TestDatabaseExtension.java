package io.santkrupa.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a migrated {@link TestDatabase}: started once per test run (kept in the root
 * store, closed when the run ends) and shared by every test class that asks for it.
 */
public final class TestDatabaseExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return database(context);
    }

    public static TestDatabase database(ExtensionContext context) {
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.create(TestDatabaseExtension.class))
                .computeIfAbsent(TestDatabase.class, key -> {
                    try {
                        return TestDatabaseProvider.start();
                    } catch (Exception e) {
                        throw new IllegalStateException("could not start the test database", e);
                    }
                }, TestDatabase.class);
    }
}
