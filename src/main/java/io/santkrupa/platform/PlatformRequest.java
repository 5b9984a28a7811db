package io.santkrupa.platform;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.santkrupa.web.RequestContext;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** What {@link PlatformFilter} established for a {@code /platform/...} request, read by its handlers. */
public final class PlatformRequest {

    static final String SESSION = "santkrupa.platformSession";

    private PlatformRequest() {
    }

    public static Optional<PlatformSessions.Active> session(Context ctx) {
        return Optional.ofNullable(ctx.attribute(SESSION));
    }

    /** The signed-in super admin; the filter guarantees one on every SIGNED_IN route. */
    public static PlatformPrincipal admin(Context ctx) {
        return session(ctx).map(PlatformSessions.Active::admin).orElseThrow(NotFoundResponse::new);
    }

    /** Who acts, for the platform's audit trail: the session's admin, or anonymous. */
    public static PlatformActor actor(Context ctx) {
        return session(ctx)
                .map(s -> new PlatformActor(s.admin().adminId(), s.admin().username(), RequestContext.requestId(ctx),
                        RequestContext.clientIp(ctx)))
                .orElseGet(() -> PlatformActor.anonymous(RequestContext.requestId(ctx), RequestContext.clientIp(ctx)));
    }

    /** A page's model with what the platform layout shows: the admin (when signed in), the CSRF token, the title. */
    public static Map<String, Object> model(Context ctx, String title) {
        Map<String, Object> model = new HashMap<>();
        Optional<PlatformSessions.Active> session = session(ctx);
        model.put("admin", session.filter(s -> s.stage() == PlatformSessions.Stage.COMPLETE)
                .map(PlatformSessions.Active::admin).orElse(null));
        model.put("csrf", session.map(PlatformSessions.Active::csrfToken).orElse(""));
        model.put("title", title + " - Santkrupa platform");
        // the clinic pages' layout variables: none of them on a platform page
        model.put("clinic", null);
        model.put("principal", null);
        model.put("permissions", java.util.List.of());
        return model;
    }
}
