package io.santkrupa.web;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.santkrupa.audit.AuditContext;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.web.auth.Principal;
import io.santkrupa.web.session.Sessions;

import java.util.Optional;
import java.util.UUID;

/**
 * What the tenant filter established for a request, read by handlers. Handlers never parse
 * the slug or the credentials themselves.
 */
public final class RequestContext {

    static final String REQUEST_ID = "santkrupa.requestId";
    static final String CLINIC = "santkrupa.clinic";
    static final String PRINCIPAL = "santkrupa.principal";
    static final String SESSION = "santkrupa.session";

    private RequestContext() {
    }

    public static String requestId(Context ctx) {
        String id = ctx.attribute(REQUEST_ID);
        return id == null ? "" : id;
    }

    public static CurrentClinic clinic(Context ctx) {
        CurrentClinic clinic = ctx.attribute(CLINIC);
        if (clinic == null) {
            throw new NotFoundResponse();
        }
        return clinic;
    }

    /** The clinic of a /clinic/{slug} request, when the filter has resolved one. */
    public static Optional<CurrentClinic> clinicIfResolved(Context ctx) {
        return Optional.ofNullable(ctx.attribute(CLINIC));
    }

    public static Optional<Principal> principal(Context ctx) {
        return Optional.ofNullable(ctx.attribute(PRINCIPAL));
    }

    /** The authenticated principal; the filter guarantees one on every non-public route. */
    public static Principal requirePrincipal(Context ctx) {
        return principal(ctx).orElseThrow(NotFoundResponse::new);
    }

    /**
     * The signed-in patient's own patient id, never one from the URL; 404 when the principal is
     * linked to no patient (as for any record it may not see).
     */
    public static UUID ownPatientId(Context ctx) {
        UUID id = requirePrincipal(ctx).patientId();
        if (id == null) {
            throw new NotFoundResponse();
        }
        return id;
    }

    public static Optional<Sessions.Active> session(Context ctx) {
        return Optional.ofNullable(ctx.attribute(SESSION));
    }

    public static String clientIp(Context ctx) {
        return ctx.ip();
    }

    public static AuditContext audit(Context ctx) {
        Optional<Principal> who = principal(ctx);
        return new AuditContext(who.map(Principal::userId).orElse(null),
                who.map(p -> p.role().dbValue()).orElse(null), requestId(ctx), clientIp(ctx));
    }

    /** The template of the matched route, e.g. /clinic/{slug}/patients/{patientId}; empty when none matched. */
    public static String routeTemplate(Context ctx) {
        try {
            var endpoint = ctx.endpoints().matchedHttpEndpoint();
            return endpoint == null ? "" : endpoint.path;
        } catch (RuntimeException noneMatched) {
            return "";
        }
    }

    public static boolean isApi(Context ctx) {
        return ctx.path().contains("/api/");
    }
}
