package io.santkrupa.staff;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.db.jooq.santkrupa.tables.records.AppUserRecord;
import io.santkrupa.db.jooq.santkrupa.tables.records.AuditEventRecord;
import io.santkrupa.db.jooq.santkrupa.tables.records.DoctorRecord;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.OpenApiContract;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.PlatformFixture;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import io.santkrupa.web.Json;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.testing.ApiClient.json;
import static io.santkrupa.testing.ApiClient.fieldErrors;
import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The doctors over the API, through real HTTP against PostgreSQL: the clinic admin adds a doctor
 * (account and profile, with the staff page's checks, refusals and audit), everyone on the staff
 * reads a profile with its ETag, the admin edits it with If-Match; the roles, Idempotency-Key, and
 * another clinic's token or ids getting 404 with nothing changed.
 */
@ExtendWith(TestDatabaseExtension.class)
class DoctorApiTest {

    private static final String PASSWORD = "a long enough initial password";

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;
    private static Clinic other;
    private static String admin;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        other = WebFixture.clinicWithLogins(db, server.hasher);
        // this class adds more doctors than the default limit of ten; the limit has a test of its own
        PlatformFixture.setLimits(db, clinic, 100, null, null);
        admin = ApiClient.token(server, db, clinic, Role.CLINIC_ADMIN);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void an_admin_adds_a_doctor_who_is_listed_can_be_checked_in_for_and_signs_in_with_the_password() throws Exception {
        String username = "dr.kulkarni." + suffix();
        String license = "MMC-" + suffix();
        HttpResponse<String> created = post(admin, doctorJson(username, license), Map.of());

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode doctor = json(created);
        UUID id = UUID.fromString(doctor.get("id").asText());
        assertThat(doctor.get("name").asText()).isEqualTo("Dr. Meera Kulkarni");
        assertThat(doctor.get("licenseNumber").asText()).isEqualTo(license);
        assertThat(doctor.get("specialization").asText()).isEqualTo("Paediatrics");
        assertThat(doctor.get("qualification").asText()).isEqualTo("MBBS, DCH");
        assertThat(doctor.get("consultationFee").decimalValue()).isEqualByComparingTo("450.5");
        assertThat(doctor.get("active").asBoolean()).isTrue();
        assertThat(created.headers().firstValue("Location")).hasValue(api("/doctors/" + id));
        assertThat(created.headers().firstValue("ETag")).hasValue(etag(doctor.get("version").asInt()));

        AppUserRecord user = user(clinic, username);
        DoctorRecord profile = doctorRow(id);
        assertThat(profile.getUserId()).isEqualTo(user.getId());
        assertThat(user.getRole()).isEqualTo("doctor");
        assertThat(user.getEmail()).isEqualTo("meera@example.com");
        assertThat(user.getPasswordHash()).startsWith("$argon2id$").doesNotContain(PASSWORD);
        assertThat(created.body()).doesNotContain(PASSWORD).doesNotContain(user.getPasswordHash())
                .doesNotContain("argon2").doesNotContainIgnoringCase("password").doesNotContain("clinic");

        // audited as the staff page audits a new doctor, by the admin and this request
        AuditEventRecord event = events(clinic, "staff.create", user.getId()).getFirst();
        assertThat(event.getActorRole()).isEqualTo("clinic_admin");
        assertThat(event.getEntityType()).isEqualTo("app_user");
        assertThat(event.getDetail()).isEqualTo("doctor " + username);
        assertThat(event.getRequestId()).isEqualTo(created.headers().firstValue("X-Request-Id").orElseThrow());

        String reception = ApiClient.token(server, db, clinic, Role.RECEPTIONIST);
        HttpResponse<String> read = get(api("/doctors/" + id), reception);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read)).isEqualTo(doctor);
        assertThat(read.headers().firstValue("ETag")).isEqualTo(created.headers().firstValue("ETag"));
        assertThat(listedDoctors(reception)).contains(id.toString());

        HttpResponse<String> checkIn = send("POST", api("/visits"), reception,
                Json.write(Map.of("patientId", clinic.row("patient").toString(), "doctorId", id.toString())), Map.of());
        assertThat(checkIn.statusCode()).as(checkIn.body()).isEqualTo(201);
        assertThat(json(checkIn).get("doctorId").asText()).isEqualTo(id.toString());

        HttpResponse<String> token = send("POST", api("/auth/token"), null,
                Json.write(Map.of("username", username, "password", PASSWORD)), Map.of());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    }

    @Test
    void invalid_fields_get_422_naming_each_field_as_the_page_words_it_and_nothing_is_written() throws Exception {
        int users = users(clinic);

        HttpResponse<String> empty = post(admin, "{}", Map.of());
        assertThat(empty.statusCode()).isEqualTo(422);
        assertThat(empty.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(empty);
        assertThat(problem.get("type").asText()).isEqualTo("urn:santkrupa:problem:validation");
        assertThat(fieldErrors(problem)).containsExactlyInAnyOrder("username", "name", "password", "licenseNumber");
        assertThat(message(problem, "name")).isEqualTo("Full name is required.");
        assertThat(message(problem, "password")).isEqualTo("Password is required.");
        assertThat(message(problem, "licenseNumber")).isEqualTo("License number is required.");

        Map<String, Object> wrong = doctor("x!", "MMC-" + suffix());
        wrong.put("name", "x".repeat(201));
        wrong.put("email", 7);
        wrong.put("phone", "call me");
        wrong.put("specialization", "x".repeat(101));
        wrong.put("consultationFee", "450");
        HttpResponse<String> invalid = post(admin, Json.write(wrong), Map.of());
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(invalid))).containsExactlyInAnyOrder("username", "name", "email", "phone",
                "specialization", "consultationFee");
        assertThat(message(json(invalid), "email")).isEqualTo("Must be a string.");
        assertThat(message(json(invalid), "consultationFee")).isEqualTo("Must be a number or null.");
        assertThat(message(json(invalid), "username")).startsWith("Use 3 to 64 lower-case letters");

        Map<String, Object> fee = doctor("dr.fee." + suffix(), "MMC-" + suffix());
        fee.put("consultationFee", -1);
        assertThat(message(json(post(admin, Json.write(fee), Map.of())), "consultationFee"))
                .isEqualTo("Consultation fee cannot be less than 0.");
        fee.put("consultationFee", new BigDecimal("10.125"));
        assertThat(message(json(post(admin, Json.write(fee), Map.of())), "consultationFee"))
                .isEqualTo("Consultation fee may have at most 2 decimal places.");

        // the page's password policy: too short, or containing the username
        Map<String, Object> weak = doctor("dr.weak." + suffix(), "MMC-" + suffix());
        weak.put("password", "short pass");
        HttpResponse<String> tooShort = post(admin, Json.write(weak), Map.of());
        assertThat(tooShort.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(tooShort))).containsExactly("password");
        assertThat(message(json(tooShort), "password"))
                .isEqualTo("Use at least 12 characters; a few words make a good password.");
        weak.put("password", "my name is " + weak.get("username") + " ok");
        assertThat(message(json(post(admin, Json.write(weak), Map.of())), "password"))
                .isEqualTo("The password must not contain the username.");
        weak.put("password", 123456789012L);
        assertThat(message(json(post(admin, Json.write(weak), Map.of())), "password")).isEqualTo("Must be a string.");

        // the role is the doctor's; activity and hashes are not the client's to send
        Map<String, Object> unknown = doctor("dr.unknown." + suffix(), "MMC-" + suffix());
        unknown.put("role", "clinic_admin");
        unknown.put("active", false);
        unknown.put("passwordHash", "$argon2id$x");
        HttpResponse<String> refused = post(admin, Json.write(unknown), Map.of());
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(refused))).containsExactlyInAnyOrder("role", "active", "passwordHash");

        assertThat(post(admin, "{not json", Map.of()).statusCode()).isEqualTo(400);
        assertThat(send("POST", api("/doctors"), admin, null,
                Map.of("Content-Type", "application/x-www-form-urlencoded")).statusCode()).isEqualTo(415);
        for (HttpResponse<String> r : List.of(empty, invalid, tooShort, refused)) {
            assertThat(r.body()).doesNotContain(PASSWORD).doesNotContain("short pass");
        }
        assertThat(users(clinic)).isEqualTo(users);
    }

    @Test
    void a_taken_username_or_license_number_is_a_409_at_that_field_and_nothing_is_written() throws Exception {
        String license = "MMC-" + suffix();
        String username = "dr.taken." + suffix();
        assertThat(post(admin, doctorJson(username, license), Map.of()).statusCode()).isEqualTo(201);
        int users = users(clinic);
        int creations = events(clinic, "staff.create", null).size();

        // the fixture's doctor signs in as "doctor"; usernames are stored in lower case
        HttpResponse<String> takenUsername = post(admin, doctorJson("Doctor", "MMC-" + suffix()), Map.of());
        assertThat(takenUsername.statusCode()).isEqualTo(409);
        JsonNode problem = json(takenUsername);
        assertThat(problem.get("type").asText()).isEqualTo("urn:santkrupa:problem:conflict");
        assertThat(fieldErrors(problem)).containsExactly("username");
        assertThat(message(problem, "username")).isEqualTo("This username is already taken in this clinic. Choose another.");

        HttpResponse<String> takenLicense = post(admin, doctorJson("dr.other." + suffix(), license), Map.of());
        assertThat(takenLicense.statusCode()).isEqualTo(409);
        assertThat(fieldErrors(json(takenLicense))).containsExactly("licenseNumber");
        assertThat(message(json(takenLicense), "licenseNumber"))
                .isEqualTo("Another doctor of this clinic already has this license number.");

        assertThat(users(clinic)).isEqualTo(users);
        assertThat(events(clinic, "staff.create", null)).hasSize(creations);

        // both are the clinic's own: another clinic may have them
        String otherAdmin = ApiClient.token(server, db, other, Role.CLINIC_ADMIN);
        assertThat(send("POST", "/clinic/" + other.slug() + "/api/v1/doctors", otherAdmin, doctorJson(username, license),
                Map.of()).statusCode()).isEqualTo(201);
    }

    @Test
    void the_clinics_limit_of_doctors_is_a_409_and_nothing_is_written() throws Exception {
        Clinic small = WebFixture.clinicWithLogins(db, server.hasher);
        PlatformFixture.setLimits(db, small, 1, null, null); // the fixture has one doctor
        int users = users(small);

        HttpResponse<String> refused = send("POST", "/clinic/" + small.slug() + "/api/v1/doctors",
                ApiClient.token(server, db, small, Role.CLINIC_ADMIN), doctorJson("dr.two", "MMC-" + suffix()), Map.of());

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json(refused).get("detail").asText()).startsWith("The clinic has reached its limit of 1 active doctors.");
        assertThat(users(small)).isEqualTo(users);
    }

    @Test
    void a_retry_with_the_same_idempotency_key_gets_the_first_answer_and_creates_one_account() throws Exception {
        String key = UUID.randomUUID().toString();
        String username = "dr.retry." + suffix();
        String body = doctorJson(username, "MMC-" + suffix());
        HttpResponse<String> first = post(admin, body, Map.of("Idempotency-Key", key));
        assertThat(first.statusCode()).isEqualTo(201);
        int users = users(clinic);

        HttpResponse<String> retry = post(admin, body, Map.of("Idempotency-Key", key));

        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body()).doesNotContain(PASSWORD);
        assertThat(retry.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(users(clinic)).isEqualTo(users);
        assertThat(events(clinic, "staff.create", user(clinic, username).getId())).hasSize(1);

        HttpResponse<String> different = post(admin, doctorJson("dr.else." + suffix(), "MMC-" + suffix()),
                Map.of("Idempotency-Key", key));
        assertThat(different.statusCode()).isEqualTo(422);
        assertThat(users(clinic)).isEqualTo(users);
    }

    @Test
    void an_edit_needs_the_current_etag_and_a_stale_one_gets_412_even_after_a_deactivation() throws Exception {
        String username = "dr.edit." + suffix();
        JsonNode doctor = json(post(admin, doctorJson(username, "MMC-" + suffix()), Map.of()));
        UUID id = UUID.fromString(doctor.get("id").asText());
        String path = api("/doctors/" + id);
        int v = doctor.get("version").asInt();
        String license = "MMC-NEW-" + suffix();
        String edit = Json.write(Map.of("licenseNumber", license, "specialization", "Neonatology",
                "consultationFee", 600));

        HttpResponse<String> missing = send("PUT", path, admin, edit, Map.of());
        assertThat(missing.statusCode()).isEqualTo(428);
        assertThat(json(missing).get("type").asText()).isEqualTo("urn:santkrupa:problem:version-required");
        HttpResponse<String> saved = send("PUT", path, admin, edit, Map.of("If-Match", etag(v)));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        JsonNode after = json(saved);
        assertThat(after.get("licenseNumber").asText()).isEqualTo(license);
        assertThat(after.get("specialization").asText()).isEqualTo("Neonatology");
        assertThat(after.get("qualification").asText()).isEmpty(); // left out: replaced by empty, as on the page
        assertThat(after.get("consultationFee").decimalValue()).isEqualByComparingTo("600");
        assertThat(after.get("name").asText()).isEqualTo("Dr. Meera Kulkarni");
        assertThat(after.get("version").asInt()).isEqualTo(v + 1);
        assertThat(saved.headers().firstValue("ETag")).hasValue(etag(v + 1));
        assertThat(events(clinic, "doctor.update", id)).singleElement().satisfies(e -> {
            assertThat(e.getDetail()).isEqualTo("changed: license_number, specialization, qualification, consultation_fee");
            assertThat(e.getActorRole()).isEqualTo("clinic_admin");
        });

        HttpResponse<String> stale = send("PUT", path, admin,
                Json.write(Map.of("licenseNumber", "MMC-OVERWRITTEN")), Map.of("If-Match", etag(v)));
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(json(stale).get("type").asText()).isEqualTo("urn:santkrupa:problem:stale-version");
        assertThat(doctorRow(id).getLicenseNumber()).isEqualTo(license);
        assertThat(doctorRow(id).getVersion()).isEqualTo(v + 1);

        // deactivation is the staff pages' (it ends the doctor's sessions); here it is refused as unknown
        HttpResponse<String> deactivate = send("PUT", path, admin,
                Json.write(Map.of("licenseNumber", license, "active", false)), Map.of("If-Match", etag(v + 1)));
        assertThat(deactivate.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(deactivate))).containsExactly("active");
        assertThat(doctorRow(id).getIsActive()).isTrue();

        AppUserRecord user = user(clinic, username);
        TestBrowser page = ApiClient.signedIn(server, clinic, Role.CLINIC_ADMIN);
        assertThat(page.post("/clinic/" + clinic.slug() + "/staff/" + user.getId() + "/deactivate",
                Map.of("version", String.valueOf(user.getVersion()))).statusCode()).isEqualTo(303);
        HttpResponse<String> inactive = get(path, admin);
        assertThat(json(inactive).get("active").asBoolean()).isFalse();
        assertThat(inactive.headers().firstValue("ETag")).hasValue(etag(v + 2));
        assertThat(listedDoctors(admin)).doesNotContain(id.toString());
        assertThat(send("PUT", path, admin, edit, Map.of("If-Match", etag(v + 1))).statusCode()).isEqualTo(412);
        assertThat(doctorRow(id).getIsActive()).isFalse();
    }

    @Test
    void taking_another_doctors_license_number_on_an_edit_is_a_409_and_changes_nothing() throws Exception {
        String license = "MMC-" + suffix();
        post(admin, doctorJson("dr.first." + suffix(), license), Map.of());
        JsonNode second = json(post(admin, doctorJson("dr.second." + suffix(), "MMC-" + suffix()), Map.of()));
        UUID id = UUID.fromString(second.get("id").asText());

        HttpResponse<String> refused = send("PUT", api("/doctors/" + id), admin,
                Json.write(Map.of("licenseNumber", license)), Map.of("If-Match", etag(second.get("version").asInt())));

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(fieldErrors(json(refused))).containsExactly("licenseNumber");
        assertThat(doctorRow(id).getLicenseNumber()).isEqualTo(second.get("licenseNumber").asText());
        assertThat(doctorRow(id).getVersion()).isEqualTo(second.get("version").asInt());
        assertThat(events(clinic, "doctor.update", id)).isEmpty();
    }

    @Test
    void staff_read_a_doctor_only_the_admin_adds_or_edits_and_a_patient_gets_403() throws Exception {
        UUID fixtureDoctor = clinic.row("doctor");
        String path = api("/doctors/" + fixtureDoctor);
        DoctorRecord before = doctorRow(fixtureDoctor);
        int users = users(clinic);
        String edit = Json.write(Map.of("licenseNumber", "MMC-SNEAKY"));
        for (Role role : List.of(Role.DOCTOR, Role.RECEPTIONIST, Role.LAB_TECHNICIAN)) {
            String token = ApiClient.token(server, db, clinic, role);
            HttpResponse<String> read = get(path, token);
            assertThat(read.statusCode()).as(role + " reads").isEqualTo(200);
            assertThat(json(read).get("specialization").asText()).isEqualTo("General Medicine");
            assertThat(post(token, doctorJson("dr.sneaky." + suffix(), "MMC-" + suffix()), Map.of()).statusCode())
                    .as(role + " adds").isEqualTo(403);
            assertThat(send("PUT", path, token, edit, Map.of("If-Match", etag(before.getVersion()))).statusCode())
                    .as(role + " edits").isEqualTo(403);
        }
        String patient = ApiClient.token(server, db, clinic, Role.PATIENT);
        assertThat(get(path, patient).statusCode()).isEqualTo(403);
        assertThat(post(patient, doctorJson("dr.patient." + suffix(), "MMC-" + suffix()), Map.of()).statusCode())
                .isEqualTo(403);
        assertThat(get(path, null).statusCode()).isEqualTo(401);
        assertThat(post(null, doctorJson("dr.anon." + suffix(), "MMC-" + suffix()), Map.of()).statusCode()).isEqualTo(401);
        assertThat(send("PUT", path, null, edit, Map.of("If-Match", etag(before.getVersion()))).statusCode())
                .isEqualTo(401);
        assertThat(users(clinic)).isEqualTo(users);
        assertThat(doctorRow(fixtureDoctor).getVersion()).isEqualTo(before.getVersion());
        assertThat(doctorRow(fixtureDoctor).getLicenseNumber()).isEqualTo(before.getLicenseNumber());
    }

    @Test
    void another_clinics_token_or_ids_get_404_and_change_nothing() throws Exception {
        String foreignAdmin = ApiClient.token(server, db, other, Role.CLINIC_ADMIN);
        UUID ofA = clinic.row("doctor");
        DoctorRecord aBefore = doctorRow(ofA);
        int aUsers = users(clinic);
        String edit = Json.write(Map.of("licenseNumber", "MMC-EVIL"));
        assertThat(get(api("/doctors/" + ofA), foreignAdmin).statusCode()).isEqualTo(404);
        assertThat(post(foreignAdmin, doctorJson("dr.evil." + suffix(), "MMC-" + suffix()), Map.of()).statusCode())
                .isEqualTo(404);
        assertThat(send("PUT", api("/doctors/" + ofA), foreignAdmin, edit, Map.of("If-Match", etag(aBefore.getVersion())))
                .statusCode()).isEqualTo(404);
        assertThat(users(clinic)).isEqualTo(aUsers);
        assertThat(doctorRow(ofA).getVersion()).isEqualTo(aBefore.getVersion());

        // A's admin, on A's own API, with B's doctor id: the same 404 as an unknown id
        UUID ofB = other.row("doctor");
        DoctorRecord bBefore = doctorRow(other, ofB);
        HttpResponse<String> unknown = get(api("/doctors/" + UUID.randomUUID()), admin);
        HttpResponse<String> foreign = get(api("/doctors/" + ofB), admin);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).isEqualTo(unknown.body()).doesNotContain(bBefore.getLicenseNumber());
        assertThat(get(api("/doctors/not-an-id"), admin).body()).isEqualTo(unknown.body());
        HttpResponse<String> put = send("PUT", api("/doctors/" + ofB), admin, edit,
                Map.of("If-Match", etag(bBefore.getVersion())));
        assertThat(put.statusCode()).isEqualTo(404);
        assertThat(put.body()).isEqualTo(unknown.body());
        DoctorRecord bAfter = doctorRow(other, ofB);
        assertThat(bAfter.getLicenseNumber()).isEqualTo(bBefore.getLicenseNumber());
        assertThat(bAfter.getVersion()).isEqualTo(bBefore.getVersion());
        assertThat(events(other, "doctor.update", ofB)).isEmpty();
    }

    private static List<String> listedDoctors(String token) throws Exception {
        HttpResponse<String> page = get(api("/doctors?limit=100"), token);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(json(page).get("next").isNull()).as("one page holds this clinic's doctors").isTrue();
        List<String> ids = new ArrayList<>();
        json(page).get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    /** Every answer is checked against the OpenAPI document (status, content type, body schema). */
    private static HttpResponse<String> send(String method, String path, String token, String body,
                                             Map<String, String> headers) {
        return OpenApiContract.check(ApiClient.send(server, method, path, token, body, headers));
    }

    private static HttpResponse<String> get(String path, String token) {
        return OpenApiContract.check(ApiClient.get(server, path, token));
    }

    private static HttpResponse<String> post(String token, String body, Map<String, String> headers) {
        return send("POST", api("/doctors"), token, body, headers);
    }

    private static Map<String, Object> doctor(String username, String license) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", username);
        body.put("name", "Dr. Meera Kulkarni");
        body.put("email", "meera@example.com");
        body.put("phone", "+91 20 2555 0101");
        body.put("password", PASSWORD);
        body.put("licenseNumber", license);
        body.put("specialization", "Paediatrics");
        body.put("qualification", "MBBS, DCH");
        body.put("consultationFee", new BigDecimal("450.50"));
        return body;
    }

    private static String doctorJson(String username, String license) {
        return Json.write(doctor(username, license));
    }

    private static String api(String path) {
        return "/clinic/" + clinic.slug() + "/api/v1" + path;
    }

    private static String etag(int version) {
        return "\"" + version + "\"";
    }

    private static String message(JsonNode problem, String field) {
        for (JsonNode e : problem.get("errors")) {
            if (e.get("field").asText().equals(field)) {
                return e.get("message").asText();
            }
        }
        return null;
    }

    private static AppUserRecord user(Clinic c, String username) {
        return db.tenants().inClinic(c.id(), tx -> tx.selectFrom(APP_USER)
                .where(APP_USER.CLINIC_ID.eq(c.id().value()), APP_USER.USERNAME.eq(username)).fetchSingle());
    }

    private static DoctorRecord doctorRow(UUID id) {
        return doctorRow(clinic, id);
    }

    private static DoctorRecord doctorRow(Clinic c, UUID id) {
        return db.tenants().inClinic(c.id(), tx -> tx.selectFrom(DOCTOR)
                .where(DOCTOR.CLINIC_ID.eq(c.id().value()), DOCTOR.ID.eq(id)).fetchSingle());
    }

    /** Accounts and doctors' profiles of the clinic together: a create writes one of each. */
    private static int users(Clinic c) {
        return db.tenants().inClinic(c.id(), tx -> tx.fetchCount(APP_USER, APP_USER.CLINIC_ID.eq(c.id().value()))
                + tx.fetchCount(DOCTOR, DOCTOR.CLINIC_ID.eq(c.id().value())));
    }

    /** The clinic's audit events of {@code action}, of one entity or (null) of any. */
    private static List<AuditEventRecord> events(Clinic c, String action, UUID entity) {
        return db.tenants().inClinic(c.id(), tx -> tx.selectFrom(AUDIT_EVENT)
                .where(AUDIT_EVENT.CLINIC_ID.eq(c.id().value()), AUDIT_EVENT.ACTION.eq(action),
                        entity == null ? DSL.noCondition() : AUDIT_EVENT.ENTITY_ID.eq(entity))
                .orderBy(AUDIT_EVENT.OCCURRED_AT, AUDIT_EVENT.ID)
                .fetch());
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 6);
    }
}
