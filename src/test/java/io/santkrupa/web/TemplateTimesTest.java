package io.santkrupa.web;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every time a template prints goes through {@code inZone}: Pebble's {@code date} alone prints a
 * stored time in the offset it arrived with (UTC), and ignores {@code timeZone=} for it, so a
 * forgotten zone would quietly show a clinic in India the wrong day after 18:30 UTC.
 */
class TemplateTimesTest {

    private static final Path TEMPLATES = Path.of("src/main/resources/templates");
    /** A value piped into date, with the filters before it: {{ value | f | g | date("...") }}. */
    private static final Pattern DATE = Pattern.compile("\\{\\{\\s*([^{}]*?)\\|\\s*date\\(");
    /**
     * Values that are days already (a LocalDate of the clinic's calendar), not points in time: the
     * clinic's {@code day} and {@code today}, and fields named for a day ({@code followUpOn},
     * {@code visitDate}, {@code dateOfBirth}); points in time are named {@code ...At}.
     */
    private static final Pattern DAY = Pattern.compile("(.*\\.)?(day|today|dateOfBirth|[a-z][A-Za-z]*(On|Date))");

    @Test
    void every_time_a_template_formats_is_put_in_a_zone_first() throws IOException {
        List<String> unzoned = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".peb")).toList()) {
                String text = Files.readString(file);
                Matcher m = DATE.matcher(text);
                while (m.find()) {
                    checked++;
                    String before = m.group(1).strip();
                    boolean zoned = before.matches(".*\\|\\s*inZone\\((zone|\"UTC\")\\)");
                    if (!zoned && !DAY.matcher(before).matches()) {
                        unzoned.add(TEMPLATES.relativize(file) + ": " + m.group());
                    }
                }
                assertThat(text).as(file + " uses timeZone=, which Pebble ignores for stored times")
                        .doesNotContain("timeZone=");
            }
        }
        assertThat(checked).as("templates format times").isGreaterThan(15);
        assertThat(unzoned).isEmpty();
    }

    /** The clinic's one way of writing a day and a time, with a weekday in headings, seconds in logs. */
    private static final List<String> FORMATS = List.of("d MMM yyyy", "EEE d MMM yyyy", "d MMM yyyy, HH:mm",
            "d MMM yyyy, HH:mm:ss", "HH:mm");
    private static final Pattern FORMAT = Pattern.compile("\\|\\s*date\\(\"([^\"]*)\"\\)");
    /** A calendar day printed as it is stored (2026-12-04) rather than formatted. */
    private static final Pattern RAW_DAY = Pattern.compile("\\{\\{\\s*[\\w.]*(On|Date|visitDate|dateOfBirth|day)\\s*}}");

    @Test
    void every_date_is_written_one_way() throws IOException {
        List<String> others = new ArrayList<>();
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".peb")).toList()) {
                String text = Files.readString(file);
                Matcher m = FORMAT.matcher(text);
                while (m.find()) {
                    if (!FORMATS.contains(m.group(1))) {
                        others.add(TEMPLATES.relativize(file) + ": " + m.group());
                    }
                }
                Matcher raw = RAW_DAY.matcher(text);
                while (raw.find()) {
                    others.add(TEMPLATES.relativize(file) + ": " + raw.group());
                }
            }
        }
        assertThat(others).as("dates written another way than " + FORMATS).isEmpty();
    }
}
