package io.santkrupa.prescription;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.db.jooq.santkrupa.tables.records.AuditEventRecord;
import io.santkrupa.db.jooq.santkrupa.tables.records.MedicineRecord;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.OpenApiContract;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import io.santkrupa.web.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.testing.ApiClient.json;
import static io.santkrupa.testing.ApiClient.fieldErrors;
import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICINE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The medicine catalog over the API, through real HTTP against PostgreSQL: list with keyset
 * pages and filters, add (validation, duplicates, Idempotency-Key), read with an ETag, edit and
 * deactivate with If-Match, the roles, and another clinic's token or ids getting 404 with
 * nothing changed.
 */
@ExtendWith(TestDatabaseExtension.class)
class MedicineApiTest {

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
        admin = ApiClient.token(server, db, clinic, Role.CLINIC_ADMIN);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void adding_answers_201_with_the_medicine_its_location_and_etag_and_is_audited_as_on_the_page() throws Exception {
        String name = "Crocin " + suffix();
        HttpResponse<String> created = post(admin, medicineJson(name, "tablet", "650 mg"), Map.of());

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode medicine = json(created);
        UUID id = UUID.fromString(medicine.get("id").asText());
        assertThat(medicine.get("name").asText()).isEqualTo(name);
        assertThat(medicine.get("genericName").asText()).isEqualTo("Paracetamol");
        assertThat(medicine.get("form").asText()).isEqualTo("tablet");
        assertThat(medicine.get("strength").asText()).isEqualTo("650 mg");
        assertThat(medicine.get("manufacturer").asText()).isEqualTo("GSK");
        assertThat(medicine.get("active").asBoolean()).isTrue();
        assertThat(created.headers().firstValue("Location")).hasValue(api("/medicines/" + id));
        assertThat(created.headers().firstValue("ETag")).hasValue("\"" + medicine.get("version").asInt() + "\"");
        assertThat(created.body()).doesNotContain("clinic");
        assertThat(byId(id).getName()).isEqualTo(name);
        AuditEventRecord event = events("medicine.create", id).getFirst();
        assertThat(event.getActorRole()).isEqualTo("clinic_admin");
        assertThat(event.getRequestId()).isEqualTo(created.headers().firstValue("X-Request-Id").orElseThrow());

        String doctor = ApiClient.token(server, db, clinic, Role.DOCTOR);
        HttpResponse<String> read = get(api("/medicines/" + id), doctor);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read)).isEqualTo(medicine);
        assertThat(read.headers().firstValue("ETag")).isEqualTo(created.headers().firstValue("ETag"));
    }

    @Test
    void invalid_fields_get_422_naming_each_field_and_nothing_is_written() throws Exception {
        int before = count(clinic);
        Map<String, Object> invalid = new LinkedHashMap<>();
        invalid.put("name", "");
        invalid.put("form", "lozenge");
        invalid.put("strength", "x".repeat(51));
        invalid.put("manufacturer", 7);
        invalid.put("genericName", "Paracetamol");

        HttpResponse<String> refused = post(admin, Json.write(invalid), Map.of());

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(refused);
        assertThat(problem.get("type").asText()).isEqualTo("urn:santkrupa:problem:validation");
        assertThat(fieldErrors(problem)).containsExactlyInAnyOrder("name", "form", "strength", "manufacturer");
        assertThat(message(problem, "name")).isEqualTo("Name is required.");
        assertThat(message(problem, "strength")).isEqualTo("Strength must be at most 50 characters.");

        // a new medicine is active: active is for edits, and a misspelt field is not dropped
        HttpResponse<String> unknown = post(admin, medicineJson("Unknowns", "tablet", "1 mg")
                .replace("}", ",\"active\":false,\"genricName\":\"x\"}"), Map.of());
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(unknown))).containsExactlyInAnyOrder("active", "genricName");

        assertThat(post(admin, "{not json", Map.of()).statusCode()).isEqualTo(400);
        HttpResponse<String> form = send("POST", api("/medicines"), admin, null,
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(count(clinic)).isEqualTo(before);
    }

    @Test
    void the_same_name_form_and_strength_twice_is_a_409_at_the_name_but_free_in_another_clinic() throws Exception {
        String name = "Azithral " + suffix();
        String otherAdmin = ApiClient.token(server, db, other, Role.CLINIC_ADMIN);
        HttpResponse<String> elsewhere = send("POST", "/clinic/" + other.slug() + "/api/v1/medicines",
                otherAdmin, medicineJson(name, "tablet", "500 mg"), Map.of());
        assertThat(elsewhere.statusCode()).isEqualTo(201);
        assertThat(post(admin, medicineJson(name, "tablet", "500 mg"), Map.of()).statusCode()).isEqualTo(201);
        int before = count(clinic);

        HttpResponse<String> duplicate = post(admin, medicineJson(name.toUpperCase(), "tablet", "500 mg"), Map.of());

        assertThat(duplicate.statusCode()).isEqualTo(409);
        JsonNode problem = json(duplicate);
        assertThat(problem.get("type").asText()).isEqualTo("urn:santkrupa:problem:conflict");
        assertThat(fieldErrors(problem)).containsExactly("name");
        assertThat(message(problem, "name")).isEqualTo("The catalog already has a medicine of this name, form and strength.");
        assertThat(duplicate.body()).doesNotContain(other.slug()).doesNotContain(json(elsewhere).get("id").asText());
        assertThat(count(clinic)).isEqualTo(before);
    }

    @Test
    void a_retry_with_the_same_idempotency_key_gets_the_first_answer_and_adds_nothing() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = medicineJson("Dolo " + suffix(), "tablet", "650 mg");
        HttpResponse<String> first = post(admin, body, Map.of("Idempotency-Key", key));
        assertThat(first.statusCode()).isEqualTo(201);
        int after = count(clinic);

        HttpResponse<String> retry = post(admin, body, Map.of("Idempotency-Key", key));

        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(count(clinic)).isEqualTo(after);
        assertThat(events("medicine.create", UUID.fromString(json(first).get("id").asText()))).hasSize(1);
        HttpResponse<String> different = post(admin, medicineJson("Other " + suffix(), "syrup", "5 ml"),
                Map.of("Idempotency-Key", key));
        assertThat(different.statusCode()).isEqualTo(422);
        assertThat(count(clinic)).isEqualTo(after);
    }

    @Test
    void an_edit_needs_the_current_etag_deactivates_and_reactivates_and_a_stale_one_gets_412() throws Exception {
        String name = "Pantocid " + suffix();
        JsonNode medicine = json(post(admin, medicineJson(name, "tablet", "40 mg"), Map.of()));
        UUID id = UUID.fromString(medicine.get("id").asText());
        String path = api("/medicines/" + id);
        int v = medicine.get("version").asInt();
        String deactivate = medicineJson(name, "tablet", "40 mg").replace("}", ",\"active\":false}")
                .replace("\"GSK\"", "\"Sun Pharma\"");

        assertThat(send("PUT", path, admin, deactivate, Map.of()).statusCode()).isEqualTo(428);
        HttpResponse<String> saved = send("PUT", path, admin, deactivate, Map.of("If-Match", etag(v)));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        assertThat(json(saved).get("active").asBoolean()).isFalse();
        assertThat(json(saved).get("manufacturer").asText()).isEqualTo("Sun Pharma");
        assertThat(json(saved).get("version").asInt()).isEqualTo(v + 1);
        assertThat(saved.headers().firstValue("ETag")).hasValue(etag(v + 1));
        assertThat(events("medicine.update", id)).singleElement()
                .satisfies(e -> assertThat(e.getDetail()).isEqualTo("changed: manufacturer, deactivated"));
        assertThat(listed("?active=true&q=" + name.substring(0, 8))).doesNotContain(id.toString());
        assertThat(listed("?active=false&q=" + name.substring(0, 8))).contains(id.toString());
        assertThat(listed("?q=" + name.substring(0, 8))).contains(id.toString());

        HttpResponse<String> stale = send("PUT", path, admin,
                medicineJson("Overwritten", "tablet", "40 mg").replace("}", ",\"active\":true}"), Map.of("If-Match", etag(v)));
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(json(stale).get("type").asText()).isEqualTo("urn:santkrupa:problem:stale-version");
        assertThat(byId(id).getName()).isEqualTo(name);
        assertThat(byId(id).getVersion()).isEqualTo(v + 1);

        HttpResponse<String> noActive = send("PUT", path, admin, medicineJson(name, "tablet", "40 mg"),
                Map.of("If-Match", etag(v + 1)));
        assertThat(noActive.statusCode()).isEqualTo(422);
        assertThat(fieldErrors(json(noActive))).containsExactly("active");

        HttpResponse<String> back = send("PUT", path, admin,
                deactivate.replace("\"active\":false", "\"active\":true"), Map.of("If-Match", etag(v + 1)));
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(byId(id).getIsActive()).isTrue();
        assertThat(events("medicine.update", id)).hasSize(2)
                .anySatisfy(e -> assertThat(e.getDetail()).isEqualTo("changed: reactivated"));
    }

    @Test
    void renaming_into_a_duplicate_is_a_409_at_the_name_and_changes_nothing() throws Exception {
        String name = "Zerodol " + suffix();
        post(admin, medicineJson(name, "tablet", "100 mg"), Map.of());
        JsonNode plus = json(post(admin, medicineJson(name + " Plus", "tablet", "100 mg"), Map.of()));
        String path = api("/medicines/" + plus.get("id").asText());

        HttpResponse<String> refused = send("PUT", path, admin,
                medicineJson(name, "tablet", "100 mg").replace("}", ",\"active\":true}"),
                Map.of("If-Match", etag(plus.get("version").asInt())));

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(fieldErrors(json(refused))).containsExactly("name");
        assertThat(byId(UUID.fromString(plus.get("id").asText())).getName()).isEqualTo(name + " Plus");
        assertThat(byId(UUID.fromString(plus.get("id").asText())).getVersion()).isEqualTo(plus.get("version").asInt());
    }

    @Test
    void the_list_pages_with_a_cursor_in_name_order_through_every_match_exactly_once() throws Exception {
        String prefix = "Zzpaged" + suffix();
        List<String> added = new ArrayList<>();
        for (int i = 6; i >= 0; i--) {
            // the same name in two forms: ordered by name, then form
            String name = prefix + " " + (i / 2);
            added.add(json(post(admin, medicineJson(name, i % 2 == 0 ? "tablet" : "syrup", "10 mg"), Map.of()))
                    .get("id").asText());
        }
        List<String> seen = new ArrayList<>();
        List<String> order = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            HttpResponse<String> page = get(api("/medicines?q=" + prefix.toLowerCase() + "&limit=3"
                    + (cursor == null ? "" : "&cursor=" + cursor)), admin);
            assertThat(page.statusCode()).isEqualTo(200);
            JsonNode body = json(page);
            assertThat(body.get("items").size()).isLessThanOrEqualTo(3);
            body.get("items").forEach(item -> {
                seen.add(item.get("id").asText());
                order.add(item.get("name").asText() + "/" + item.get("form").asText());
            });
            cursor = body.get("next").isNull() ? null : body.get("next").asText();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(added);
        assertThat(order).containsExactly(prefix + " 0/syrup", prefix + " 0/tablet", prefix + " 1/syrup",
                prefix + " 1/tablet", prefix + " 2/syrup", prefix + " 2/tablet", prefix + " 3/tablet");

        assertThat(get(api("/medicines?limit=0"), admin).statusCode()).isEqualTo(400);
        assertThat(get(api("/medicines?limit=101"), admin).statusCode()).isEqualTo(400);
        HttpResponse<String> badCursor = get(api("/medicines?cursor=garbage"), admin);
        assertThat(badCursor.statusCode()).isEqualTo(400);
        assertThat(fieldErrors(json(badCursor))).containsExactly("cursor");
        HttpResponse<String> badActive = get(api("/medicines?active=maybe"), admin);
        assertThat(badActive.statusCode()).isEqualTo(400);
        assertThat(fieldErrors(json(badActive))).containsExactly("active");
        assertThat(get(api("/medicines?q=" + "x".repeat(101)), admin).statusCode()).isEqualTo(400);
    }

    @Test
    void staff_read_the_catalog_only_the_admin_changes_it_and_a_patient_gets_403() throws Exception {
        String medicine = api("/medicines/" + clinic.row("medicine"));
        MedicineRecord before = byId(clinic.row("medicine"));
        int count = count(clinic);
        for (Role role : List.of(Role.DOCTOR, Role.RECEPTIONIST, Role.LAB_TECHNICIAN)) {
            String token = ApiClient.token(server, db, clinic, role);
            assertThat(get(api("/medicines"), token).statusCode()).as(role + " lists").isEqualTo(200);
            HttpResponse<String> read = get(medicine, token);
            assertThat(read.statusCode()).as(role + " reads").isEqualTo(200);
            assertThat(json(read).get("name").asText()).isEqualTo("Paracetamol");
            assertThat(post(token, medicineJson("Sneaky " + role, "tablet", "1 mg"), Map.of()).statusCode())
                    .as(role + " adds").isEqualTo(403);
            assertThat(send("PUT", medicine, token,
                    medicineJson("Sneaky", "tablet", "1 mg").replace("}", ",\"active\":false}"),
                    Map.of("If-Match", etag(before.getVersion()))).statusCode()).as(role + " edits").isEqualTo(403);
        }
        String patient = ApiClient.token(server, db, clinic, Role.PATIENT);
        assertThat(get(api("/medicines"), patient).statusCode()).isEqualTo(403);
        assertThat(get(medicine, patient).statusCode()).isEqualTo(403);
        assertThat(get(api("/medicines"), null).statusCode()).isEqualTo(401);
        assertThat(get(medicine, null).statusCode()).isEqualTo(401);
        assertThat(post(null, medicineJson("Anonymous", "tablet", "1 mg"), Map.of()).statusCode()).isEqualTo(401);
        assertThat(count(clinic)).isEqualTo(count);
        assertThat(byId(clinic.row("medicine")).getVersion()).isEqualTo(before.getVersion());
    }

    @Test
    void another_clinics_token_or_ids_get_404_and_change_nothing() throws Exception {
        String foreignAdmin = ApiClient.token(server, db, other, Role.CLINIC_ADMIN);
        String medicineOfA = api("/medicines/" + clinic.row("medicine"));
        MedicineRecord aBefore = byId(clinic.row("medicine"));
        int aCount = count(clinic);
        assertThat(get(medicineOfA, foreignAdmin).statusCode()).isEqualTo(404);
        assertThat(get(api("/medicines"), foreignAdmin).statusCode()).isEqualTo(404);
        assertThat(post(foreignAdmin, medicineJson("Evil " + suffix(), "tablet", "1 mg"), Map.of()).statusCode())
                .isEqualTo(404);
        assertThat(send("PUT", medicineOfA, foreignAdmin,
                medicineJson("Evil", "tablet", "1 mg").replace("}", ",\"active\":false}"),
                Map.of("If-Match", etag(aBefore.getVersion()))).statusCode()).isEqualTo(404);
        assertThat(count(clinic)).isEqualTo(aCount);

        // A's admin, on A's own API, with B's medicine id: the same 404 as an unknown id
        UUID ofB = other.row("medicine");
        MedicineRecord bBefore = db.tenants().inClinic(other.id(), tx -> tx.selectFrom(MEDICINE)
                .where(MEDICINE.CLINIC_ID.eq(other.id().value()), MEDICINE.ID.eq(ofB)).fetchSingle());
        HttpResponse<String> foreign = get(api("/medicines/" + ofB), admin);
        HttpResponse<String> unknown = get(api("/medicines/" + UUID.randomUUID()), admin);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).isEqualTo(unknown.body()).doesNotContain("Paracetamol");
        assertThat(get(api("/medicines/not-an-id"), admin).body()).isEqualTo(unknown.body());
        HttpResponse<String> put = send("PUT", api("/medicines/" + ofB), admin,
                medicineJson("Hijack", "tablet", "1 mg").replace("}", ",\"active\":false}"),
                Map.of("If-Match", etag(bBefore.getVersion())));
        assertThat(put.statusCode()).isEqualTo(404);
        assertThat(put.body()).isEqualTo(unknown.body());
        MedicineRecord bAfter = db.tenants().inClinic(other.id(), tx -> tx.selectFrom(MEDICINE)
                .where(MEDICINE.CLINIC_ID.eq(other.id().value()), MEDICINE.ID.eq(ofB)).fetchSingle());
        assertThat(bAfter.getName()).isEqualTo("Paracetamol");
        assertThat(bAfter.getIsActive()).isTrue();
        assertThat(bAfter.getVersion()).isEqualTo(bBefore.getVersion());
        assertThat(events(other, "medicine.update", ofB)).isEmpty();
    }

    private static List<String> listed(String query) throws Exception {
        HttpResponse<String> page = get(api("/medicines" + query + "&limit=100"), admin);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
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
        return send("POST", api("/medicines"), token, body, headers);
    }

    private static String medicineJson(String name, String form, String strength) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("genericName", "Paracetamol");
        body.put("form", form);
        body.put("strength", strength);
        body.put("manufacturer", "GSK");
        return Json.write(body);
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

    private static MedicineRecord byId(UUID id) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.selectFrom(MEDICINE)
                .where(MEDICINE.CLINIC_ID.eq(clinic.id().value()), MEDICINE.ID.eq(id)).fetchSingle());
    }

    private static int count(Clinic c) {
        return db.tenants().inClinic(c.id(), tx -> tx.fetchCount(MEDICINE, MEDICINE.CLINIC_ID.eq(c.id().value())));
    }

    private static List<AuditEventRecord> events(String action, UUID entity) {
        return events(clinic, action, entity);
    }

    private static List<AuditEventRecord> events(Clinic c, String action, UUID entity) {
        return db.tenants().inClinic(c.id(), tx -> tx.selectFrom(AUDIT_EVENT)
                .where(AUDIT_EVENT.CLINIC_ID.eq(c.id().value()), AUDIT_EVENT.ACTION.eq(action),
                        AUDIT_EVENT.ENTITY_ID.eq(entity))
                .orderBy(AUDIT_EVENT.OCCURRED_AT, AUDIT_EVENT.ID)
                .fetch());
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 6);
    }
}
