package io.santkrupa.clinic;

import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The time zones a clinic may be in: IANA region names (Asia/Kolkata), not offsets or abbreviations.
 * The platform offers them at onboarding, the clinic admin on the settings page.
 */
public final class TimeZones {

    public static final String DEFAULT = "Asia/Kolkata";
    /** The shape the registry's CHECK accepts (clinic_time_zone_format, V028). */
    private static final Pattern REGION = Pattern.compile("^(UTC|[A-Z][A-Za-z]+(/[A-Za-z0-9_+-]+){1,2})$");
    private static final List<String> CHOICES = ZoneId.getAvailableZoneIds().stream()
            .filter(zone -> REGION.matcher(zone).matches())
            .filter(zone -> !zone.startsWith("Etc/") && !zone.startsWith("SystemV/") && !zone.startsWith("US/"))
            .sorted()
            .toList();

    private TimeZones() {
    }

    public static List<String> choices() {
        return CHOICES;
    }

    public static boolean isChoice(String zone) {
        return zone != null && (zone.equals("UTC") || CHOICES.contains(zone));
    }
}
