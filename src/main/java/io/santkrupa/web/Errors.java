package io.santkrupa.web;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.santkrupa.db.DatabaseTimeout;
import io.santkrupa.db.DatabaseUnavailable;
import io.santkrupa.web.api.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every error answer, in one place: a page for the browser, RFC 9457 problem+json for the API.
 * A 404 is one fixed answer whatever the cause (unknown clinic, another clinic's record, a
 * malformed id), so it reveals nothing about what exists. Never a stack trace.
 */
public final class Errors {

    private static final Logger LOG = LoggerFactory.getLogger(Errors.class);

    private final Pages pages;

    public Errors(Pages pages) {
        this.pages = pages;
    }

    void httpException(HttpResponseException e, Context ctx) {
        respond(ctx, e.getStatus(), e.getStatus() == 404 ? null : e.getMessage());
    }

    /** A problem an API handler raised: its own type and field errors. */
    void apiProblem(ApiProblem e, Context ctx) {
        if (!RequestContext.isApi(ctx)) {
            respond(ctx, e.status(), e.detail());
            return;
        }
        ctx.status(e.status());
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", e.type());
        problem.put("title", e.title());
        problem.put("status", e.status());
        problem.put("detail", e.detail());
        if (!e.errors().isEmpty()) {
            problem.put("errors", e.errors());
        }
        problem.putAll(e.extensions());
        ctx.contentType("application/problem+json").result(Json.write(problem));
    }

    void unexpected(Exception e, Context ctx) {
        if (DatabaseUnavailable.is(e)) {
            // nothing was acknowledged; the client may retry (writes carry their Idempotency-Key)
            LOG.warn("request {} answered 503: the database is unavailable ({})", RequestContext.requestId(ctx),
                    e.getClass().getSimpleName());
            ctx.header("Retry-After", "5");
            respond(ctx, 503, "The service is briefly unavailable. Please try again in a moment.");
            return;
        }
        if (DatabaseTimeout.is(e)) {
            // a statement cut off by the session's limits: the server's condition (load, a lock held by
            // a migration or a DBA), not the client's error nor a bug; rolled back, so a retry is safe
            LOG.warn("request {} answered 503: a statement was cut off by the session's limits (SQLSTATE {})",
                    RequestContext.requestId(ctx), DatabaseTimeout.state(e));
            ctx.header("Retry-After", "5");
            respond(ctx, 503, "The request took too long and was stopped; nothing was saved. Please try again in a moment.");
            return;
        }
        LOG.error("request {} failed", RequestContext.requestId(ctx), e);
        respond(ctx, 500, null);
    }

    void notFound(Context ctx) {
        respond(ctx, 404, null);
    }

    private void respond(Context ctx, int status, String detail) {
        HttpStatus httpStatus = HttpStatus.forStatus(status);
        String title = httpStatus == HttpStatus.UNKNOWN ? "Error" : httpStatus.getMessage();
        String message = detail == null || detail.isBlank() || detail.equals(title) ? defaultDetail(status) : detail;
        ctx.status(status);
        if (RequestContext.isApi(ctx)) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "about:blank");
            problem.put("title", title);
            problem.put("status", status);
            problem.put("detail", message);
            ctx.contentType("application/problem+json").result(Json.write(problem));
        } else {
            Map<String, Object> model = new HashMap<>(Map.of("status", status, "heading", title, "message", message,
                    "title", title + " - Santkrupa"));
            if (status == 404 || status == 503) {
                // 404: the same page whatever the cause; 503: nothing that needs the database.
                // No clinic header, no signed-in user, no link
                model.put("clinic", null);
                model.put("principal", null);
                model.put("permissions", List.of());
                model.put("csrf", "");
            }
            pages.render(ctx, "error", model);
        }
    }

    private static String defaultDetail(int status) {
        return switch (status) {
            case 400 -> "The request could not be understood.";
            case 401 -> "Authentication is required.";
            case 403 -> "You do not have permission to do this.";
            case 404 -> "There is nothing here.";
            case 405 -> "This address does not take this method.";
            case 413 -> "The request is too large.";
            case 415 -> "The request's content type is not one this address takes.";
            case 429 -> "Too many attempts. Please wait and try again.";
            default -> "Something went wrong on our side. It has been logged; please try again.";
        };
    }
}
