package io.santkrupa.web;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;

import io.santkrupa.platform.PlatformAccess;
import io.santkrupa.web.api.ApiProblem;

import org.eclipse.jetty.server.handler.GracefulHandler;

import java.time.Duration;
import java.util.Map;

import static io.santkrupa.platform.PlatformAccess.SIGNED_IN;
import static io.santkrupa.web.auth.Permission.ANALYTICS_VIEW;
import static io.santkrupa.web.auth.Permission.AUDIT_VIEW;
import static io.santkrupa.web.auth.Permission.CATALOG_MANAGE;
import static io.santkrupa.web.auth.Permission.CATALOG_READ;
import static io.santkrupa.web.auth.Permission.CLINIC_SETTINGS;
import static io.santkrupa.web.auth.Permission.CONSULTATION;
import static io.santkrupa.web.auth.Permission.DASHBOARD;
import static io.santkrupa.web.auth.Permission.LAB_WORK;
import static io.santkrupa.web.auth.Permission.PATIENT_CLINICAL;
import static io.santkrupa.web.auth.Permission.OWN_RECORD;
import static io.santkrupa.web.auth.Permission.PATIENT_CLINICAL;
import static io.santkrupa.web.auth.Permission.PATIENT_DEMOGRAPHICS;
import static io.santkrupa.web.auth.Permission.PATIENT_EXPORT;
import static io.santkrupa.web.auth.Permission.PATIENT_ERASE;
import static io.santkrupa.web.auth.Permission.PATIENT_REGISTER;
import static io.santkrupa.web.auth.Permission.PATIENT_SEARCH;
import static io.santkrupa.web.auth.Permission.PORTAL_INVITE;
import static io.santkrupa.web.auth.Permission.PUBLIC;
import static io.santkrupa.web.auth.Permission.OWN_SESSION;
import static io.santkrupa.web.auth.Permission.PRINT_FOR_PATIENT;
import static io.santkrupa.web.auth.Permission.SIGN_OUT;
import static io.santkrupa.web.auth.Permission.STAFF_MANAGE;
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
        return create(services, RequestMetrics.NONE, Duration.ZERO);
    }

    /**
     * The application, not yet started, timing each request by its route into {@code metrics}.
     *
     * @param shutdownGrace how long stopping waits for the requests in flight to finish (new ones
     *                      are refused at once); zero stops at once
     */
    public static Javalin create(WebServices services, RequestMetrics metrics, Duration shutdownGrace) {
        return Javalin.create(config -> configure(config, services, metrics, shutdownGrace));
    }

    private static void configure(JavalinConfig config, WebServices s, RequestMetrics metrics, Duration shutdownGrace) {
        config.startup.showJavalinBanner = false;
        config.staticFiles.enableWebjars();
        config.staticFiles.add(files -> {
            files.hostedPath = "/static";
            files.directory = "/static";
            files.location = Location.CLASSPATH;
        });
        config.requestLogger.http((ctx, millis) -> {
            metrics.record(ctx.method().name(), RequestLog.metricRoute(ctx), ctx.status().getCode(),
                    (long) (millis * 1_000_000L));
            RequestLog.log(ctx, millis);
        });
        // report uploads: the application refuses files over 10 MB with a message; the server
        // stops anything far larger before reading it
        config.http.maxRequestSize = 26L * 1024 * 1024;
        config.jetty.multipartConfig.maxFileSize(25, SizeUnit.MB);
        config.jetty.multipartConfig.maxTotalRequestSize(26, SizeUnit.MB);
        // what Jetty refuses before any route runs (an address that is not UTF-8, too long) is answered
        // like every other refusal: problem+json for the API, a short page otherwise
        config.jetty.modifyServer(server -> server.setErrorHandler(new ServerErrors()));
        config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new ServerErrors()));
        if (shutdownGrace.isPositive()) {
            // graceful stop: the connectors stop accepting, requests in flight finish (up to the grace)
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(shutdownGrace.toMillis());
                server.insertHandler(new GracefulHandler());
            });
        }

        var routes = config.routes;
        routes.before(RequestLog::assignRequestId);
        routes.before(ctx -> s.tenants.forgetDeferredCheck());
        // one input rule for every text of every request, before sign-in, CSRF or any handler reads it
        routes.before(InputRule::checkRequest);
        routes.beforeMatched(ctx -> {
            String template = RequestContext.routeTemplate(ctx);
            if (template.startsWith("/clinic/{slug}")) {
                s.tenantFilter.handle(ctx);
            } else if (template.equals("/platform") || template.startsWith("/platform/")) {
                s.platformFilter.handle(ctx);
            }
        });
        // an API request's account check its handler gave no transaction to run in (TenantFilter)
        routes.afterMatched(ctx -> s.tenants.settleDeferredCheck());
        routes.after(SecurityHeaders::apply);
        routes.after(s.draftPages::afterSave);
        routes.exception(TenantFilter.ClinicSuspended.class, (e, ctx) -> suspended(ctx, s));
        routes.exception(TenantFilter.SignInToKeep.class, (e, ctx) -> s.loginPages.signInAgainToKeep(ctx, e.key(), e.fields()));
        routes.exception(ApiProblem.class, s.errors::apiProblem);
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
        // the API's description, for every clinic (its server URL takes the clinic's slug)
        routes.get("/api/v1/openapi.json", s.openApi::serve);
        routes.get("/api/docs", s.apiDocs::show);

        // the platform console (super admins): its own sign-in, its own sessions, every route one PlatformAccess
        // -- signing in (password, then TOTP or a recovery code; enrolment at the first sign-in)
        routes.get("/platform/login", s.platformLogin::form, PlatformAccess.PUBLIC);
        routes.post("/platform/login", s.platformLogin::submit, PlatformAccess.PUBLIC);
        routes.get("/platform/login/second-factor", s.platformLogin::secondFactorForm, PlatformAccess.SECOND_FACTOR);
        routes.post("/platform/login/second-factor", s.platformLogin::secondFactorSubmit, PlatformAccess.SECOND_FACTOR);
        routes.get("/platform/login/enrol", s.platformLogin::enrolForm, PlatformAccess.SECOND_FACTOR);
        routes.post("/platform/login/enrol", s.platformLogin::enrolSubmit, PlatformAccess.SECOND_FACTOR);
        routes.post("/platform/logout", s.platformLogin::logout, PlatformAccess.SIGNED_IN);
        routes.get("/platform/account", s.platformAccount::show, PlatformAccess.SIGNED_IN);
        routes.post("/platform/account/recovery-codes", s.platformAccount::newRecoveryCodes, PlatformAccess.SIGNED_IN);
        // -- the clinics: list, onboard, subscription and limits; the platform's audit log
        routes.get("/platform", s.clinicConsole::list, SIGNED_IN);
        routes.get("/platform/clinics/new", s.clinicConsole::newForm, SIGNED_IN);
        routes.post("/platform/clinics", s.clinicConsole::onboard, SIGNED_IN);
        routes.get("/platform/clinics/{slug}", s.clinicConsole::show, SIGNED_IN);
        routes.post("/platform/clinics/{slug}/status", s.clinicConsole::changeStatus, SIGNED_IN);
        routes.post("/platform/clinics/{slug}/limits", s.clinicConsole::changeLimits, SIGNED_IN);
        routes.post("/platform/clinics/{slug}/admin-link", s.clinicConsole::reissueLink, SIGNED_IN);
        // -- a clinic's archive (export-clinic's), and offboarding a suspended clinic against it
        routes.post("/platform/clinics/{slug}/export", s.clinicConsole::export, SIGNED_IN);
        routes.post("/platform/clinics/{slug}/offboard", s.clinicConsole::offboard, SIGNED_IN);
        routes.get("/platform/audit", s.platformAudit::list, SIGNED_IN);

        // a clinic's pages
        routes.get("/clinic/{slug}/login", s.loginPages::clinicForm, PUBLIC);
        routes.post("/clinic/{slug}/login", s.loginPages::clinicSubmit, PUBLIC);
        routes.post("/clinic/{slug}/logout", s.loginPages::clinicLogout, SIGN_OUT);
        routes.get("/clinic/{slug}", s.dashboard::show, DASHBOARD);
        // the page's own requests (session.js): stay signed in; keep what was typed but not saved yet
        routes.post("/clinic/{slug}/session/keepalive", s.draftPages::keepAlive, OWN_SESSION);
        routes.get("/clinic/{slug}/drafts", s.draftPages::ofPage, OWN_SESSION);
        routes.post("/clinic/{slug}/drafts", s.draftPages::keep, OWN_SESSION);
        routes.post("/clinic/{slug}/drafts/discard", s.draftPages::discard, OWN_SESSION);
        // a one-time link: its person chooses their own password (a new clinic's first administrator)
        routes.get("/clinic/{slug}/welcome/{token}", s.setPasswordPages::form, PUBLIC);
        routes.post("/clinic/{slug}/welcome/{token}", s.setPasswordPages::submit, PUBLIC);
        // ... or the code of a patient's invitation, typed on a page the sign-in page links to
        routes.get("/clinic/{slug}/welcome", s.setPasswordPages::codeForm, PUBLIC);
        routes.post("/clinic/{slug}/welcome", s.setPasswordPages::codeSubmit, PUBLIC);

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
        // a patient's data on request, as one zip: from the chart (the desk, the doctor) and by the patient
        routes.get("/clinic/{slug}/patients/{patientId}/export", s.patientExport::download, PATIENT_EXPORT);
        routes.get("/clinic/{slug}/my-record/export", s.patientExport::downloadOwn, OWN_RECORD);
        // documents on the record pages: uploaded by the doctor from the chart, downloaded by doctors and the patient
        routes.post("/clinic/{slug}/patients/{patientId}/documents", s.documentPages::upload, CONSULTATION);
        routes.get("/clinic/{slug}/patients/{patientId}/documents/{reportId}/file", s.documentPages::download,
                PATIENT_CLINICAL);
        routes.get("/clinic/{slug}/my-record/documents/{reportId}/file", s.documentPages::downloadOwn, OWN_RECORD);
        // the patient portal: the desk and the clinic admin invite a patient, reissue, revoke, disable
        routes.get("/clinic/{slug}/portal", s.portalPages::list, PORTAL_INVITE);
        routes.get("/clinic/{slug}/patients/{patientId}/portal", s.portalPages::show, PORTAL_INVITE);
        routes.post("/clinic/{slug}/patients/{patientId}/portal/invitation", s.portalPages::invite, PORTAL_INVITE);
        routes.post("/clinic/{slug}/patients/{patientId}/portal/revoke", s.portalPages::revoke, PORTAL_INVITE);
        routes.post("/clinic/{slug}/patients/{patientId}/portal/disable", s.portalPages::disable, PORTAL_INVITE);
        // erasure on request: the clinic admin finds the patient by code, sees the code and counts, erases
        routes.get("/clinic/{slug}/erasure", s.erasurePages::lookup, PATIENT_ERASE);
        routes.get("/clinic/{slug}/patients/{patientId}/erase", s.erasurePages::show, PATIENT_ERASE);
        routes.post("/clinic/{slug}/patients/{patientId}/erase", s.erasurePages::erase, PATIENT_ERASE);
        routes.get("/clinic/{slug}/audit", s.auditPages::list, AUDIT_VIEW);
        routes.get("/clinic/{slug}/analytics", s.analytics::show, ANALYTICS_VIEW);

        // the lab
        routes.get("/clinic/{slug}/lab", s.labPages::workList, LAB_WORK);
        routes.get("/clinic/{slug}/lab/orders/{orderId}", s.labPages::show, LAB_WORK);
        routes.post("/clinic/{slug}/lab/orders/{orderId}/collect", s.labPages::collect, LAB_WORK);
        routes.post("/clinic/{slug}/lab/orders/{orderId}/results", s.labPages::saveResults, LAB_WORK);
        routes.post("/clinic/{slug}/lab/orders/{orderId}/report", s.labPages::uploadReport, LAB_WORK);
        routes.get("/clinic/{slug}/lab/orders/{orderId}/correct", s.labPages::correctionForm, LAB_WORK);
        routes.post("/clinic/{slug}/lab/orders/{orderId}/correct", s.labPages::correct, LAB_WORK);
        routes.get("/clinic/{slug}/lab/orders/{orderId}/report", s.labPages::downloadReport, LAB_WORK);
        routes.get("/clinic/{slug}/orders/{orderId}/report", s.labPages::downloadReport, PATIENT_CLINICAL);
        routes.get("/clinic/{slug}/my-record/orders/{orderId}/report", s.labPages::downloadOwnReport, OWN_RECORD);

        // clinic admin: staff and doctors' profiles, the catalogs, the clinic's settings
        // (each ".../new" before the "{id}" route it would otherwise match)
        routes.get("/clinic/{slug}/staff", s.staffPages::list, STAFF_MANAGE);
        routes.get("/clinic/{slug}/staff/new", s.staffPages::newForm, STAFF_MANAGE);
        routes.post("/clinic/{slug}/staff", s.staffPages::create, STAFF_MANAGE);
        routes.get("/clinic/{slug}/staff/{userId}", s.staffPages::show, STAFF_MANAGE);
        routes.post("/clinic/{slug}/staff/{userId}", s.staffPages::updateDetails, STAFF_MANAGE);
        routes.post("/clinic/{slug}/staff/{userId}/doctor-profile", s.staffPages::updateDoctor, STAFF_MANAGE);
        routes.post("/clinic/{slug}/staff/{userId}/password", s.staffPages::resetPassword, STAFF_MANAGE);
        routes.post("/clinic/{slug}/staff/{userId}/deactivate", s.staffPages::deactivate, STAFF_MANAGE);
        routes.post("/clinic/{slug}/staff/{userId}/reactivate", s.staffPages::reactivate, STAFF_MANAGE);
        routes.get("/clinic/{slug}/catalog/medicines", s.medicinePages::list, CATALOG_MANAGE);
        routes.get("/clinic/{slug}/catalog/medicines/new", s.medicinePages::newForm, CATALOG_MANAGE);
        routes.post("/clinic/{slug}/catalog/medicines", s.medicinePages::create, CATALOG_MANAGE);
        routes.get("/clinic/{slug}/catalog/medicines/{medicineId}", s.medicinePages::show, CATALOG_MANAGE);
        routes.post("/clinic/{slug}/catalog/medicines/{medicineId}", s.medicinePages::update, CATALOG_MANAGE);
        routes.get("/clinic/{slug}/catalog/lab-tests", s.labTestPages::list, CATALOG_MANAGE);
        routes.get("/clinic/{slug}/catalog/lab-tests/new", s.labTestPages::newForm, CATALOG_MANAGE);
        routes.post("/clinic/{slug}/catalog/lab-tests", s.labTestPages::create, CATALOG_MANAGE);
        routes.get("/clinic/{slug}/catalog/lab-tests/{labTestId}", s.labTestPages::show, CATALOG_MANAGE);
        routes.post("/clinic/{slug}/catalog/lab-tests/{labTestId}", s.labTestPages::update, CATALOG_MANAGE);
        routes.get("/clinic/{slug}/settings", s.clinicSettings::show, CLINIC_SETTINGS);
        routes.post("/clinic/{slug}/settings", s.clinicSettings::update, CLINIC_SETTINGS);
        routes.post("/clinic/{slug}/settings/logo", s.clinicSettings::uploadLogo, CLINIC_SETTINGS);
        routes.post("/clinic/{slug}/settings/logo/remove", s.clinicSettings::removeLogo, CLINIC_SETTINGS);
        // the clinic's logo in the header of every page: for every signed-in user of the clinic, as the home page is
        routes.get("/clinic/{slug}/logo/{logoFileId}", s.clinicSettings::logo, DASHBOARD);

        // the doctor: the consultation of a visit, its prescriptions and test orders; printable prescriptions
        routes.get("/clinic/{slug}/visits/{visitId}", s.consultationPages::show, CONSULTATION);
        routes.post("/clinic/{slug}/visits/{visitId}/start", s.consultationPages::start, CONSULTATION);
        routes.post("/clinic/{slug}/visits/{visitId}/note", s.consultationPages::saveNote, CONSULTATION);
        routes.post("/clinic/{slug}/visits/{visitId}/complete", s.consultationPages::complete, CONSULTATION);
        routes.post("/clinic/{slug}/visits/{visitId}/prescriptions", s.consultationPages::prescribe, CONSULTATION);
        routes.post("/clinic/{slug}/visits/{visitId}/test-orders", s.consultationPages::orderTests, CONSULTATION);
        // the desk reprints what the patient takes home, as the doctor prints it (PRINT_FOR_PATIENT)
        routes.get("/clinic/{slug}/prescriptions/{prescriptionId}", s.prescriptionPages::print, PRINT_FOR_PATIENT);
        routes.get("/clinic/{slug}/my-record/prescriptions/{prescriptionId}", s.prescriptionPages::printOwn, OWN_RECORD);
        // and the lab report of a completed test, with the file the lab attached
        routes.get("/clinic/{slug}/lab-reports/{orderId}", s.labReportPages::print, PRINT_FOR_PATIENT);
        routes.get("/clinic/{slug}/lab-reports/{orderId}/file", s.labReportPages::file, PRINT_FOR_PATIENT);

        // a clinic's API
        routes.post("/clinic/{slug}/api/v1/auth/token", s.apiAuth::token, PUBLIC);
        routes.post("/clinic/{slug}/api/v1/auth/refresh", s.apiAuth::refresh, PUBLIC);
        routes.post("/clinic/{slug}/api/v1/auth/logout", s.apiAuth::logout, PUBLIC);
        routes.get("/clinic/{slug}/api/v1/me", s.meApi::show, DASHBOARD);
        routes.get("/clinic/{slug}/api/v1/patients", s.patientApi::list, PATIENT_SEARCH);
        routes.post("/clinic/{slug}/api/v1/patients", s.idempotency.around(s.patientApi::create), PATIENT_REGISTER);
        routes.get("/clinic/{slug}/api/v1/patients/{patientId}", s.patientApi::show, PATIENT_DEMOGRAPHICS);
        routes.put("/clinic/{slug}/api/v1/patients/{patientId}", s.patientApi::update, PATIENT_REGISTER);
        // the day's queue: the desk checks in and moves visits, the visit's doctor consults
        routes.get("/clinic/{slug}/api/v1/visits", s.visitApi::list, PATIENT_DEMOGRAPHICS);
        routes.post("/clinic/{slug}/api/v1/visits", s.idempotency.around(s.visitApi::checkIn), VISIT_CHECK_IN);
        routes.get("/clinic/{slug}/api/v1/visits/{visitId}", s.visitApi::show, PATIENT_DEMOGRAPHICS);
        routes.post("/clinic/{slug}/api/v1/visits/{visitId}/status", s.visitApi::receptionMove, VISIT_CHECK_IN);
        routes.post("/clinic/{slug}/api/v1/visits/{visitId}/start", s.visitApi::start, CONSULTATION);
        routes.post("/clinic/{slug}/api/v1/visits/{visitId}/complete", s.visitApi::complete, CONSULTATION);
        routes.get("/clinic/{slug}/api/v1/visits/{visitId}/note", s.consultationApi::showNote, CONSULTATION);
        routes.put("/clinic/{slug}/api/v1/visits/{visitId}/note", s.consultationApi::saveNote, CONSULTATION);
        // a patient's record: read like the chart page, audited like it; documents uploaded as multipart
        routes.get("/clinic/{slug}/api/v1/patients/{patientId}/visits", s.patientRecordApi::visits, PATIENT_DEMOGRAPHICS);
        routes.get("/clinic/{slug}/api/v1/patients/{patientId}/prescriptions", s.patientRecordApi::prescriptions,
                PATIENT_CLINICAL);
        routes.get("/clinic/{slug}/api/v1/patients/{patientId}/test-reports", s.patientRecordApi::testReports,
                PATIENT_CLINICAL);
        routes.get("/clinic/{slug}/api/v1/patients/{patientId}/documents", s.patientRecordApi::documents,
                PATIENT_CLINICAL);
        routes.post("/clinic/{slug}/api/v1/patients/{patientId}/documents", s.patientRecordApi::uploadDocument,
                CONSULTATION);
        routes.get("/clinic/{slug}/api/v1/patients/{patientId}/documents/{reportId}/file",
                s.patientRecordApi::downloadDocument, PATIENT_CLINICAL);
        // a patient's own record, as the my-record pages show it: the id is the token's, never the URL's
        routes.get("/clinic/{slug}/api/v1/patients/{patientId}/export", s.patientExport::download, PATIENT_EXPORT);
        routes.get("/clinic/{slug}/api/v1/my-record", s.patientApi::showOwn, OWN_RECORD);
        routes.get("/clinic/{slug}/api/v1/my-record/export", s.patientExport::downloadOwn, OWN_RECORD);
        routes.get("/clinic/{slug}/api/v1/my-record/visits", s.patientRecordApi::ownVisits, OWN_RECORD);
        routes.get("/clinic/{slug}/api/v1/my-record/notes", s.patientRecordApi::ownNotes, OWN_RECORD);
        routes.get("/clinic/{slug}/api/v1/my-record/prescriptions", s.patientRecordApi::ownPrescriptions, OWN_RECORD);
        routes.get("/clinic/{slug}/api/v1/my-record/prescriptions/{prescriptionId}", s.prescriptionApi::showOwn,
                OWN_RECORD);
        routes.get("/clinic/{slug}/api/v1/my-record/test-reports", s.patientRecordApi::ownTestReports, OWN_RECORD);
        routes.get("/clinic/{slug}/api/v1/my-record/test-reports/{orderId}/report", s.testOrderApi::downloadOwnReport,
                OWN_RECORD);
        routes.get("/clinic/{slug}/api/v1/my-record/documents", s.patientRecordApi::ownDocuments, OWN_RECORD);
        routes.get("/clinic/{slug}/api/v1/my-record/documents/{reportId}/file", s.patientRecordApi::downloadOwnDocument,
                OWN_RECORD);
        // the catalogs: read by every member of staff, kept by the clinic admin (doctors: as on the staff pages)
        routes.get("/clinic/{slug}/api/v1/doctors", s.doctorApi::list, CATALOG_READ);
        routes.post("/clinic/{slug}/api/v1/doctors", s.idempotency.around(s.doctorApi::create), STAFF_MANAGE);
        routes.get("/clinic/{slug}/api/v1/doctors/{doctorId}", s.doctorApi::show, CATALOG_READ);
        routes.put("/clinic/{slug}/api/v1/doctors/{doctorId}", s.doctorApi::update, STAFF_MANAGE);
        routes.get("/clinic/{slug}/api/v1/medicines", s.medicineApi::list, CATALOG_READ);
        routes.post("/clinic/{slug}/api/v1/medicines", s.idempotency.around(s.medicineApi::create), CATALOG_MANAGE);
        routes.get("/clinic/{slug}/api/v1/medicines/{medicineId}", s.medicineApi::show, CATALOG_READ);
        routes.put("/clinic/{slug}/api/v1/medicines/{medicineId}", s.medicineApi::update, CATALOG_MANAGE);
        routes.get("/clinic/{slug}/api/v1/tests", s.labTestApi::list, CATALOG_READ);
        routes.post("/clinic/{slug}/api/v1/tests", s.idempotency.around(s.labTestApi::create), CATALOG_MANAGE);
        routes.get("/clinic/{slug}/api/v1/tests/{labTestId}", s.labTestApi::show, CATALOG_READ);
        routes.put("/clinic/{slug}/api/v1/tests/{labTestId}", s.labTestApi::update, CATALOG_MANAGE);
        // prescriptions and test orders: written at a consultation, worked by the lab
        routes.post("/clinic/{slug}/api/v1/prescriptions", s.idempotency.around(s.prescriptionApi::create), CONSULTATION);
        routes.get("/clinic/{slug}/api/v1/prescriptions/{prescriptionId}", s.prescriptionApi::show, PATIENT_CLINICAL);
        routes.post("/clinic/{slug}/api/v1/test-orders", s.idempotency.around(s.testOrderApi::create), CONSULTATION);
        routes.get("/clinic/{slug}/api/v1/test-orders", s.testOrderApi::list, LAB_WORK);
        routes.get("/clinic/{slug}/api/v1/test-orders/{orderId}", s.testOrderApi::show, LAB_WORK);
        routes.post("/clinic/{slug}/api/v1/test-orders/{orderId}/collect", s.testOrderApi::collect, LAB_WORK);
        routes.put("/clinic/{slug}/api/v1/test-orders/{orderId}/results", s.testOrderApi::saveResults, LAB_WORK);
        routes.post("/clinic/{slug}/api/v1/test-orders/{orderId}/corrections", s.testOrderApi::correct, LAB_WORK);
        routes.post("/clinic/{slug}/api/v1/test-orders/{orderId}/report", s.testOrderApi::uploadReport, LAB_WORK);
        routes.get("/clinic/{slug}/api/v1/test-orders/{orderId}/report", s.testOrderApi::downloadReport, LAB_WORK);
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
