package io.santkrupa.web;

import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The one way pages write a day and a time, as a clinic in India writes them ("4 Dec 2026",
 * "4 Dec 2026, 14:05"). Templates use the same patterns through Pebble's {@code date} filter
 * (TemplateTimesTest holds them to these); Java code that writes a date into a page uses these.
 */
public final class DateFormats {

    public static final String DAY_PATTERN = "d MMM yyyy";
    public static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern(DAY_PATTERN, Locale.ENGLISH);

    private DateFormats() {
    }
}
