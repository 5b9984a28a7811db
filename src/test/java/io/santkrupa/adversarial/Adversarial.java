package io.santkrupa.adversarial;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The adversarial suite's one flag: {@code -Dadversarial=long} runs the long variants (many more
 * tries); anything else, or nothing, the short ones that {@code mvn verify} runs.
 */
public final class Adversarial {

    /** How many times more tries a long run makes than a short one. */
    static final int LONG_FACTOR = 25;

    private Adversarial() {
    }

    public static boolean isLong() {
        return "long".equalsIgnoreCase(System.getProperty("adversarial", "short").strip());
    }

    public static String mode() {
        return isLong() ? "long" : "short";
    }

    /** A jqwik hook: a property's tries times {@link #LONG_FACTOR} in a long run; its seed stays the one it declares. */
    public static final class Tries implements AroundPropertyHook {

        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            if (isLong()) {
                context.attributes().tries().ifPresent(tries -> context.attributes().setTries(tries * LONG_FACTOR));
            }
            return property.execute();
        }
    }
}
