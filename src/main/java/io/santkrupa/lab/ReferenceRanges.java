package io.santkrupa.lab;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which normal range a result is judged against, and its flag. A parameter has a general range
 * and may have ranges by sex and age (V040); the first of those that fits the patient -- one
 * for their own sex before one for anyone, each in the catalog's order -- is used, else the
 * general range. Age is counted in the range's own unit from the date of birth to the day the
 * sample was collected, so "under 1 month" and "6 to under 12 years" are exact; a patient
 * whose date of birth is unknown fits only ranges for any age.
 */
public final class ReferenceRanges {

    /** The units of lab_reference_range_age_unit_valid (V040). */
    public enum AgeUnit {
        DAYS("days", "day", ChronoUnit.DAYS, 36_500),
        MONTHS("months", "month", ChronoUnit.MONTHS, 1_200),
        YEARS("years", "year", ChronoUnit.YEARS, 120);

        private final String dbValue;
        private final String singular;
        private final ChronoUnit unit;
        private final int max;

        AgeUnit(String dbValue, String singular, ChronoUnit unit, int max) {
            this.dbValue = dbValue;
            this.singular = singular;
            this.unit = unit;
            this.max = max;
        }

        public String dbValue() {
            return dbValue;
        }

        /** The largest age a range may name in this unit (120 years, 1200 months, 36500 days). */
        public int max() {
            return max;
        }

        /** Roughly how many days one unit is: only to compare ranges written in different units. */
        double days() {
            return switch (this) {
                case DAYS -> 1;
                case MONTHS -> 30.436875;
                case YEARS -> 365.2425;
            };
        }

        String words(long n) {
            return n + " " + (n == 1 ? singular : dbValue);
        }

        public static AgeUnit fromDbValue(String value) {
            for (AgeUnit u : values()) {
                if (u.dbValue.equals(value)) {
                    return u;
                }
            }
            throw new IllegalArgumentException("unknown age unit " + value);
        }
    }

    /** The sexes a range may be for (lab_reference_range_sex_valid), with the words shown. */
    public static final java.util.Map<String, String> SEXES = sexes();

    /**
     * One range of the catalog: {@code sex} any, female or male; ages from {@code ageFrom}
     * (inclusive) to {@code ageTo} (exclusive; null: no upper limit) in {@code ageUnit}.
     */
    public record Range(String sex, int ageFrom, Integer ageTo, AgeUnit ageUnit, BigDecimal normalLow,
                        BigDecimal normalHigh, BigDecimal criticalLow, BigDecimal criticalHigh) {

        /** Numbers without trailing zeros, so a range read back equals the one typed (12.0 is 12.0000). */
        public Range {
            normalLow = normal(normalLow);
            normalHigh = normal(normalHigh);
            criticalLow = normal(criticalLow);
            criticalHigh = normal(criticalHigh);
        }

        private static BigDecimal normal(BigDecimal value) {
            return value == null ? null : value.stripTrailingZeros();
        }

        boolean fits(LocalDate dateOfBirth, LocalDate on) {
            if (ageFrom == 0 && ageTo == null) {
                return true;
            }
            if (dateOfBirth == null || on.isBefore(dateOfBirth)) {
                return false;
            }
            long age = ageUnit.unit.between(dateOfBirth, on);
            return age >= ageFrom && (ageTo == null || age < ageTo);
        }

        /** Whom the range is for, as a report prints it: "Female, 18 years and over". */
        public String appliesTo() {
            return SEXES.getOrDefault(sex, sex) + ", " + ages();
        }

        /** "any age", "18 years and over", "under 1 month", "6 to under 12 years". */
        public String ages() {
            if (ageFrom == 0 && ageTo == null) {
                return "any age";
            }
            if (ageTo == null) {
                return ageUnit.words(ageFrom) + " and over";
            }
            if (ageFrom == 0) {
                return "under " + ageUnit.words(ageTo);
            }
            return ageFrom + " to under " + ageUnit.words(ageTo);
        }

        /** The ages as days from-to (to: infinity when open), to tell overlapping ranges apart. */
        double fromDays() {
            return ageFrom * ageUnit.days();
        }

        double toDays() {
            return ageTo == null ? Double.POSITIVE_INFINITY : ageTo * ageUnit.days();
        }

        boolean overlaps(Range other) {
            boolean sameSex = sex.equals(other.sex);
            return sameSex && fromDays() < other.toDays() - 0.5 && other.fromDays() < toDays() - 0.5;
        }
    }

    /**
     * The range a result is judged against: its bounds (either may be null), its critical limits
     * (null when none), and whom it is for ({@code note}; empty for the parameter's general range).
     */
    public record Applied(BigDecimal low, BigDecimal high, BigDecimal criticalLow, BigDecimal criticalHigh,
                          String note) {

        public static final Applied NONE = new Applied(null, null, null, null, "");

        public boolean numeric() {
            return low != null || high != null;
        }

        /** "12 – 15.5", "≥ 40", "≤ 200", or "" when there are no bounds. */
        public String bounds() {
            return ReferenceRanges.bounds(low, high);
        }

        /** The flag of a number against this range. */
        public ResultFlag flag(BigDecimal value) {
            if (criticalLow != null && value.compareTo(criticalLow) < 0) {
                return ResultFlag.CRITICAL_LOW;
            }
            if (criticalHigh != null && value.compareTo(criticalHigh) > 0) {
                return ResultFlag.CRITICAL_HIGH;
            }
            if (low != null && value.compareTo(low) < 0) {
                return ResultFlag.LOW;
            }
            if (high != null && value.compareTo(high) > 0) {
                return ResultFlag.HIGH;
            }
            return ResultFlag.NORMAL;
        }
    }

    private ReferenceRanges() {
    }

    /**
     * The range for a patient of {@code sex} (female, male, other, unknown) born on
     * {@code dateOfBirth} (null: unknown), on the day {@code on}.
     */
    public static Applied choose(BigDecimal generalLow, BigDecimal generalHigh, List<Range> ranges, String sex,
                                 LocalDate dateOfBirth, LocalDate on) {
        Optional<Range> fitting = ranges.stream()
                .filter(r -> r.sex().equals(sex) && r.fits(dateOfBirth, on))
                .findFirst()
                .or(() -> ranges.stream().filter(r -> r.sex().equals("any") && r.fits(dateOfBirth, on)).findFirst());
        // a range for anyone at any age is the general range with critical limits: nothing to name
        return fitting.map(r -> new Applied(r.normalLow(), r.normalHigh(), r.criticalLow(), r.criticalHigh(),
                        r.sex().equals("any") && r.ageFrom() == 0 && r.ageTo() == null ? "" : r.appliesTo()))
                .orElse(new Applied(generalLow, generalHigh, null, null, ""));
    }

    /** The flag of a text result: abnormal when there is a reference text and the value is not it. */
    public static ResultFlag textFlag(String referenceText, String value) {
        return !referenceText.isBlank() && !referenceText.strip().equalsIgnoreCase(value.strip())
                ? ResultFlag.ABNORMAL : ResultFlag.NORMAL;
    }

    static String bounds(BigDecimal low, BigDecimal high) {
        if (low != null && high != null) {
            return plain(low) + " – " + plain(high);
        }
        if (low != null) {
            return "≥ " + plain(low);
        }
        if (high != null) {
            return "≤ " + plain(high);
        }
        return "";
    }

    static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    private static java.util.Map<String, String> sexes() {
        java.util.Map<String, String> sexes = new java.util.LinkedHashMap<>();
        sexes.put("any", "Anyone");
        sexes.put("female", "Female");
        sexes.put("male", "Male");
        return java.util.Collections.unmodifiableMap(sexes);
    }

    /** The age unit a form sent, or null. */
    static AgeUnit ageUnit(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (AgeUnit u : AgeUnit.values()) {
            if (u.dbValue.equals(v)) {
                return u;
            }
        }
        return null;
    }
}
