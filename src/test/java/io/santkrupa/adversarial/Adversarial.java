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

    /**
     * A jqwik hook: a property's tries times {@link #LONG_FACTOR} in a long run (an example stays
     * one try); its seed stays the one it declares.
     */
    public static final class Tries implements AroundPropertyHook {

        /** Added to a container, it applies to the container's properties (jqwik's default is the container alone). */
        @Override
        public net.jqwik.api.lifecycle.PropagationMode propagateTo() {
            return net.jqwik.api.lifecycle.PropagationMode.ALL_DESCENDANTS;
        }

        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            if (isLong() && context.findAnnotation(net.jqwik.api.Example.class).isEmpty()) {
                int declared = context.findAnnotation(net.jqwik.api.Property.class).map(net.jqwik.api.Property::tries)
                        .filter(tries -> tries > 0).orElseThrow(() -> new IllegalStateException(
                                context.label() + ": a property of the adversarial suite declares its tries"));
                context.attributes().setTries(declared * LONG_FACTOR);
            }
            return property.execute();
        }
    }
}
