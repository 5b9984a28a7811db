package io.santkrupa.web;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;

/**
 * Where the next page of a list ordered by (time, id) starts: the last row's time and id. Keyset
 * paging stays fast on the thousandth page, and rows added meanwhile do not shift the pages.
 * In a URL as {@code <ISO time>_<uuid>}; anything unparsable, or a time PostgreSQL cannot
 * compare, means "from the start" (the API's lists answer 400 naming the cursor).
 */
public record KeysetCursor(OffsetDateTime at, UUID id) {

    public static Optional<KeysetCursor> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        int separator = value.lastIndexOf('_');
        if (separator < 0) {
            return Optional.empty();
        }
        try {
            OffsetDateTime at = OffsetDateTime.parse(value.substring(0, separator));
            if (!Dates.storable(at)) {
                return Optional.empty();
            }
            return Optional.of(new KeysetCursor(at, UUID.fromString(value.substring(separator + 1))));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The time of an optional cursor, or null: the query then starts from the newest (or oldest) row. */
    public static OffsetDateTime atOrNull(Optional<KeysetCursor> cursor) {
        return cursor.map(KeysetCursor::at).orElse(null);
    }

    public static UUID idOrNull(Optional<KeysetCursor> cursor) {
        return cursor.map(KeysetCursor::id).orElse(null);
    }

    @Override
    public String toString() {
        return at + "_" + id;
    }
}
