package io.santkrupa.web.api;

import io.javalin.http.Context;

/** Query parameters of the API's lists, read one way everywhere: a malformed one is a 400 naming it. */
public final class ApiParams {

    private ApiParams() {
    }

    /** A search text, stripped; "" when absent; 400 when longer than {@code max}. */
    public static String text(Context ctx, String name, int max) {
        String value = ctx.queryParam(name);
        value = value == null ? "" : value.strip();
        if (value.length() > max) {
            throw ApiProblem.badParameter(name, "Use at most " + max + " characters.");
        }
        return value;
    }

    /** true or false; null when absent (no filter). */
    public static Boolean bool(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return switch (raw.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiProblem.badParameter(name, "Use true or false, or leave it out for both.");
        };
    }
}
