package io.santkrupa.web;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Days and times read from a request, as PostgreSQL can take them. Java reads
 * {@code +999999999-12-31} as a date; PostgreSQL refuses it ("date/timestamp out of range"),
 * which reached users as a 500. What is read here is a plain {@code YYYY-MM-DD} and a year
 * from 1 to 9999, or nothing.
 */
public final class Dates {

    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final int FIRST_YEAR = 1;
    private static final int LAST_YEAR = 9999;

    private Dates() {
    }

    /** A day written {@code YYYY-MM-DD} from year 1; empty for anything else (an impossible day, a signed or long year). */
    public static Optional<LocalDate> day(String text) {
        if (text == null || !DAY.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            LocalDate day = LocalDate.parse(text);
            return day.getYear() >= FIRST_YEAR ? Optional.of(day) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A point in time PostgreSQL can store and compare: in a year from 1 to 9999, in UTC too. */
    public static boolean storable(OffsetDateTime time) {
        int year = time.getYear();
        int utcYear = time.toInstant().atOffset(java.time.ZoneOffset.UTC).getYear();
        return year >= FIRST_YEAR && year <= LAST_YEAR && utcYear >= FIRST_YEAR && utcYear <= LAST_YEAR;
    }
}
