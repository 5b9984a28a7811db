package io.santkrupa.visit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A body temperature, taken in °C or °F and stored once, in °C with one decimal (doctor_note,
 * V008). The plausible range is the table's CHECK: 25 to 45 °C, which is 77 to 113 °F.
 */
public final class BodyTemperature {

    /** The units the note's form offers, value -> label, °C first (the default). */
    public static final Map<String, String> UNITS = units();
    public static final BigDecimal MIN_CELSIUS = new BigDecimal("25");
    public static final BigDecimal MAX_CELSIUS = new BigDecimal("45");
    public static final BigDecimal MIN_FAHRENHEIT = new BigDecimal("77");
    public static final BigDecimal MAX_FAHRENHEIT = new BigDecimal("113");

    private static final BigDecimal THIRTY_TWO = new BigDecimal("32");
    private static final BigDecimal FIVE = new BigDecimal("5");
    private static final BigDecimal NINE = new BigDecimal("9");

    private BodyTemperature() {
    }

    /** °F as °C, rounded half up to one decimal: 101.2 °F is 38.4 °C. */
    public static BigDecimal celsius(BigDecimal fahrenheit) {
        return fahrenheit.subtract(THIRTY_TWO).multiply(FIVE).divide(NINE, 1, RoundingMode.HALF_UP);
    }

    /** °C as °F with one decimal, for showing beside the stored °C: 38.4 °C is 101.1 °F. */
    public static BigDecimal fahrenheit(BigDecimal celsius) {
        return celsius.multiply(NINE).divide(FIVE, 3, RoundingMode.HALF_UP).add(THIRTY_TWO)
                .setScale(1, RoundingMode.HALF_UP);
    }

    private static Map<String, String> units() {
        Map<String, String> units = new LinkedHashMap<>();
        units.put("C", "°C");
        units.put("F", "°F");
        return java.util.Collections.unmodifiableMap(units);
    }
}
