package io.santkrupa.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Locale;

/** What a page calls a time zone next to the times it shows: "IST", or "London Time" where clocks change. */
public final class ZoneNames {

    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH);
    private static final Duration NEAR = Duration.ofDays(366);

    private ZoneNames() {
    }

    /**
     * The zone's abbreviation when its clocks do not change around {@code now} ("IST", "UTC");
     * otherwise its generic name ("London Time"), since a list under one abbreviation ("GMT")
     * would mislabel the times of the other half of the year.
     */
    public static String of(ZoneId zone, Instant now) {
        ZoneRules rules = zone.getRules();
        ZoneOffsetTransition previous = rules.previousTransition(now);
        ZoneOffsetTransition next = rules.nextTransition(now);
        boolean clocksChange = previous != null && previous.getInstant().isAfter(now.minus(NEAR))
                || next != null && next.getInstant().isBefore(now.plus(NEAR));
        return clocksChange ? zone.getDisplayName(TextStyle.FULL, Locale.ENGLISH) : SHORT.format(now.atZone(zone));
    }
}
