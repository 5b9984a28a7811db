package io.santkrupa.web;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.security.RouteRole;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.clinic.ClinicDirectory;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.clinic.SubscriptionStatus;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.web.auth.Permission;
import io.santkrupa.web.auth.PermissionMatrix;
import io.santkrupa.web.auth.Principal;
import io.santkrupa.web.session.FormDrafts;
import io.santkrupa.web.session.Sessions;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;

/**
 * The one place where a {@code /clinic/{slug}/...} request is tied to its clinic: resolves the
 * slug (404 when unknown), takes an API request from the clinic's rate limit, applies the
 * subscription status, identifies the principal (session cookie for pages, bearer token for
 * the API) and refuses one of another clinic with the very same 404, checks the route's
 * permission, refuses writes of expired clinics, and checks the CSRF token of every
 * state-changing form.
 */
public final class TenantFilter {

    private static final Set<HandlerType> WRITES = Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH,
            HandlerType.DELETE);
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}|<([^>]+)>");

    private final ClinicDirectory directory;
    private static final String EXPIRED = "This clinic's subscription has expired: records can be read, not changed.";

    private final TenantTransactions tenants;
    private final Sessions sessions;
    private final AccessTokenVerifier accessTokens;
    private final AuditLog audit;
    private final WebSettings settings;
    private final ApiRateLimits apiRateLimits;
    private final Clock clock;

    public TenantFilter(ClinicDirectory directory, TenantTransactions tenants, Sessions sessions,
                        AccessTokenVerifier accessTokens, AuditLog audit, WebSettings settings,
                        ApiRateLimits apiRateLimits, Clock clock) {
        this.apiRateLimits = apiRateLimits;
        this.clock = clock;
        this.directory = directory;
        this.tenants = tenants;
        this.sessions = sessions;
        this.accessTokens = accessTokens;
        this.audit = audit;
        this.settings = settings;
    }

    public void handle(Context ctx) {
        Permission permission = permissionOf(ctx);
        CurrentClinic clinic = clinicOf(ctx, ctx.pathParam("slug"), permission);
        ctx.attribute(RequestContext.CLINIC, clinic);
        if (clinic.status() == SubscriptionStatus.SUSPENDED) {
            throw new ClinicSuspended();
        }
        boolean api = RequestContext.isApi(ctx);
        Optional<Principal> principal = api ? bearerPrincipal(ctx, clinic, permission) : sessionPrincipal(ctx, clinic, permission);
        principal.ifPresent(p -> ctx.attribute(RequestContext.PRINCIPAL, p));
        if (permission == Permission.PUBLIC) {
            return;
        }
        if (principal.isEmpty()) {
            if (api) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"santkrupa\"");
                throw new UnauthorizedResponse();
            }
            if (ctx.method() == HandlerType.POST) {
                signInAgainToKeep(ctx, clinic);
            }
            String next = URLEncoder.encode(ctx.method() == HandlerType.GET ? ctx.path() : pageOfTheForm(ctx, clinic),
                    StandardCharsets.UTF_8);
            ctx.redirect("/clinic/" + clinic.slug() + "/login?next=" + next, HttpStatus.SEE_OTHER);
            ctx.skipRemainingHandlers();
            return;
        }
        if (!PermissionMatrix.allows(principal.get().role(), permission)) {
            // the same refusal again (same person, route and ids) within the hour is counted, not written again
            String route = ctx.method().name() + " " + RequestContext.routeTemplate(ctx);
            String resource = resource(ctx);
            tenants.inClinic(clinic.id(), tx -> {
                audit.recordRepeatable(tx, clinic.id(), RequestContext.audit(ctx), "access.denied",
                        AuditLog.Outcome.DENIED, route, resource, clock.instant(),
                        permission.name() + " needed: " + route + (resource.isEmpty() ? "" : " " + resource));
                return null;
            });
            throw new ForbiddenResponse();
        }
        if (WRITES.contains(ctx.method())) {
            if (!clinic.status().allowsWrites() && permission != Permission.SIGN_OUT) {
                throw new ForbiddenResponse(EXPIRED);
            }
            if (!api) {
                requireCsrfToken(ctx);
            }
        }
    }

    /**
     * The request's clinic. A signed-in route takes it from memory when an earlier request here
     * resolved it and its remembered status lets this request through, and confirms the status
     * as the first read of the request's own transaction (a transaction fewer per request): a
     * clinic suspended or expired since, on any instance, is refused right there, before the
     * request reads or writes anything. A remembered status that would refuse is never trusted
     * without asking again, nor is memory used for sign-in routes (whose throttle may finish them
     * on another thread, where a deferred check would not run).
     */
    private CurrentClinic clinicOf(Context ctx, String slug, Permission permission) {
        if (permission != Permission.PUBLIC) {
            Optional<CurrentClinic> remembered = directory.remembered(slug);
            if (remembered.isPresent() && !statusRefuses(remembered.get().status(), ctx, permission)) {
                CurrentClinic clinic = remembered.get();
                tenants.deferCheck(clinic.id(), directory.statusNow(clinic),
                        statusNow -> confirmStatus(statusNow, ctx, clinic, permission));
                return clinic;
            }
        }
        return directory.resolve(slug).orElseThrow(NotFoundResponse::new);
    }

    private void confirmStatus(String statusNow, Context ctx, CurrentClinic clinic, Permission permission) {
        SubscriptionStatus now = directory.confirmed(clinic, statusNow).orElseThrow(NotFoundResponse::new); // offboarded since
        if (now != clinic.status()) {
            ctx.attribute(RequestContext.CLINIC, new CurrentClinic(clinic.id(), clinic.slug(), now, clinic.zone()));
            if (now == SubscriptionStatus.SUSPENDED) {
                throw new ClinicSuspended();
            }
            if (statusRefuses(now, ctx, permission)) {
                throw new ForbiddenResponse(EXPIRED);
            }
        }
    }

    /** Suspended refuses everything; expired, every write but signing out. */
    private static boolean statusRefuses(SubscriptionStatus status, Context ctx, Permission permission) {
        return status == SubscriptionStatus.SUSPENDED
                || !status.allowsWrites() && WRITES.contains(ctx.method()) && permission != Permission.SIGN_OUT;
    }

    /**
     * A form posted after its session ended (idle, or signed out elsewhere) is not written, and
     * what was typed is not lost: a form that names its draft is carried through the sign-in
     * page, and kept for the same person once they have signed in again. The page's own
     * requests (JSON) just hear 401.
     */
    private static void signInAgainToKeep(Context ctx, CurrentClinic clinic) {
        String accept = ctx.header("Accept");
        if (accept != null && accept.startsWith("application/json")) {
            throw new UnauthorizedResponse();
        }
        Optional<FormDrafts.Key> key = FormDrafts.Key.parse(ctx.formParam(FormDrafts.FIELD), clinic.slug());
        if (key.isPresent()) {
            throw new SignInToKeep(key.get(), FormDrafts.fieldsOf(ctx.formParamMap()).orElse(java.util.Map.of()));
        }
    }

    /** Where to come back to after signing in, for a form posted without a session: the page it was on. */
    private static String pageOfTheForm(Context ctx, CurrentClinic clinic) {
        String referer = ctx.header("Referer");
        if (referer != null) {
            try {
                String path = java.net.URI.create(referer).getPath();
                if (path != null && path.startsWith("/clinic/" + clinic.slug() + "/")) {
                    return path;
                }
            } catch (IllegalArgumentException malformed) {
                // no page to go back to: the clinic's home
            }
        }
        return "/clinic/" + clinic.slug() + "/";
    }

    /**
     * The ids of the address (its path parameters but the slug, in order), '/'-separated; anything
     * that is not an id is '?': a name typed into a URL is never written to the audit trail.
     */
    static String resource(Context ctx) {
        List<String> ids = new ArrayList<>();
        Matcher m = PATH_PARAM.matcher(RequestContext.routeTemplate(ctx));
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            if (!name.equals("slug")) {
                ids.add(PathIds.parse(ctx.pathParam(name)).map(java.util.UUID::toString).orElse("?"));
            }
        }
        return String.join("/", ids);
    }

    /** Every /clinic route declares exactly one permission; a route without one is a programming error. */
    static Permission permissionOf(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        if (roles.size() != 1 || !(roles.iterator().next() instanceof Permission permission)) {
            throw new IllegalStateException("route " + RequestContext.routeTemplate(ctx) + " must declare exactly one Permission");
        }
        return permission;
    }

    private Optional<Principal> bearerPrincipal(Context ctx, CurrentClinic clinic, Permission permission) {
        String header = ctx.header("Authorization");
        Optional<Principal> principal = header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? Optional.empty() : accessTokens.verify(header.substring(7).strip());
        if (principal.isPresent() && !principal.get().clinic().equals(clinic.id())) {
            if (permission != Permission.PUBLIC) {
                // another clinic's token: the very answer of an unknown clinic, headers too -- so no
                // bucket is charged (an unknown clinic's requests charge none, and cost the same)
                throw new NotFoundResponse();
            }
            principal = Optional.empty(); // on a public route it is no one's: anonymous
        }
        // charged before anything touches the database: a clinic's own requests to its bucket,
        // anyone else's (no token, a forged one, another clinic's on a public route) to their address
        if (principal.isPresent()) {
            apiRateLimits.take(ctx, clinic.id());
        } else {
            apiRateLimits.takeAnonymous(ctx, RequestContext.clientIp(ctx));
            return principal;
        }
        if (permission != Permission.PUBLIC) {
            // checked as the first read of the request's own transaction (one transaction fewer per request)
            Principal signed = principal.get();
            tenants.deferCheck(clinic.id(), stillActive(clinic, signed), active -> {
                if (!active) {
                    // 401: the account was deactivated (or changed) after the token was issued
                    ctx.header("WWW-Authenticate", "Bearer realm=\"santkrupa\"");
                    throw new UnauthorizedResponse();
                }
            });
        }
        return principal;
    }

    /**
     * A signed token outlives nothing it stands for: the account must still be active, with the
     * role and patient link the token names. One primary-key read per API request; without it a
     * deactivated user's token would keep working until it expires.
     */
    private static org.jooq.Field<Boolean> stillActive(CurrentClinic clinic, Principal principal) {
        return DSL.field(DSL.exists(DSL.selectOne().from(APP_USER).where(
                APP_USER.CLINIC_ID.eq(clinic.id().value()), APP_USER.ID.eq(principal.userId()),
                APP_USER.IS_ACTIVE.isTrue(), APP_USER.ROLE.eq(principal.role().dbValue()),
                principal.patientId() == null ? APP_USER.PATIENT_ID.isNull() : APP_USER.PATIENT_ID.eq(principal.patientId()))));
    }

    private Optional<Principal> sessionPrincipal(Context ctx, CurrentClinic clinic, Permission permission) {
        Optional<Sessions.Presented> presented = Sessions.parse(ctx.cookie(settings.sessionCookieName()));
        if (presented.isEmpty()) {
            return Optional.empty();
        }
        if (!presented.get().clinic().equals(clinic.id())) {
            if (permission == Permission.PUBLIC) {
                return Optional.empty(); // the login page of another clinic stays reachable
            }
            throw new NotFoundResponse(); // a session of another clinic: the same answer as an unknown clinic
        }
        boolean byThePageItself = "1".equals(ctx.header("X-Background-Refresh")) || "auto".equals(ctx.queryParam("refresh"));
        Optional<Sessions.Active> active = tenants.inClinic(clinic.id(),
                tx -> sessions.find(tx, presented.get(), !byThePageItself));
        active.ifPresent(session -> ctx.attribute(RequestContext.SESSION, session));
        return active.map(Sessions.Active::principal);
    }

    private static void requireCsrfToken(Context ctx) {
        String expected = RequestContext.session(ctx).map(Sessions.Active::csrfToken).orElse(null);
        String presented = ctx.formParam("_csrf");
        if (expected == null || presented == null
                || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8))) {
            throw new ForbiddenResponse("This form has expired. Go back, reload the page and try again.");
        }
    }

    /** A form posted without a live session, to be carried through the sign-in page (LoginPages). */
    public static final class SignInToKeep extends RuntimeException {
        private final transient FormDrafts.Key key;
        private final transient java.util.Map<String, String> fields;

        SignInToKeep(FormDrafts.Key key, java.util.Map<String, String> fields) {
            super("session ended: the form is carried through the sign-in", null, false, false);
            this.key = key;
            this.fields = fields;
        }

        public FormDrafts.Key key() {
            return key;
        }

        public java.util.Map<String, String> fields() {
            return fields;
        }
    }

    /** A suspended clinic: a page that says so, and nothing else. */
    public static final class ClinicSuspended extends RuntimeException {
        public ClinicSuspended() {
            super("clinic suspended", null, false, false);
        }
    }
}
