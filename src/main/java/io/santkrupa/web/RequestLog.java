package io.santkrupa.web;

import io.javalin.http.Context;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.web.auth.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One line per request: request id, method, route template, status, clinic slug, user id,
 * duration. The route template (/clinic/{slug}/patients/{patientId}), never the raw path or
 * the query string, so search terms and other patient data stay out of the log.
 */
final class RequestLog {

    private static final Logger LOG = LoggerFactory.getLogger("io.santkrupa.request");
    private static final Pattern CLIENT_REQUEST_ID = Pattern.compile("^[A-Za-z0-9._-]{8,64}$");

    private RequestLog() {
    }

    static void assignRequestId(Context ctx) {
        String offered = ctx.header("X-Request-Id");
        String id = offered != null && CLIENT_REQUEST_ID.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
        ctx.attribute(RequestContext.REQUEST_ID, id);
        ctx.header("X-Request-Id", id);
        MDC.put("requestId", id);
    }

    static void log(Context ctx, Float millis) {
        try {
            CurrentClinic clinic = ctx.attribute(RequestContext.CLINIC);
            Principal principal = ctx.attribute(RequestContext.PRINCIPAL);
            LOG.info("request={} {} {} status={} clinic={} user={} duration={}ms",
                    RequestContext.requestId(ctx), ctx.method(), route(ctx), ctx.status().getCode(),
                    clinic == null ? "-" : clinic.slug(), principal == null ? "-" : principal.userId(),
                    String.format("%.1f", millis));
        } finally {
            MDC.clear();
        }
    }

    /**
     * The route as a metric's tag: the template, or one name for all static files and one for
     * every unmatched path, so a scanner's random paths cannot multiply the series.
     */
    static String metricRoute(Context ctx) {
        String template = RequestContext.routeTemplate(ctx);
        if (!template.isEmpty()) {
            return template;
        }
        String path = ctx.path();
        return path.startsWith("/webjars/") ? "/webjars/*" : path.startsWith("/static/") ? "/static/*" : "(unmatched)";
    }

    private static String route(Context ctx) {
        String template = RequestContext.routeTemplate(ctx);
        if (!template.isEmpty()) {
            return template;
        }
        return ctx.path().startsWith("/webjars/") || ctx.path().startsWith("/static/") ? ctx.path() : "(unmatched)";
    }
}
