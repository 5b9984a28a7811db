package io.santkrupa.platform;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.security.RouteRole;
import io.santkrupa.db.PlatformTransactions;
import io.santkrupa.web.RequestContext;
import io.santkrupa.web.WebSettings;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

/**
 * The one place where a {@code /platform/...} request meets its session: finds the super
 * admin's session from the platform cookie (never a clinic's), lets each route through only
 * at the stage it declares ({@link PlatformAccess}), and checks the CSRF token of every
 * state-changing form but the sign-in (which carries its own).
 */
public final class PlatformFilter {

    private static final Set<HandlerType> WRITES = Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH,
            HandlerType.DELETE);

    private final PlatformTransactions platform;
    private final PlatformSessions sessions;
    private final WebSettings settings;

    public PlatformFilter(PlatformTransactions platform, PlatformSessions sessions, WebSettings settings) {
        this.platform = platform;
        this.sessions = sessions;
        this.settings = settings;
    }

    public void handle(Context ctx) {
        PlatformAccess access = accessOf(ctx);
        String cookie = ctx.cookie(settings.platformSessionCookieName());
        Optional<PlatformSessions.Active> session = cookie == null ? Optional.empty()
                : platform.run(tx -> sessions.find(tx, cookie));
        session.ifPresent(s -> ctx.attribute(PlatformRequest.SESSION, s));
        if (access == PlatformAccess.PUBLIC) {
            return;
        }
        boolean complete = session.map(s -> s.stage() == PlatformSessions.Stage.COMPLETE).orElse(false);
        if (access == PlatformAccess.SECOND_FACTOR && (session.isEmpty() || complete)) {
            redirect(ctx, complete ? "/platform" : "/platform/login");
            return;
        }
        if (access == PlatformAccess.SIGNED_IN && !complete) {
            if (session.isPresent()) {
                // half open: finish the second factor first
                redirect(ctx, session.get().stage() == PlatformSessions.Stage.ENROLMENT
                        ? "/platform/login/enrol" : "/platform/login/second-factor");
            } else {
                redirect(ctx, "/platform/login?next=" + URLEncoder.encode(ctx.path(), StandardCharsets.UTF_8));
            }
            return;
        }
        if (WRITES.contains(ctx.method())) {
            String presented = ctx.formParam("_csrf");
            String expected = session.get().csrfToken();
            if (presented == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                    presented.getBytes(StandardCharsets.UTF_8))) {
                throw new ForbiddenResponse("This form has expired. Go back, reload the page and try again.");
            }
        }
    }

    /** Every /platform route declares exactly one PlatformAccess; a route without one is a programming error. */
    static PlatformAccess accessOf(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        if (roles.size() != 1 || !(roles.iterator().next() instanceof PlatformAccess access)) {
            throw new IllegalStateException("route " + RequestContext.routeTemplate(ctx)
                    + " must declare exactly one PlatformAccess");
        }
        return access;
    }

    /** Only a path of the console itself: never an open redirect. */
    public static String safeNext(String next) {
        if (next != null && (next.equals("/platform") || next.startsWith("/platform/")) && !next.contains("//")
                && !next.contains("\\") && next.chars().noneMatch(Character::isISOControl)) {
            return next;
        }
        return "/platform";
    }

    private static void redirect(Context ctx, String location) {
        ctx.redirect(location, HttpStatus.SEE_OTHER);
        ctx.skipRemainingHandlers();
    }
}
