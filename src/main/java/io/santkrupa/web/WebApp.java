package io.santkrupa.web;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;

import java.util.Map;

import static io.santkrupa.web.auth.Permission.AUDIT_VIEW;
import static io.santkrupa.web.auth.Permission.CONSULTATION;
import static io.santkrupa.web.auth.Permission.DASHBOARD;
import static io.santkrupa.web.auth.Permission.OWN_RECORD;
import static io.santkrupa.web.auth.Permission.PATIENT_DEMOGRAPHICS;
import static io.santkrupa.web.auth.Permission.PATIENT_REGISTER;
import static io.santkrupa.web.auth.Permission.PATIENT_SEARCH;
import static io.santkrupa.web.auth.Permission.PUBLIC;
import static io.santkrupa.web.auth.Permission.SIGN_OUT;
import static io.santkrupa.web.auth.Permission.VISIT_CHECK_IN;

/**
 * The HTTP application: every route in one table. Every {@code /clinic/{slug}/...} route
 * declares the one permission it needs; {@link TenantFilter} enforces it before the handler runs.
 */
public final class WebApp {

    private WebApp() {
    }

    /** The application, not yet started. */
    public static Javalin create(WebServices services) {
        return Javalin.create(config -> configure(config, services));
    }

    private static void configure(JavalinConfig config, WebServices s) {
        config.startup.showJavalinBanner = false;
        config.staticFiles.enableWebjars();
        config.staticFiles.add(files -> {
            files.hostedPath = "/static";
            files.directory = "/static";
            files.location = Location.CLASSPATH;
        });
        config.requestLogger.http(RequestLog::log);

        var routes = config.routes;
        routes.before(RequestLog::assignRequestId);
        routes.beforeMatched(ctx -> {
            if (RequestContext.routeTemplate(ctx).startsWith("/clinic/{slug}")) {
                s.tenantFilter.handle(ctx);
            }
        });
        routes.after(SecurityHeaders::apply);
        routes.exception(TenantFilter.ClinicSuspended.class, (e, ctx) -> suspended(ctx, s));
        routes.exception(HttpResponseException.class, s.errors::httpException);
        routes.exception(Exception.class, s.errors::unexpected);
        routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                s.errors.notFound(ctx);
            }
        });

        // outside any clinic
        routes.get("/", ctx -> ctx.redirect("/login", HttpStatus.SEE_OTHER));
        routes.get("/health/live", ctx -> ctx.result("ok"));
        routes.get("/health/ready", ctx -> {
            boolean up = s.tenants.databaseReachable();
            ctx.status(up ? 200 : 503).result(up ? "ok" : "database unreachable");
        });
        routes.get("/login", s.loginPages::anyClinicForm);
        routes.post("/login", s.loginPages::anyClinicSubmit);
        routes.post("/logout", s.loginPages::anyClinicLogout);

        // a clinic's pages
        routes.get("/clinic/{slug}/login", s.loginPages::clinicForm, PUBLIC);
        routes.post("/clinic/{slug}/login", s.loginPages::clinicSubmit, PUBLIC);
        routes.post("/clinic/{slug}/logout", s.loginPages::clinicLogout, SIGN_OUT);
        routes.get("/clinic/{slug}", s.dashboard::show, DASHBOARD);

        // reception: registering and editing patients, checking them in, the day's queue
        // (before /patients/{patientId}: the first route that matches a path handles it)
        routes.get("/clinic/{slug}/patients/new", s.patientPages::newForm, PATIENT_REGISTER);
        routes.post("/clinic/{slug}/patients", s.patientPages::register, PATIENT_REGISTER);
        routes.get("/clinic/{slug}/patients/{patientId}/edit", s.patientPages::editForm, PATIENT_REGISTER);
        routes.post("/clinic/{slug}/patients/{patientId}/edit", s.patientPages::update, PATIENT_REGISTER);
        routes.get("/clinic/{slug}/patients/{patientId}/check-in", s.checkInPages::form, VISIT_CHECK_IN);
        routes.post("/clinic/{slug}/patients/{patientId}/check-in", s.checkInPages::checkIn, VISIT_CHECK_IN);
        // the queue is read by the desk (every doctor) and by doctors (their own)
        routes.get("/clinic/{slug}/queue", s.queuePages::show, PATIENT_DEMOGRAPHICS);
        routes.get("/clinic/{slug}/queue/partial", s.queuePages::partial, PATIENT_DEMOGRAPHICS);
        routes.post("/clinic/{slug}/queue/{visitId}/status", s.queuePages::receptionMove, VISIT_CHECK_IN);
        routes.post("/clinic/{slug}/queue/{visitId}/consultation", s.queuePages::doctorMove, CONSULTATION);

        routes.get("/clinic/{slug}/patients", s.patientPages::search, PATIENT_SEARCH);
        routes.get("/clinic/{slug}/patients/{patientId}", s.patientPages::show, PATIENT_DEMOGRAPHICS);
        routes.get("/clinic/{slug}/my-record", s.patientPages::own, OWN_RECORD);
        routes.get("/clinic/{slug}/audit", s.auditPages::list, AUDIT_VIEW);

        // a clinic's API
        routes.post("/clinic/{slug}/api/v1/auth/token", s.apiAuth::token, PUBLIC);
        routes.post("/clinic/{slug}/api/v1/auth/refresh", s.apiAuth::refresh, PUBLIC);
        routes.post("/clinic/{slug}/api/v1/auth/logout", s.apiAuth::logout, PUBLIC);
        routes.get("/clinic/{slug}/api/v1/me", s.meApi::show, DASHBOARD);
        routes.get("/clinic/{slug}/api/v1/patients/{patientId}", s.patientApi::show, PATIENT_DEMOGRAPHICS);
    }

    private static void suspended(io.javalin.http.Context ctx, WebServices s) {
        ctx.status(403);
        if (RequestContext.isApi(ctx)) {
            ctx.contentType("application/problem+json").result(Json.write(Map.of("type", "about:blank",
                    "title", "Clinic suspended", "status", 403,
                    "detail", "This clinic's account is suspended. Contact the clinic's administrator.")));
        } else {
            s.pages.render(ctx, "suspended", Map.of("title", "Clinic suspended - Santkrupa"));
        }
    }
}
