package io.santkrupa.web;

import io.javalin.http.Context;

import java.time.LocalDate;

/** Filters of list pages, read from the query string the same way everywhere. */
public final class QueryParams {

    private QueryParams() {
    }

    /** The parameter, stripped; "" when absent. */
    public static String text(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null ? "" : value.strip();
    }

    /** A YYYY-MM-DD date; null when absent or not a date PostgreSQL can take (the filter is then off). */
    public static LocalDate date(Context ctx, String name) {
        return Dates.day(text(ctx, name)).orElse(null);
    }
}
