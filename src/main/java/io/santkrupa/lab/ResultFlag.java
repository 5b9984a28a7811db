package io.santkrupa.lab;

import java.util.Arrays;

/**
 * How a result stands against the range it was judged by, in the words a lab report uses
 * (test_result_flag_valid, V041). A text result that is not its reference text is
 * {@link #ABNORMAL}: it has no side.
 */
public enum ResultFlag {
    NORMAL("normal", ""),
    LOW("low", "Low"),
    HIGH("high", "High"),
    CRITICAL_LOW("critical_low", "Critical low"),
    CRITICAL_HIGH("critical_high", "Critical high"),
    ABNORMAL("abnormal", "Abnormal");

    private final String dbValue;
    private final String label;

    ResultFlag(String dbValue, String label) {
        this.dbValue = dbValue;
        this.label = label;
    }

    public String dbValue() {
        return dbValue;
    }

    /** "Low", "Critical high", ...; empty for a normal result. */
    public String label() {
        return label;
    }

    public boolean abnormal() {
        return this != NORMAL;
    }

    public boolean critical() {
        return this == CRITICAL_LOW || this == CRITICAL_HIGH;
    }

    public static ResultFlag fromDbValue(String value) {
        return Arrays.stream(values()).filter(f -> f.dbValue.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown result flag " + value));
    }
}
