package io.santkrupa.prescription;

import io.santkrupa.db.Ids;
import io.santkrupa.db.jooq.santkrupa.tables.records.AuditEventRecord;
import io.santkrupa.db.jooq.santkrupa.tables.records.MedicineRecord;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.Html;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICINE;
import static org.assertj.core.api.Assertions.assertThat;

/** The clinic admin's medicine catalog over HTTP, checked against the database. */
@ExtendWith(TestDatabaseExtension.class)
class MedicineCatalogPagesTest {

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;
    private static Clinic other;
    private static TestBrowser admin;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        other = WebFixture.clinicWithLogins(db, server.hasher);
        admin = signedInAdmin(clinic);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void the_admin_adds_a_medicine_and_finds_it_in_the_list() {
        HttpResponse<String> created = admin.post(medicines(clinic), medicine("Crocin", "tablet", "650 mg"));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
        MedicineRecord row = find(clinic, "Crocin", "650 mg");
        assertThat(created.headers().firstValue("Location")).hasValue(medicines(clinic) + "/" + row.getId() + "?done=created");
        assertThat(row.getGenericName()).isEqualTo("Paracetamol");
        assertThat(row.getForm()).isEqualTo("tablet");
        assertThat(row.getIsActive()).isTrue();
        AuditEventRecord event = lastEvent("medicine.create");
        assertThat(event.getEntityType()).isEqualTo("medicine");
        assertThat(event.getEntityId()).isEqualTo(row.getId());
        assertThat(admin.get(medicines(clinic) + "?q=cro").body()).contains("Crocin").contains("650 mg")
                .doesNotContain(">Paracetamol</a>");
    }

    @Test
    void each_field_is_checked_and_nothing_is_written() {
        int before = count(clinic);
        Map<String, String> form = medicine("", "lozenge", "x".repeat(51));
        form.put("manufacturer", "Cipla");

        HttpResponse<String> refused = admin.post(medicines(clinic), form);

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(Html.fieldError(refused.body(), "name")).hasValue("Name is required.");
        assertThat(Html.fieldError(refused.body(), "form")).hasValue("Choose one of the listed form values.");
        assertThat(Html.fieldError(refused.body(), "strength")).hasValue("Strength must be at most 50 characters.");
        assertThat(Html.fieldError(refused.body(), "manufacturer")).isEmpty();
        assertThat(Html.inputValue(refused.body(), "manufacturer")).hasValue("Cipla");
        assertThat(count(clinic)).isEqualTo(before);
    }

    @Test
    void the_same_name_form_and_strength_twice_in_a_clinic_is_refused_but_free_in_another_clinic() {
        String name = "Azithral " + suffix();
        assertThat(admin.post(medicines(other), medicine(name, "tablet", "500 mg")).statusCode())
                .as("posting to another clinic with this clinic's session").isEqualTo(404);
        assertThat(signedInAdmin(other).post(medicines(other), medicine(name, "tablet", "500 mg")).statusCode())
                .isEqualTo(303);

        assertThat(admin.post(medicines(clinic), medicine(name, "tablet", "500 mg")).statusCode())
                .as("known only in another clinic").isEqualTo(303);
        assertThat(admin.post(medicines(clinic), medicine(name, "tablet", "250 mg")).statusCode())
                .as("another strength").isEqualTo(303);
        assertThat(admin.post(medicines(clinic), medicine(name, "syrup", "500 mg")).statusCode())
                .as("another form").isEqualTo(303);
        int before = count(clinic);

        HttpResponse<String> duplicate = admin.post(medicines(clinic), medicine(name.toUpperCase(), "tablet", "500 mg"));

        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(Html.fieldError(duplicate.body(), "name"))
                .hasValue("The catalog already has a medicine of this name, form and strength.");
        assertThat(Html.inputValue(duplicate.body(), "name")).hasValue(name.toUpperCase());
        assertThat(count(clinic)).isEqualTo(before);
    }

    @Test
    void a_medicine_is_edited_with_its_version_deactivated_rather_than_deleted_and_a_stale_edit_overwrites_nothing() {
        // the fixture's paracetamol is on a prescription: it can be changed and deactivated all the same
        UUID id = clinic.row("medicine");
        MedicineRecord before = byId(clinic, id);
        String path = medicines(clinic) + "/" + id;
        assertThat(admin.get(path).body()).contains("value=\"Paracetamol\"").contains("checked");

        Map<String, String> edit = medicine("Paracetamol", "tablet", "500 mg");
        edit.put("version", String.valueOf(before.getVersion()));
        edit.remove("active");
        HttpResponse<String> saved = admin.post(path, edit);

        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        assertThat(saved.headers().firstValue("Location")).hasValue(path + "?done=saved");
        MedicineRecord after = byId(clinic, id);
        assertThat(after.getIsActive()).isFalse();
        assertThat(after.getGenericName()).isEqualTo("Paracetamol");
        assertThat(after.getVersion()).isEqualTo(before.getVersion() + 1);
        assertThat(lastEvent("medicine.update").getDetail()).isEqualTo("changed: generic_name, manufacturer, deactivated");
        assertThat(admin.get(medicines(clinic)).body()).doesNotContain("/" + id + "\"");
        assertThat(admin.get(medicines(clinic) + "?status=inactive").body()).contains("/" + id + "\"");

        Map<String, String> stale = medicine("Paracetamol IP", "tablet", "500 mg");
        stale.put("version", String.valueOf(before.getVersion()));
        HttpResponse<String> refused = admin.post(path, stale);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(Html.formError(refused.body())).hasValueSatisfying(m -> assertThat(m).contains("Someone else changed"));
        assertThat(byId(clinic, id).getName()).isEqualTo("Paracetamol");

        Map<String, String> back = medicine("Paracetamol", "tablet", "500 mg");
        back.put("version", String.valueOf(after.getVersion()));
        assertThat(admin.post(path, back).statusCode()).isEqualTo(303);
        assertThat(byId(clinic, id).getIsActive()).isTrue();
        assertThat(lastEvent("medicine.update").getDetail()).isEqualTo("changed: reactivated");
    }

    @Test
    void renaming_into_a_duplicate_is_refused_at_the_name() {
        String name = "Dolo " + suffix();
        admin.post(medicines(clinic), medicine(name, "tablet", "650 mg"));
        admin.post(medicines(clinic), medicine(name + " Plus", "tablet", "650 mg"));
        MedicineRecord plus = find(clinic, name + " Plus", "650 mg");
        Map<String, String> rename = medicine(name, "tablet", "650 mg");
        rename.put("version", String.valueOf(plus.getVersion()));

        HttpResponse<String> refused = admin.post(medicines(clinic) + "/" + plus.getId(), rename);

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(Html.fieldError(refused.body(), "name")).isPresent();
        assertThat(byId(clinic, plus.getId()).getName()).isEqualTo(name + " Plus");
    }

    @Test
    void the_list_pages_in_name_order_at_a_fixed_number_of_queries() {
        Clinic big = WebFixture.clinicWithLogins(db, server.hasher);
        db.tenants().inClinic(big.id(), tx -> {
            for (int i = 0; i < 40; i++) {
                tx.insertInto(MEDICINE).set(MEDICINE.CLINIC_ID, big.id().value()).set(MEDICINE.ID, Ids.newId())
                        .set(MEDICINE.NAME, String.format("Med %02d", i)).set(MEDICINE.STRENGTH, "10 mg")
                        .set(MEDICINE.FORM, i % 2 == 0 ? "tablet" : "syrup")
                        .execute();
            }
            return null;
        });
        TestBrowser bigAdmin = signedInAdmin(big);

        server.queries.reset();
        HttpResponse<String> first = bigAdmin.get(medicines(big));
        // resolve slug; session (set context + find); list (set context + one query)
        assertThat(server.queries.count()).isEqualTo(5);
        assertThat(rows(first.body())).isEqualTo(25);
        assertThat(first.body()).contains("Med 00").contains("Med 24").doesNotContain("Med 25").doesNotContain("Paracetamol");
        // the list page every catalog shares, in the medicines' words
        assertThat(first.body()).contains("<h1>Medicines</h1>").contains("Name starts with")
                .contains("href=\"/clinic/" + big.slug() + "/catalog/medicines/new\" role=\"button\">New medicine</a>")
                .contains("aria-current=\"page\">Medicines</a>");
        Matcher next = Pattern.compile("href=\"\\?([^\"]*after=[^\"]+)\"").matcher(first.body());
        assertThat(next.find()).isTrue();

        server.queries.reset();
        HttpResponse<String> second = bigAdmin.get(medicines(big) + "?" + next.group(1).replace("&amp;", "&"));
        assertThat(server.queries.count()).isEqualTo(5);
        assertThat(rows(second.body())).isEqualTo(41 - 25);
        assertThat(second.body()).contains("Med 25").contains("Paracetamol").doesNotContain("Med 24<")
                .doesNotContain("Next page");

        assertThat(rows(bigAdmin.get(medicines(big) + "?q=med%201").body())).isEqualTo(10);
        assertThat(bigAdmin.get(medicines(big) + "?after=not-a-cursor").statusCode()).isEqualTo(200);
    }

    @Test
    void other_roles_cannot_touch_the_catalog() {
        TestBrowser doctor = server.browser();
        doctor.signIn(clinic.slug(), "doctor", WebFixture.password("doctor"));
        doctor.get("/clinic/" + clinic.slug());
        int before = count(clinic);
        assertThat(doctor.get(medicines(clinic)).statusCode()).isEqualTo(403);
        assertThat(doctor.post(medicines(clinic), medicine("Sneaky", "tablet", "1 mg")).statusCode()).isEqualTo(403);
        assertThat(count(clinic)).isEqualTo(before);
    }

    @Test
    void an_unknown_malformed_or_other_clinics_medicine_is_not_found() {
        assertThat(admin.get(medicines(clinic) + "/" + other.row("medicine")).statusCode()).isEqualTo(404);
        assertThat(admin.get(medicines(clinic) + "/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
        assertThat(admin.get(medicines(clinic) + "/not-an-id").statusCode()).isEqualTo(404);
        Map<String, String> edit = medicine("Hijack", "tablet", "1 mg");
        edit.put("version", "1");
        assertThat(admin.post(medicines(clinic) + "/" + other.row("medicine"), edit).statusCode()).isEqualTo(404);
        assertThat(byId(other, other.row("medicine")).getName()).isEqualTo("Paracetamol");
    }

    private static TestBrowser signedInAdmin(Clinic c) {
        TestBrowser browser = server.browser();
        assertThat(browser.signIn(c.slug(), "admin", WebFixture.password("admin")).statusCode()).isEqualTo(303);
        browser.get("/clinic/" + c.slug());
        return browser;
    }

    private static String medicines(Clinic c) {
        return "/clinic/" + c.slug() + "/catalog/medicines";
    }

    private static Map<String, String> medicine(String name, String form, String strength) {
        Map<String, String> fields = new HashMap<>();
        fields.put("name", name);
        fields.put("genericName", "Paracetamol");
        fields.put("form", form);
        fields.put("strength", strength);
        fields.put("manufacturer", "GSK");
        fields.put("active", "on");
        return fields;
    }

    private static MedicineRecord find(Clinic c, String name, String strength) {
        return db.tenants().inClinic(c.id(), tx -> tx.selectFrom(MEDICINE)
                .where(MEDICINE.CLINIC_ID.eq(c.id().value()), MEDICINE.NAME.eq(name), MEDICINE.STRENGTH.eq(strength))
                .fetchSingle());
    }

    private static MedicineRecord byId(Clinic c, UUID id) {
        return db.tenants().inClinic(c.id(), tx -> tx.selectFrom(MEDICINE)
                .where(MEDICINE.CLINIC_ID.eq(c.id().value()), MEDICINE.ID.eq(id)).fetchSingle());
    }

    private static int count(Clinic c) {
        return db.tenants().inClinic(c.id(), tx -> tx.fetchCount(MEDICINE, MEDICINE.CLINIC_ID.eq(c.id().value())));
    }

    private static AuditEventRecord lastEvent(String action) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.selectFrom(AUDIT_EVENT)
                .where(AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()), AUDIT_EVENT.ACTION.eq(action))
                .orderBy(AUDIT_EVENT.OCCURRED_AT.desc(), AUDIT_EVENT.ID.desc()).limit(1).fetchSingle());
    }

    private static int rows(String html) {
        int body = html.indexOf("<tbody>");
        return body < 0 ? 0 : html.substring(body, html.indexOf("</tbody>")).split("<tr>", -1).length - 1;
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 6);
    }
}
