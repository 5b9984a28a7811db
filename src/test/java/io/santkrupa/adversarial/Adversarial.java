package io.santkrupa.adversarial;

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
}
