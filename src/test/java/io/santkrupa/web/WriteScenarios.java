package io.santkrupa.web;

import io.santkrupa.clinic.ClinicContact;
import io.santkrupa.clinic.SubscriptionStatus;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.Ids;
import io.santkrupa.platform.ClinicOnboarding;
import io.santkrupa.platform.Limits;
import io.santkrupa.platform.PlatformActor;
import io.santkrupa.platform.PlatformAudit;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.ConsultationFixture;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import org.jooq.JSONB;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR_NOTE;
import static io.santkrupa.db.jooq.santkrupa.Tables.FORM_DRAFT;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST_PARAMETER;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;
import static io.santkrupa.db.jooq.santkrupa.Tables.STORED_FILE;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;

/**
 * A valid request for every state-changing {@code /clinic/{slug}} route, pages and API, keyed
 * like {@link Routes.Route#toString()}: each scenario creates the fresh rows its request acts on
 * (a new patient, a waiting visit, an order whose sample was collected, ...) and returns the
 * request that, sent by its role with a valid token, changes the clinic. The write-route tests
 * (CSRF, expired clinics) send these requests in ways that must be refused and check that
 * nothing was written -- and send them properly to prove the request would have written. The
 * adversarial suite takes one clinic's request and puts another clinic's ids in it.
 */
public final class WriteScenarios {

    /** A multipart file part. */
    public record Upload(String field, String fileName, String contentType, byte[] content) {
    }

    /**
     * A request ready to send. Pages: {@code fields} as the form (a public form's token comes from
     * {@code formPage}, which the sender opens first); API: {@code json} (or the upload, whose text
     * parts are {@code fields}) with {@code headers}.
     *
     * @param clinic the clinic the request changes (a new clinic's, for the one-time link)
     * @param role   who sends it; null for the routes that need nobody signed in
     */
    public record Write(ClinicId clinic, Role role, String formPage, String method, String path, Map<String, String> fields,
                 Upload upload, String json, Map<String, String> headers, int success, boolean writes) {

        public boolean isApi() {
            return path.contains("/api/");
        }

        /** The same request, answered with {@code status} when it gets through (a page's form: 303 unless said). */
        Write answering(int status) {
            return new Write(clinic, role, formPage, method, path, fields, upload, json, headers, status, writes);
        }

        /** The same request, which changes no row when it gets through (it only keeps the session alive). */
        Write writingNothing() {
            return new Write(clinic, role, formPage, method, path, fields, upload, json, headers, success, false);
        }

        /** A page's form, posted by {@code browser} with the CSRF fields it last saw, {@code overrides} on top (null removes one). */
        public HttpResponse<String> post(TestBrowser browser, Map<String, String> overrides) {
            Map<String, String> form = new HashMap<>(fields);
            form.putAll(overrides);
            return upload == null ? browser.post(path, form)
                    : browser.postFile(path, form, upload.field(), upload.fileName(), upload.contentType(), upload.content());
        }

        /** An API request with the bearer token {@code token} (null: none). */
        public HttpResponse<String> send(WebTestServer server, String token) {
            if (upload == null) {
                return ApiClient.send(server, method, path, token, json, headers);
            }
            String boundary = "santkrupa-write-" + UUID.randomUUID();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            fields.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                    + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + upload.field()
                    + "\"; filename=\"" + upload.fileName() + "\"\r\nContent-Type: " + upload.contentType()
                    + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(upload.content());
            body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url(path)))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            headers.forEach(request::header);
            try {
                return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String toString() {
            return method + " " + path + (role == null ? "" : " as " + role);
        }
    }

    public static final byte[] PDF = "%PDF-1.4\n% a report\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final String PASSWORD = "seven green mangoes ripen slowly";
    private static final Pattern INVITATION_CODE = Pattern.compile("id=\"invitation-code\">([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})<");

    private final TestDatabase db;
    private final WebTestServer server;
    private final Clinic clinic;
    private final Map<String, Function<WriteScenarios, Write>> scenarios = new LinkedHashMap<>();
    /** The desk, signed in once: what invites patients to the portal for the scenarios that need an invitation. */
    private TestBrowser desk;

    public WriteScenarios(TestDatabase db, WebTestServer server, Clinic clinic) {
        this.db = db;
        this.server = server;
        this.clinic = clinic;
        pages();
        api();
    }

    /** The routes with a scenario, as {@code "POST /clinic/{slug}/..."}. */
    public Set<String> routes() {
        return scenarios.keySet();
    }

    /** A fresh request of the route's scenario (new rows each time). */
    public Write prepare(String route) {
        Function<WriteScenarios, Write> scenario = scenarios.get(route);
        if (scenario == null) {
            throw new AssertionError(route + " has no scenario in WriteScenarios: add a valid request for it");
        }
        return scenario.apply(this);
    }

    // ---- the pages: forms as the application's pages send them ----

    private void pages() {
        scenarios.put("POST /clinic/{slug}/login", s -> s.publicForm(s.clinic.id(), s.path("/login"),
                Map.of("username", "doctor", "password", WebFixture.password("doctor"))));
        scenarios.put("POST /clinic/{slug}/welcome/{token}", s -> {
            ClinicOnboarding.Onboarded onboarded = s.onboard();
            return s.publicForm(onboarded.clinic(), onboarded.setPasswordPath(),
                    Map.of("password", PASSWORD, "password_confirm", PASSWORD));
        });
        scenarios.put("POST /clinic/{slug}/welcome", s -> {
            String code = s.invitation(s.patient()).code();
            return s.publicForm(s.clinic.id(), s.path("/welcome"),
                    Map.of("code", code, "password", PASSWORD, "password_confirm", PASSWORD));
        });
        scenarios.put("POST /clinic/{slug}/logout", s -> s.form(Role.DOCTOR, "/logout", Map.of()));
        // the page's own requests (session.js): a draft kept and discarded, the session kept alive
        scenarios.put("POST /clinic/{slug}/drafts", s -> s.form(Role.DOCTOR, "/drafts", Map.of(
                "_draft", s.path("/visits/" + UUID.randomUUID() + "#note"), "chiefComplaint", "Fever " + s.next()))
                .answering(200));
        scenarios.put("POST /clinic/{slug}/drafts/discard", s -> s.form(Role.DOCTOR, "/drafts/discard",
                Map.of("_draft", s.draft(Role.DOCTOR))).answering(200));
        scenarios.put("POST /clinic/{slug}/session/keepalive", s -> s.form(Role.DOCTOR, "/session/keepalive", Map.of())
                .answering(200).writingNothing());

        scenarios.put("POST /clinic/{slug}/patients", s -> s.form(Role.RECEPTIONIST, "/patients", s.patientFields()));
        scenarios.put("POST /clinic/{slug}/patients/{patientId}/edit", s -> {
            Map<String, String> fields = s.patientFields();
            fields.put("version", "1");
            return s.form(Role.RECEPTIONIST, "/patients/" + s.patient() + "/edit", fields);
        });
        scenarios.put("POST /clinic/{slug}/patients/{patientId}/check-in", s -> s.form(Role.RECEPTIONIST,
                "/patients/" + s.patient() + "/check-in", Map.of("doctor", s.doctor().toString(), "reason", "Fever")));
        scenarios.put("POST /clinic/{slug}/patients/{patientId}/documents", s -> s.upload(Role.DOCTOR,
                "/patients/" + s.patient() + "/documents", Map.of("title", "Chest X-ray", "reportType", "imaging"),
                new Upload("file", "xray.pdf", "application/pdf", PDF)));
        // the patient portal: the invitation's page, shown once, is the answer
        scenarios.put("POST /clinic/{slug}/patients/{patientId}/portal/invitation", s -> s.form(Role.RECEPTIONIST,
                "/patients/" + s.patient() + "/portal/invitation", Map.of("version", "0")).answering(200));
        scenarios.put("POST /clinic/{slug}/patients/{patientId}/portal/revoke", s -> {
            Invited invited = s.invitation(s.patient());
            return s.form(Role.RECEPTIONIST, "/patients/" + invited.patient() + "/portal/revoke",
                    Map.of("version", String.valueOf(invited.version())));
        });
        scenarios.put("POST /clinic/{slug}/patients/{patientId}/portal/disable", s -> {
            Invited invited = s.invitation(s.patient());
            return s.form(Role.RECEPTIONIST, "/patients/" + invited.patient() + "/portal/disable",
                    Map.of("version", String.valueOf(invited.version())));
        });
        scenarios.put("POST /clinic/{slug}/patients/{patientId}/erase", s -> {
            UUID patient = s.patient();
            return s.form(Role.CLINIC_ADMIN, "/patients/" + patient + "/erase",
                    Map.of("confirmCode", s.codeOf(patient), "reason", "The patient's request of 3 Dec 2026"));
        });
        scenarios.put("POST /clinic/{slug}/queue/{visitId}/status", s -> s.form(Role.RECEPTIONIST,
                "/queue/" + s.visit("waiting") + "/status", Map.of("to", "cancelled")));
        scenarios.put("POST /clinic/{slug}/queue/{visitId}/consultation", s -> s.form(Role.DOCTOR,
                "/queue/" + s.visit("waiting") + "/consultation", Map.of("to", "in_consultation")));

        scenarios.put("POST /clinic/{slug}/lab/orders/{orderId}/collect", s -> s.form(Role.LAB_TECHNICIAN,
                "/lab/orders/" + s.order("ordered") + "/collect", Map.of()));
        scenarios.put("POST /clinic/{slug}/lab/orders/{orderId}/results", s -> s.form(Role.LAB_TECHNICIAN,
                "/lab/orders/" + s.order("sample_collected") + "/results",
                Map.of("value_" + s.clinic.row("lab_test_parameter"), "13.2", "version", "1")));
        scenarios.put("POST /clinic/{slug}/lab/orders/{orderId}/report", s -> s.upload(Role.LAB_TECHNICIAN,
                "/lab/orders/" + s.order("sample_collected") + "/report", Map.of(),
                new Upload("report", "report.pdf", "application/pdf", PDF)));

        scenarios.put("POST /clinic/{slug}/lab/orders/{orderId}/correct", s -> {
            UUID order = s.completedOrder();
            return s.upload(Role.LAB_TECHNICIAN, "/lab/orders/" + order + "/correct",
                    Map.of("value_" + s.clinic.row("lab_test_parameter"), "12.4", "reason", "Recalibrated analyser",
                            "version", String.valueOf(s.orderVersion(order))),
                    new Upload("report", "", "application/octet-stream", new byte[0]));
        });
        scenarios.put("POST /clinic/{slug}/settings/logo", s -> s.upload(Role.CLINIC_ADMIN, "/settings/logo", Map.of(),
                new Upload("logo", "logo.png", "image/png", io.santkrupa.testing.LogoImages.png(24, 24))));
        scenarios.put("POST /clinic/{slug}/settings/logo/remove", s -> {
            s.withLogo();
            return s.form(Role.CLINIC_ADMIN, "/settings/logo/remove", Map.of());
        });

        scenarios.put("POST /clinic/{slug}/staff", s -> {
            String username = "lab." + s.next();
            return s.form(Role.CLINIC_ADMIN, "/staff", Map.of("username", username, "full_name", "Ravi Lab",
                    "role", "lab_technician", "password", PASSWORD, "password_confirm", PASSWORD));
        });
        scenarios.put("POST /clinic/{slug}/staff/{userId}", s -> s.form(Role.CLINIC_ADMIN, "/staff/" + s.staff(true),
                Map.of("full_name", "Ravi Renamed", "email", "ravi@example.com", "phone", "+91 20 2555 0101",
                        "version", "1")));
        scenarios.put("POST /clinic/{slug}/staff/{userId}/doctor-profile", s -> s.form(Role.CLINIC_ADMIN,
                "/staff/" + s.doctorUser() + "/doctor-profile", Map.of("license_number", "MMC-" + s.next(),
                        "specialization", "Paediatrics", "qualification", "MBBS", "consultation_fee", "450",
                        "version", "1")));
        scenarios.put("POST /clinic/{slug}/staff/{userId}/password", s -> s.form(Role.CLINIC_ADMIN,
                "/staff/" + s.staff(true) + "/password", Map.of("password", PASSWORD, "password_confirm", PASSWORD)));
        scenarios.put("POST /clinic/{slug}/staff/{userId}/deactivate", s -> s.form(Role.CLINIC_ADMIN,
                "/staff/" + s.staff(true) + "/deactivate", Map.of("version", "1")));
        scenarios.put("POST /clinic/{slug}/staff/{userId}/reactivate", s -> s.form(Role.CLINIC_ADMIN,
                "/staff/" + s.staff(false) + "/reactivate", Map.of("version", "1")));

        scenarios.put("POST /clinic/{slug}/catalog/medicines", s -> s.form(Role.CLINIC_ADMIN, "/catalog/medicines",
                Map.of("name", "Writamol " + s.next(), "form", "tablet", "strength", "500 mg")));
        scenarios.put("POST /clinic/{slug}/catalog/medicines/{medicineId}", s -> s.form(Role.CLINIC_ADMIN,
                "/catalog/medicines/" + s.medicine(), Map.of("name", "Renamed " + s.next(), "form", "syrup",
                        "strength", "5 ml", "active", "on", "version", "1")));
        scenarios.put("POST /clinic/{slug}/catalog/lab-tests", s -> {
            String n = s.next();
            return s.form(Role.CLINIC_ADMIN, "/catalog/lab-tests", Map.of("code", "W-" + n, "name", "Write test " + n,
                    "sampleType", "blood", "rows", "1", "param_name_0", "Glucose", "param_unit_0", "mg/dL",
                    "param_low_0", "70", "param_high_0", "110"));
        });
        scenarios.put("POST /clinic/{slug}/catalog/lab-tests/{labTestId}", s -> {
            String n = s.next();
            UUID[] test = s.labTest();
            return s.form(Role.CLINIC_ADMIN, "/catalog/lab-tests/" + test[0], Map.of("code", "WR-" + n,
                    "name", "Renamed test " + n, "sampleType", "urine", "active", "on", "version", "1", "rows", "1",
                    "param_id_0", test[1].toString(), "param_name_0", "Glucose", "param_unit_0", "mg/dL"));
        });
        scenarios.put("POST /clinic/{slug}/settings", s -> s.form(Role.CLINIC_ADMIN, "/settings", Map.of(
                "name", "Test Clinic " + s.clinic.slug().substring("test-".length()), "city", "Pune " + s.next(),
                "phone", "+91 20 2555 0101", "email", "desk@example.com", "time_zone", ClinicFixture.ZONE.getId(),
                "version", String.valueOf(s.clinicVersion()))));

        scenarios.put("POST /clinic/{slug}/visits/{visitId}/start", s -> s.form(Role.DOCTOR,
                "/visits/" + s.visit("waiting") + "/start", Map.of()));
        scenarios.put("POST /clinic/{slug}/visits/{visitId}/note", s -> s.form(Role.DOCTOR,
                "/visits/" + s.visit("in_consultation") + "/note",
                Map.of("bpSystolic", "128", "bpDiastolic", "84", "diagnosis", "Viral fever", "version", "")));
        scenarios.put("POST /clinic/{slug}/visits/{visitId}/complete", s -> s.form(Role.DOCTOR,
                "/visits/" + s.visit("in_consultation") + "/complete", Map.of("diagnosis", "Viral fever", "version", "")));
        scenarios.put("POST /clinic/{slug}/visits/{visitId}/prescriptions", s -> s.form(Role.DOCTOR,
                "/visits/" + s.visit("in_consultation") + "/prescriptions", Map.of(
                        "medicine_1", s.clinic.row("medicine").toString(), "dose_1", "1 tablet",
                        "frequency_1", "Twice a day", "duration_1", "5")));
        scenarios.put("POST /clinic/{slug}/visits/{visitId}/test-orders", s -> s.form(Role.DOCTOR,
                "/visits/" + s.visit("in_consultation") + "/test-orders",
                Map.of("test_" + s.clinic.row("lab_test"), "on", "clinicalNotes", "Pale")));
    }

    // ---- the API: JSON bodies (and two uploads) as the OpenAPI document describes them ----

    private void api() {
        scenarios.put("POST /clinic/{slug}/api/v1/auth/token", s -> s.json(null, "POST", "/auth/token",
                Json.write(Map.of("username", "doctor", "password", WebFixture.password("doctor"))), Map.of()));
        scenarios.put("POST /clinic/{slug}/api/v1/auth/refresh", s -> s.json(null, "POST", "/auth/refresh",
                Json.write(Map.of("refreshToken", s.refreshToken())), Map.of()));
        scenarios.put("POST /clinic/{slug}/api/v1/auth/logout", s -> s.json(null, "POST", "/auth/logout",
                Json.write(Map.of("refreshToken", s.refreshToken())), Map.of()));

        scenarios.put("POST /clinic/{slug}/api/v1/patients", s -> s.json(Role.RECEPTIONIST, "POST", "/patients",
                Json.write(s.patientFields()), s.idempotencyKey()));
        scenarios.put("PUT /clinic/{slug}/api/v1/patients/{patientId}", s -> s.json(Role.RECEPTIONIST, "PUT",
                "/patients/" + s.patient(), Json.write(s.patientFields()), Map.of("If-Match", "\"1\"")));
        scenarios.put("POST /clinic/{slug}/api/v1/visits", s -> s.json(Role.RECEPTIONIST, "POST", "/visits",
                Json.write(Map.of("patientId", s.patient().toString(), "doctorId", s.doctor().toString(), "reason", "Fever")),
                s.idempotencyKey()));
        scenarios.put("POST /clinic/{slug}/api/v1/visits/{visitId}/status", s -> s.json(Role.RECEPTIONIST, "POST",
                "/visits/" + s.visit("waiting") + "/status", "{\"to\":\"cancelled\"}", Map.of()));
        scenarios.put("POST /clinic/{slug}/api/v1/visits/{visitId}/start", s -> s.json(Role.DOCTOR, "POST",
                "/visits/" + s.visit("waiting") + "/start", null, Map.of()));
        scenarios.put("POST /clinic/{slug}/api/v1/visits/{visitId}/complete", s -> s.json(Role.DOCTOR, "POST",
                "/visits/" + s.diagnosedVisit() + "/complete", null, Map.of()));
        scenarios.put("PUT /clinic/{slug}/api/v1/visits/{visitId}/note", s -> s.json(Role.DOCTOR, "PUT",
                "/visits/" + s.visit("in_consultation") + "/note",
                Json.write(Map.of("bpSystolic", 128, "bpDiastolic", 84, "diagnosis", "Viral fever")),
                Map.of("If-Match", "\"0\"")));
        scenarios.put("POST /clinic/{slug}/api/v1/patients/{patientId}/documents", s -> s.upload(Role.DOCTOR,
                "/api/v1/patients/" + s.patient() + "/documents", Map.of("title", "Chest X-ray", "reportType", "imaging"),
                new Upload("file", "xray.pdf", "application/pdf", PDF)));

        scenarios.put("POST /clinic/{slug}/api/v1/doctors", s -> s.json(Role.CLINIC_ADMIN, "POST", "/doctors",
                Json.write(Map.of("username", "dr.write." + s.next(), "name", "Dr. Meera Kulkarni", "password", PASSWORD,
                        "licenseNumber", "MMC-W-" + s.next(), "specialization", "Paediatrics")), s.idempotencyKey()));
        scenarios.put("PUT /clinic/{slug}/api/v1/doctors/{doctorId}", s -> {
            UUID user = s.doctorUser();
            UUID doctor = s.db.tenants().inClinic(s.clinic.id(), tx -> tx.select(DOCTOR.ID).from(DOCTOR)
                    .where(DOCTOR.CLINIC_ID.eq(s.clinic.id().value()), DOCTOR.USER_ID.eq(user)).fetchSingle(DOCTOR.ID));
            return s.json(Role.CLINIC_ADMIN, "PUT", "/doctors/" + doctor, Json.write(Map.of("licenseNumber",
                    "MMC-P-" + s.next(), "specialization", "Cardiology", "consultationFee", new BigDecimal("500"))),
                    Map.of("If-Match", "\"1\""));
        });
        scenarios.put("POST /clinic/{slug}/api/v1/medicines", s -> s.json(Role.CLINIC_ADMIN, "POST", "/medicines",
                Json.write(Map.of("name", "Apimol " + s.next(), "form", "tablet", "strength", "250 mg")),
                s.idempotencyKey()));
        scenarios.put("PUT /clinic/{slug}/api/v1/medicines/{medicineId}", s -> s.json(Role.CLINIC_ADMIN, "PUT",
                "/medicines/" + s.medicine(), Json.write(Map.of("name", "Apirenamed " + s.next(), "form", "syrup",
                        "strength", "5 ml", "active", true)), Map.of("If-Match", "\"1\"")));
        scenarios.put("POST /clinic/{slug}/api/v1/tests", s -> {
            String n = s.next();
            return s.json(Role.CLINIC_ADMIN, "POST", "/tests", Json.write(Map.of("code", "API-" + n,
                    "name", "Api test " + n, "sampleType", "blood", "parameters", List.of(Map.of("name",
                            "Glucose", "unit", "mg/dL", "normalLow", 70, "normalHigh", 110)))), s.idempotencyKey());
        });
        scenarios.put("PUT /clinic/{slug}/api/v1/tests/{labTestId}", s -> {
            String n = s.next();
            UUID[] test = s.labTest();
            return s.json(Role.CLINIC_ADMIN, "PUT", "/tests/" + test[0], Json.write(Map.of("code", "APR-" + n,
                    "name", "Api renamed " + n, "sampleType", "urine", "active", true, "parameters",
                    List.of(Map.of("id", test[1].toString(), "name", "Glucose", "unit", "mg/dL")))),
                    Map.of("If-Match", "\"1\""));
        });

        scenarios.put("POST /clinic/{slug}/api/v1/prescriptions", s -> s.json(Role.DOCTOR, "POST", "/prescriptions",
                Json.write(Map.of("visitId", s.visit("in_consultation").toString(), "items", List.of(Map.of(
                        "medicineId", s.clinic.row("medicine").toString(), "dose", "1 tablet", "frequency", "once a day",
                        "durationDays", 3)))), s.idempotencyKey()));
        scenarios.put("POST /clinic/{slug}/api/v1/test-orders", s -> s.json(Role.DOCTOR, "POST", "/test-orders",
                Json.write(Map.of("visitId", s.visit("in_consultation").toString(),
                        "labTestIds", List.of(s.clinic.row("lab_test").toString()))), s.idempotencyKey()));
        scenarios.put("POST /clinic/{slug}/api/v1/test-orders/{orderId}/collect", s -> s.json(Role.LAB_TECHNICIAN,
                "POST", "/test-orders/" + s.order("ordered") + "/collect", null, Map.of()));
        scenarios.put("PUT /clinic/{slug}/api/v1/test-orders/{orderId}/results", s -> s.json(Role.LAB_TECHNICIAN,
                "PUT", "/test-orders/" + s.order("sample_collected") + "/results",
                Json.write(Map.of("results", List.of(Map.of("parameterId",
                        s.clinic.row("lab_test_parameter").toString(), "value", 13.2)))), Map.of("If-Match", "\"1\"")));
        scenarios.put("POST /clinic/{slug}/api/v1/test-orders/{orderId}/report", s -> s.upload(Role.LAB_TECHNICIAN,
                "/api/v1/test-orders/" + s.order("sample_collected") + "/report", Map.of(),
                new Upload("report", "report.pdf", "application/pdf", PDF)));
        scenarios.put("POST /clinic/{slug}/api/v1/test-orders/{orderId}/corrections", s -> {
            UUID order = s.completedOrder();
            return s.json(Role.LAB_TECHNICIAN, "POST", "/test-orders/" + order + "/corrections",
                    Json.write(Map.of("results", List.of(Map.of("parameterId", s.clinic.row("lab_test_parameter").toString(),
                            "value", 12.4)), "reason", "Recalibrated analyser")),
                    Map.of("If-Match", "\"" + s.orderVersion(order) + "\""));
        });
    }

    // ---- building requests ----

    private String path(String rest) {
        return "/clinic/" + clinic.slug() + rest;
    }

    private Write form(Role role, String rest, Map<String, String> fields) {
        return new Write(clinic.id(), role, null, "POST", path(rest), Map.copyOf(fields), null, null, Map.of(), 303, true);
    }

    private Write publicForm(ClinicId target, String path, Map<String, String> fields) {
        return new Write(target, null, path, "POST", path, Map.copyOf(fields), null, null, Map.of(), 303, true);
    }

    /** A multipart page form ({@code rest} under the clinic) or API upload ({@code rest} starting /api/). */
    private Write upload(Role role, String rest, Map<String, String> fields, Upload upload) {
        return new Write(clinic.id(), role, null, "POST", path(rest), Map.copyOf(fields), upload, null, Map.of(),
                rest.startsWith("/api/") ? 0 : 303, true);
    }

    private Write json(Role role, String method, String rest, String body, Map<String, String> headers) {
        return new Write(clinic.id(), role, null, method, path("/api/v1" + rest), Map.of(), null, body, headers, 0, true);
    }

    private Map<String, String> idempotencyKey() {
        return Map.of("Idempotency-Key", "write-" + UUID.randomUUID());
    }

    private String next() {
        return String.valueOf(SEQ.incrementAndGet());
    }

    // ---- the fresh rows a request acts on ----

    private Map<String, String> patientFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("firstName", "Writa" + next());
        fields.put("lastName", "Kulkarni");
        fields.put("phone", "+91 98200 " + (10000 + SEQ.incrementAndGet() % 90000));
        fields.put("gender", "female");
        fields.put("emergencyContactName", "Mohan Kulkarni");
        fields.put("emergencyContactPhone", "+91 98200 77777");
        return fields;
    }

    private UUID patient() {
        return ConsultationFixture.patient(db, server.hasher, clinic, "Writa" + next(), null);
    }

    private String codeOf(UUID patient) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.select(io.santkrupa.db.jooq.santkrupa.Tables.PATIENT.CODE)
                .from(io.santkrupa.db.jooq.santkrupa.Tables.PATIENT)
                .where(io.santkrupa.db.jooq.santkrupa.Tables.PATIENT.CLINIC_ID.eq(clinic.id().value()),
                        io.santkrupa.db.jooq.santkrupa.Tables.PATIENT.ID.eq(patient))
                .fetchSingle(io.santkrupa.db.jooq.santkrupa.Tables.PATIENT.CODE));
    }

    private UUID doctor() {
        return clinic.row("doctor");
    }

    /** A visit of a new patient with the fixture's doctor, today, in {@code status}. */
    private UUID visit(String status) {
        return ConsultationFixture.visit(db, clinic, patient(), doctor(), LocalDate.now(server.clock), status,
                OffsetDateTime.now(server.clock));
    }

    /** A visit in consultation whose note records a diagnosis: one that may be completed. */
    private UUID diagnosedVisit() {
        UUID visit = visit("in_consultation");
        db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(DOCTOR_NOTE)
                .set(DOCTOR_NOTE.CLINIC_ID, clinic.id().value()).set(DOCTOR_NOTE.ID, Ids.newId())
                .set(DOCTOR_NOTE.VISIT_ID, visit).set(DOCTOR_NOTE.PATIENT_ID, patientOf(visit))
                .set(DOCTOR_NOTE.DOCTOR_ID, doctor()).set(DOCTOR_NOTE.DIAGNOSIS, "Viral fever")
                .execute());
        return visit;
    }

    private UUID patientOf(UUID visit) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.select(PATIENT_VISIT.PATIENT_ID).from(PATIENT_VISIT)
                .where(PATIENT_VISIT.CLINIC_ID.eq(clinic.id().value()), PATIENT_VISIT.ID.eq(visit))
                .fetchSingle(PATIENT_VISIT.PATIENT_ID));
    }

    /** A patient invited to the portal, the invitation's code and the portal state's version after it. */
    record Invited(UUID patient, String code, int version) {
    }

    /** Invites {@code patient} to the portal as the desk does (its page), while the clinic is active. */
    private Invited invitation(UUID patient) {
        if (desk == null) {
            desk = ApiClient.signedIn(server, clinic, Role.RECEPTIONIST);
        }
        HttpResponse<String> slip = desk.post(path("/patients/" + patient + "/portal/invitation"), Map.of("version", "0"));
        Matcher code = INVITATION_CODE.matcher(slip.body());
        if (slip.statusCode() != 200 || !code.find()) {
            throw new IllegalStateException("inviting a patient answered " + slip.statusCode() + " " + slip.body());
        }
        int version = db.tenants().inClinic(clinic.id(), tx -> tx.select(APP_USER.VERSION).from(APP_USER)
                .where(APP_USER.CLINIC_ID.eq(clinic.id().value()), APP_USER.PATIENT_ID.eq(patient))
                .fetchSingle(APP_USER.VERSION));
        return new Invited(patient, code.group(1), version);
    }

    /** A draft kept for the fixture user of {@code role}, of a form of a visit's page: its {@code _draft} name. */
    private String draft(Role role) {
        UUID user = ApiClient.userId(db, clinic.id(), WebFixture.USERNAMES.get(role));
        String page = path("/visits/" + UUID.randomUUID());
        OffsetDateTime now = OffsetDateTime.now(server.clock);
        db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(FORM_DRAFT)
                .set(FORM_DRAFT.CLINIC_ID, clinic.id().value()).set(FORM_DRAFT.ID, Ids.newId())
                .set(FORM_DRAFT.USER_ID, user).set(FORM_DRAFT.PAGE, page).set(FORM_DRAFT.FORM, "note")
                .set(FORM_DRAFT.FIELDS, JSONB.valueOf("{\"chiefComplaint\": \"Cough\"}"))
                .set(FORM_DRAFT.SAVED_AT, now).set(FORM_DRAFT.EXPIRES_AT, now.plusHours(1))
                .execute());
        return page + "#note";
    }

    /** An order of the fixture's haemoglobin test for the fixture patient, in {@code status}, at version 1. */
    private UUID order(String status) {
        UUID id = Ids.newId();
        OffsetDateTime now = OffsetDateTime.now(server.clock);
        db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(TEST_ORDER)
                .set(TEST_ORDER.CLINIC_ID, clinic.id().value()).set(TEST_ORDER.ID, id)
                .set(TEST_ORDER.PATIENT_ID, clinic.row("patient")).set(TEST_ORDER.LAB_TEST_ID, clinic.row("lab_test"))
                .set(TEST_ORDER.ORDERED_BY, doctor()).set(TEST_ORDER.STATUS, status)
                .set(TEST_ORDER.SAMPLE_COLLECTED_AT, status.equals("ordered") ? null : now)
                .execute());
        return id;
    }

    /** A completed order of the fixture's patient and test, with a high haemoglobin to correct. */
    private UUID completedOrder() {
        return new io.santkrupa.lab.LabSeeds(db, clinic).completed(clinic.row("patient"), clinic.row("lab_test"),
                clinic.row("lab_test_parameter"), "18.0", "high", OffsetDateTime.now(server.clock));
    }

    private int orderVersion(UUID order) {
        return db.tenants().<Integer>inClinic(clinic.id(), tx -> tx.select(TEST_ORDER.VERSION).from(TEST_ORDER)
                .where(TEST_ORDER.CLINIC_ID.eq(clinic.id().value()), TEST_ORDER.ID.eq(order)).fetchSingle(TEST_ORDER.VERSION));
    }

    /** The clinic has a logo to remove (an earlier scenario may have removed the fixture's). */
    private void withLogo() {
        byte[] png = io.santkrupa.testing.LogoImages.png(16, 16);
        UUID file = Ids.newId();
        db.tenants().inClinic(clinic.id(), tx -> {
            tx.insertInto(STORED_FILE)
                    .set(STORED_FILE.CLINIC_ID, clinic.id().value()).set(STORED_FILE.ID, file)
                    .set(STORED_FILE.FILE_NAME, "logo.png").set(STORED_FILE.CONTENT_TYPE, "image/png")
                    .set(STORED_FILE.SIZE_BYTES, png.length).set(STORED_FILE.SHA256, sha256(png))
                    .set(STORED_FILE.CONTENT, png).set(STORED_FILE.UPLOADED_BY, tx.select(APP_USER.ID).from(APP_USER)
                            .where(APP_USER.CLINIC_ID.eq(clinic.id().value()), APP_USER.USERNAME.eq("admin"))
                            .fetchSingle(APP_USER.ID))
                    .execute();
            return tx.update(CLINIC).set(CLINIC.LOGO_FILE_ID, file).where(CLINIC.ID.eq(clinic.id().value())).execute();
        });
    }

    private static byte[] sha256(byte[] content) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(content);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A lab technician's account, active or not, at version 1. */
    private UUID staff(boolean active) {
        UUID id = Ids.newId();
        db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(APP_USER)
                .set(APP_USER.CLINIC_ID, clinic.id().value()).set(APP_USER.ID, id)
                .set(APP_USER.USERNAME, "staff." + next()).set(APP_USER.PASSWORD_HASH, "not-a-real-hash")
                .set(APP_USER.ROLE, "lab_technician").set(APP_USER.FULL_NAME, "Ravi Lab")
                .set(APP_USER.IS_ACTIVE, active)
                .execute());
        return id;
    }

    /** A doctor's account with its profile (both at version 1); the account's id. */
    private UUID doctorUser() {
        UUID user = Ids.newId();
        db.tenants().inClinic(clinic.id(), tx -> {
            tx.insertInto(APP_USER)
                    .set(APP_USER.CLINIC_ID, clinic.id().value()).set(APP_USER.ID, user)
                    .set(APP_USER.USERNAME, "dr.fresh." + next()).set(APP_USER.PASSWORD_HASH, "not-a-real-hash")
                    .set(APP_USER.ROLE, "doctor").set(APP_USER.FULL_NAME, "Dr. Fresh")
                    .execute();
            return tx.insertInto(DOCTOR)
                    .set(DOCTOR.CLINIC_ID, clinic.id().value()).set(DOCTOR.ID, Ids.newId()).set(DOCTOR.USER_ID, user)
                    .set(DOCTOR.LICENSE_NUMBER, "LIC-" + UUID.randomUUID())
                    .execute();
        });
        return user;
    }

    private UUID medicine() {
        return ConsultationFixture.medicine(db, clinic, "Freshamol " + next(), true);
    }

    /** A lab test with one parameter, at version 1: {test id, parameter id}. */
    private UUID[] labTest() {
        UUID test = Ids.newId();
        UUID parameter = Ids.newId();
        String n = next();
        db.tenants().inClinic(clinic.id(), tx -> {
            tx.insertInto(LAB_TEST)
                    .set(LAB_TEST.CLINIC_ID, clinic.id().value()).set(LAB_TEST.ID, test)
                    .set(LAB_TEST.CODE, "FR-" + n).set(LAB_TEST.NAME, "Fresh test " + n)
                    .execute();
            return tx.insertInto(LAB_TEST_PARAMETER)
                    .set(LAB_TEST_PARAMETER.CLINIC_ID, clinic.id().value()).set(LAB_TEST_PARAMETER.ID, parameter)
                    .set(LAB_TEST_PARAMETER.LAB_TEST_ID, test).set(LAB_TEST_PARAMETER.POSITION, (short) 1)
                    .set(LAB_TEST_PARAMETER.NAME, "Glucose").set(LAB_TEST_PARAMETER.UNIT, "mg/dL")
                    .execute();
        });
        return new UUID[] {test, parameter};
    }

    private int clinicVersion() {
        return db.tenants().inClinic(clinic.id(), tx -> tx.select(CLINIC.VERSION).from(CLINIC)
                .where(CLINIC.ID.eq(clinic.id().value())).fetchSingle(CLINIC.VERSION));
    }

    /** A refresh token of the fixture's doctor, from signing in through the API. */
    private String refreshToken() {
        HttpResponse<String> token = ApiClient.send(server, "POST", path("/api/v1/auth/token"), null,
                Json.write(Map.of("username", "doctor", "password", WebFixture.password("doctor"))));
        if (token.statusCode() != 200) {
            throw new IllegalStateException("API sign-in answered " + token.statusCode() + " " + token.body());
        }
        return ApiClient.json(token).get("refreshToken").asText();
    }

    /** A new clinic whose first administrator has not chosen a password yet: its one-time link is unused. */
    private ClinicOnboarding.Onboarded onboard() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return new ClinicOnboarding(db.platform(), new PlatformAudit(), server.clock).onboard(
                new ClinicOnboarding.NewClinic("write-" + suffix, "WR" + suffix.toUpperCase(),
                        new ClinicContact("Write Clinic " + suffix, "", "", "", "", "", "", ""), "REG-WR-" + suffix,
                        "Asia/Kolkata", "IN", SubscriptionStatus.TRIAL, null, Limits.TRIAL, "first.admin", "Anita Desai", "",
                        "test"),
                PlatformActor.commandLine());
    }
}
