package io.santkrupa.web;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;

import java.util.Optional;
import java.util.UUID;

/** Record ids in URLs: a malformed one is simply not found, like an unknown or another clinic's id. */
public final class PathIds {

    private PathIds() {
    }

    /** A canonical UUID (36 characters), or empty for anything else. */
    public static Optional<UUID> parse(String raw) {
        if (raw == null || raw.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(raw));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The UUID in path parameter {@code name}; 404 when it is not one. */
    public static UUID of(Context ctx, String name) {
        return parse(ctx.pathParam(name)).orElseThrow(NotFoundResponse::new);
    }

    /** A UUID from a query parameter (a page cursor); null when absent or malformed. */
    public static UUID query(Context ctx, String name) {
        return parse(ctx.queryParam(name)).orElse(null);
    }
}
