package io.santkrupa.web;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;

import java.util.UUID;

/** Record ids in URLs: a malformed one is simply not found, like an unknown or another clinic's id. */
public final class PathIds {

    private PathIds() {
    }

    /** The UUID in path parameter {@code name}; 404 when it is not one. */
    public static UUID of(Context ctx, String name) {
        String raw = ctx.pathParam(name);
        if (raw.length() != 36) {
            throw new NotFoundResponse();
        }
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw new NotFoundResponse();
        }
    }

    /** A UUID from a query parameter (a page cursor); null when absent or malformed. */
    public static UUID query(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
