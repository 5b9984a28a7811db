package io.santkrupa.lab;

import io.santkrupa.lab.ReferenceRanges.AgeUnit;
import io.santkrupa.lab.ReferenceRanges.Range;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which range judges a value for whom, and the flag it gets: the rules of ReferenceRanges on their own. */
class ReferenceRangesTest {

    private static final LocalDate ON = LocalDate.of(2026, 6, 15);
    private static final BigDecimal GENERAL_LOW = new BigDecimal("12.0");
    private static final BigDecimal GENERAL_HIGH = new BigDecimal("17.5");
    /** Haemoglobin as the demo clinics have it (a subset). */
    private static final List<Range> HB = List.of(
            range("any", 0, 1, AgeUnit.MONTHS, "14.0", "24.0", null, null),
            range("any", 2, 12, AgeUnit.YEARS, "11.5", "15.5", "7.0", "20.0"),
            range("female", 18, null, AgeUnit.YEARS, "12.0", "15.5", "7.0", "20.0"),
            range("male", 18, null, AgeUnit.YEARS, "13.5", "17.5", "7.0", "20.0"));

    private static Range range(String sex, int from, Integer to, AgeUnit unit, String low, String high, String cLow,
                               String cHigh) {
        return new Range(sex, from, to, unit, new BigDecimal(low), new BigDecimal(high),
                cLow == null ? null : new BigDecimal(cLow), cHigh == null ? null : new BigDecimal(cHigh));
    }

    private static ReferenceRanges.Applied choose(String sex, LocalDate born) {
        return ReferenceRanges.choose(GENERAL_LOW, GENERAL_HIGH, HB, sex, born, ON);
    }

    @ParameterizedTest(name = "{0} born {1}: {2} – {3} ({4})")
    @CsvSource({
            "female, 1985-04-12, 12,   15.5, 'Female, 18 years and over'",
            "male,   1990-07-17, 13.5, 17.5, 'Male, 18 years and over'",
            // 18 on the day: the adult range; 18 tomorrow: no adult range fits, nor the child's (under 12)
            "male,   2008-06-15, 13.5, 17.5, 'Male, 18 years and over'",
            "male,   2008-06-16, 12,   17.5, ''",
            "female, 2018-01-01, 11.5, 15.5, 'Anyone, 2 to under 12 years'",
            // a month old on the day is no longer "under 1 month"
            "female, 2026-05-20, 14,   24,   'Anyone, under 1 month'",
            "female, 2026-05-15, 12,   17.5, ''",
            // other or unknown sex: only ranges for anyone, else the general range
            "other,  1985-04-12, 12,   17.5, ''",
            "unknown, 2018-01-01, 11.5, 15.5, 'Anyone, 2 to under 12 years'"})
    void the_first_range_that_fits_the_patient_on_the_day_else_the_general_one(String sex, LocalDate born,
                                                                                String low, String high, String note) {
        ReferenceRanges.Applied applied = choose(sex, born);
        assertThat(applied.low()).isEqualByComparingTo(low);
        assertThat(applied.high()).isEqualByComparingTo(high);
        assertThat(applied.note()).isEqualTo(note);
    }

    @Test
    void without_a_date_of_birth_only_a_range_for_any_age_fits() {
        List<Range> ranges = List.of(range("female", 18, null, AgeUnit.YEARS, "12.0", "15.5", null, null),
                range("female", 0, null, AgeUnit.YEARS, "11.0", "16.0", null, null));
        ReferenceRanges.Applied applied = ReferenceRanges.choose(GENERAL_LOW, GENERAL_HIGH, ranges, "female", null, ON);
        assertThat(applied.low()).isEqualByComparingTo("11.0");
        assertThat(applied.note()).isEqualTo("Female, any age");
    }

    @Test
    void a_range_for_the_patients_own_sex_comes_before_one_for_anyone() {
        List<Range> ranges = List.of(range("any", 0, null, AgeUnit.YEARS, "10", "20", null, null),
                range("male", 0, null, AgeUnit.YEARS, "13", "17", null, null));
        assertThat(ReferenceRanges.choose(null, null, ranges, "male", null, ON).low()).isEqualByComparingTo("13");
        assertThat(ReferenceRanges.choose(null, null, ranges, "female", null, ON).low()).isEqualByComparingTo("10");
        // anyone at any age is the general range with limits: it names no one
        assertThat(ReferenceRanges.choose(null, null, ranges, "female", null, ON).note()).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"6.9, CRITICAL_LOW", "7.0, LOW", "11.9, LOW", "12.0, NORMAL", "15.5, NORMAL", "15.51, HIGH",
            "20.0, HIGH", "20.1, CRITICAL_HIGH"})
    void a_value_is_low_high_or_critical_against_its_range(String value, ResultFlag flag) {
        ReferenceRanges.Applied adultWoman = choose("female", LocalDate.of(1985, 4, 12));
        assertThat(adultWoman.flag(new BigDecimal(value))).isEqualTo(flag);
    }

    @Test
    void flags_read_in_words_and_text_results_are_abnormal_without_a_side() {
        assertThat(ResultFlag.CRITICAL_HIGH.label()).isEqualTo("Critical high");
        assertThat(ResultFlag.LOW.label()).isEqualTo("Low");
        assertThat(ResultFlag.NORMAL.abnormal()).isFalse();
        assertThat(ReferenceRanges.textFlag("Negative", " negative ")).isEqualTo(ResultFlag.NORMAL);
        assertThat(ReferenceRanges.textFlag("Negative", "Positive")).isEqualTo(ResultFlag.ABNORMAL);
        assertThat(ReferenceRanges.textFlag("", "Straw")).isEqualTo(ResultFlag.NORMAL);
    }

    @Test
    void ranges_of_one_sex_overlap_when_their_ages_do_whatever_their_units() {
        Range infants = range("any", 6, 24, AgeUnit.MONTHS, "10.5", "13.5", null, null);
        Range children = range("any", 2, 12, AgeUnit.YEARS, "11.5", "15.5", null, null);
        Range toddlers = range("any", 1, 3, AgeUnit.YEARS, "11", "14", null, null);
        assertThat(infants.overlaps(children)).as("24 months is 2 years: adjacent").isFalse();
        assertThat(infants.overlaps(toddlers)).isTrue();
        assertThat(range("male", 18, null, AgeUnit.YEARS, "1", "2", null, null)
                .overlaps(range("female", 18, null, AgeUnit.YEARS, "1", "2", null, null))).isFalse();
    }
}
