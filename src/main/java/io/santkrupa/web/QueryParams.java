package io.santkrupa.web;

import io.javalin.http.Context;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Filters of list pages, read from the query string the same way everywhere. */
public final class QueryParams {

    private QueryParams() {
    }

    /** The parameter, stripped; "" when absent. */
    public static String text(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null ? "" : value.strip();
    }

    /** A YYYY-MM-DD date; null when absent or not a date (the filter is then off). */
    public static LocalDate date(Context ctx, String name) {
        String value = text(ctx, name);
        try {
            return value.isEmpty() ? null : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
