package io.santkrupa.web;

import io.javalin.http.Context;

/** Headers every response carries: no framing, no sniffing, no third-party anything, no caching of records. */
public final class SecurityHeaders {

    private SecurityHeaders() {
    }

    public static void apply(Context ctx) {
        ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "same-origin");
        boolean chosenByTheRoute = ctx.res().getHeader("Cache-Control") != null && ctx.status().getCode() == 200;
        if (!ctx.path().startsWith("/webjars/") && !ctx.path().startsWith("/static/") && !chosenByTheRoute) {
            // pages and API answers carry patient data: never kept by the browser or a proxy (the
            // clinic's logo, which is none, says itself how it may be kept)
            ctx.header("Cache-Control", "no-store");
        }
    }
}
