package io.santkrupa.adversarial;

import net.jqwik.api.Example;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Which form of the adversarial suite runs: the short one in every {@code mvn verify}, or the
 * long one with {@code -Dadversarial=long}. This is the one place that reads the flag.
 */
public final class Adversarial {

    /** The system property: unset (or {@code short}) for the short form, {@code long} for the long one. */
    public static final String PROPERTY = "adversarial";

    private Adversarial() {
    }

    /** True for {@code -Dadversarial=long}; a value that is neither form fails, so a typo never runs the short one unnoticed. */
    public static boolean isLong() {
        String value = System.getProperty(PROPERTY, "").strip();
        return switch (value) {
            case "", "short" -> false;
            case "long" -> true;
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + value
                    + " is no form of the adversarial suite: use -D" + PROPERTY + "=long, or leave it out for the short form");
        };
    }

    /** "short" or "long", as the summary names the form that ran. */
    public static String variant() {
        return isLong() ? "long" : "short";
    }

    /** How many times more tries a jqwik property of the suite makes in the long form. */
    static final int LONG_FACTOR = 25;

    /**
     * A jqwik hook: in the long form a property's declared tries times {@link #LONG_FACTOR} (an
     * example stays one try); its seed stays the one it declares.
     */
    public static final class Tries implements AroundPropertyHook {

        /** Added to a container, it applies to the container's properties (jqwik's default is the container alone). */
        @Override
        public PropagationMode propagateTo() {
            return PropagationMode.ALL_DESCENDANTS;
        }

        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            if (isLong() && context.findAnnotation(Example.class).isEmpty()) {
                int declared = context.findAnnotation(Property.class).map(Property::tries).filter(tries -> tries > 0)
                        .orElseThrow(() -> new IllegalStateException(context.label()
                                + ": a property of the adversarial suite declares its tries"));
                context.attributes().setTries(declared * LONG_FACTOR);
            }
            return property.execute();
        }
    }
}
