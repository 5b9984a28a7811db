package io.santkrupa.web.api;

import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Keyset (cursor) pagination of API lists: {@code ?limit=} (default 25, at most 100) and
 * {@code ?cursor=} (the {@code next} of the previous page, opaque to clients). A list answers
 * {@code {"items": [...], "next": "..." | null}}; {@code next} is null on the last page.
 */
public final class ApiPaging {

    public static final int DEFAULT_LIMIT = 25;
    public static final int MAX_LIMIT = 100;

    private ApiPaging() {
    }

    /** The requested page size; 400 naming {@code limit} unless it is a number from 1 to 100. */
    public static int limit(Context ctx) {
        String raw = ctx.queryParam("limit");
        if (raw == null || raw.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiProblem.badParameter("limit", "Use a whole number from 1 to " + MAX_LIMIT + ".");
    }

    /**
     * The position after which the page starts, parsed by the list's own cursor parser; empty for
     * the first page; 400 naming {@code cursor} when it is not one this list handed out.
     */
    public static <T> Optional<T> cursor(Context ctx, Function<String, Optional<T>> parser) {
        String raw = ctx.queryParam("cursor");
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        Optional<T> cursor = parser.apply(raw);
        if (cursor.isEmpty()) {
            throw ApiProblem.badParameter("cursor", "Use the next value of the previous page, unchanged.");
        }
        return cursor;
    }

    /**
     * One page from rows fetched with {@code limit + 1}: the extra row only says there is a next page.
     *
     * @param cursorOf the cursor of a row: the next page starts after the page's last row
     */
    public static <R> Map<String, Object> page(List<R> fetched, int limit, Function<R, ?> item,
                                               Function<R, String> cursorOf) {
        List<R> rows = fetched.stream().limit(limit).toList();
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", rows.stream().map(item).toList());
        page.put("next", fetched.size() > limit ? cursorOf.apply(rows.getLast()) : null);
        return page;
    }
}
