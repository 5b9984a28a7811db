package io.santkrupa.web;

import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/**
 * {@code {{ t | inZone(zone) | date("d MMM yyyy, HH:mm") }}}: a stored time as the wall-clock
 * time of a zone (the clinic's). Pebble's own {@code date(..., timeZone=...)} is no help here:
 * it ignores timeZone for a value that carries an offset, and the database's times arrive as
 * UTC offsets, so a page would show UTC whatever it asked for.
 */
final class InZoneFilter implements Filter {

    @Override
    public List<String> getArgumentNames() {
        return List.of("zone");
    }

    @Override
    public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context,
                        int lineNumber) {
        if (input == null) {
            return null;
        }
        ZoneId zone = zone(args.get("zone"), self, lineNumber);
        return switch (input) {
            case OffsetDateTime t -> t.atZoneSameInstant(zone);
            case ZonedDateTime t -> t.withZoneSameInstant(zone);
            case Instant t -> t.atZone(zone);
            default -> throw new PebbleException(null, "inZone takes a point in time, not a "
                    + input.getClass().getSimpleName(), lineNumber, self.getName());
        };
    }

    private static ZoneId zone(Object zone, PebbleTemplate self, int lineNumber) {
        return switch (zone) {
            case ZoneId id -> id;
            case String name -> ZoneId.of(name);
            case null, default -> throw new PebbleException(null, "inZone needs a zone", lineNumber, self.getName());
        };
    }
}
