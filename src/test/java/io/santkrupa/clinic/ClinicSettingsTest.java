package io.santkrupa.clinic;

import io.santkrupa.db.jooq.santkrupa.tables.records.AuditEventRecord;
import io.santkrupa.db.jooq.santkrupa.tables.records.ClinicRecord;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.Html;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.PlatformFixture;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The clinic admin's settings page: contact details and time zone with a version, capacity shown read-only. */
@ExtendWith(TestDatabaseExtension.class)
class ClinicSettingsTest {

    private static TestDatabase db;
    private static WebTestServer server;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void the_settings_page_shows_capacity_against_the_limits_and_the_subscription() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        PlatformFixture.setLimits(db, clinic, 3, 1, 4);
        PlatformFixture.setStatus(db, clinic, "active");

        HttpResponse<String> page = admin(clinic).get(settings(clinic));

        assertThat(page.statusCode()).isEqualTo(200);
        // the fixture: one doctor, one receptionist, one patient
        assertThat(page.body())
                .contains("<th scope=\"row\">Active doctors</th><td>1</td><td>3</td>")
                .contains("<th scope=\"row\">Patients</th><td>1</td><td>1</td>")
                .contains("<th scope=\"row\">Active receptionists</th><td>1</td><td>4</td>")
                .contains("Subscription: <strong>active</strong>")
                .contains(clinic.code())
                .doesNotContain("name=\"max_doctors\"");
    }

    @Test
    void the_admin_edits_the_clinics_name_and_contact_details() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        TestBrowser admin = admin(clinic);
        ClinicRecord before = clinicRow(clinic);
        Map<String, String> form = contact(before.getVersion());

        HttpResponse<String> saved = admin.post(settings(clinic), form);

        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        assertThat(saved.headers().firstValue("Location")).hasValue(settings(clinic) + "?done=saved");
        ClinicRecord after = clinicRow(clinic);
        assertThat(after.getName()).isEqualTo("Sunrise Family Clinic");
        assertThat(after.getCity()).isEqualTo("Pune");
        assertThat(after.getPostalCode()).isEqualTo("411004");
        assertThat(after.getWebsite()).isEqualTo("https://sunrise.example");
        assertThat(after.getVersion()).isEqualTo(before.getVersion() + 1);
        assertThat(after.getMaxDoctors()).isEqualTo(before.getMaxDoctors());
        AuditEventRecord event = lastEvent(clinic, "clinic.update");
        assertThat(event.getEntityType()).isEqualTo("clinic");
        assertThat(event.getEntityId()).isEqualTo(clinic.id().value());
        assertThat(event.getDetail()).isEqualTo("changed: name, address, city, state, postal_code, phone, email, website");
        assertThat(admin.get(settings(clinic) + "?done=saved").body()).contains("The clinic's details were saved")
                .contains("value=\"Sunrise Family Clinic\"");
        assertThat(admin.get("/clinic/" + clinic.slug()).body()).contains("<h1>Sunrise Family Clinic</h1>");
    }

    @Test
    void each_field_is_checked_and_a_refused_form_keeps_what_was_typed_and_writes_nothing() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        ClinicRecord before = clinicRow(clinic);
        Map<String, String> form = contact(before.getVersion());
        form.put("name", "  ");
        form.put("email", "reception at sunrise");
        form.put("phone", "phone me");
        form.put("website", "sunrise.example");
        form.put("postal_code", "#411");
        form.put("city", "Pune".repeat(30));

        HttpResponse<String> refused = admin(clinic).post(settings(clinic), form);

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(Html.fieldError(refused.body(), "name")).hasValue("Clinic name is required.");
        assertThat(Html.fieldError(refused.body(), "email")).isPresent();
        assertThat(Html.fieldError(refused.body(), "phone")).isPresent();
        assertThat(Html.fieldError(refused.body(), "website")).hasValueSatisfying(m -> assertThat(m).contains("https://"));
        assertThat(Html.fieldError(refused.body(), "postal_code")).isPresent();
        assertThat(Html.fieldError(refused.body(), "city")).hasValue("City must be at most 100 characters.");
        assertThat(Html.fieldError(refused.body(), "state")).isEmpty();
        assertThat(Html.inputValue(refused.body(), "email")).hasValue("reception at sunrise");
        assertThat(clinicRow(clinic).getVersion()).isEqualTo(before.getVersion());
        assertThat(clinicRow(clinic).getName()).isEqualTo(before.getName());
    }

    @Test
    void a_stale_version_overwrites_nothing() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        TestBrowser admin = admin(clinic);
        int opened = clinicRow(clinic).getVersion();
        assertThat(admin.post(settings(clinic), contact(opened)).statusCode()).isEqualTo(303);

        Map<String, String> late = contact(opened);
        late.put("name", "A Late Edit");
        HttpResponse<String> stale = admin.post(settings(clinic), late);

        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(Html.formError(stale.body())).hasValueSatisfying(m -> assertThat(m).contains("Someone else changed"));
        assertThat(Html.inputValue(stale.body(), "name")).hasValue("A Late Edit");
        assertThat(clinicRow(clinic).getName()).isEqualTo("Sunrise Family Clinic");
    }

    @Test
    void the_limits_and_the_subscription_are_the_platforms_the_app_role_cannot_change_them() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        DataAccessException refused = catchThrowableOfType(DataAccessException.class,
                () -> db.tenants().inClinic(clinic.id(), tx -> tx.update(CLINIC).set(CLINIC.MAX_DOCTORS, 1000)
                        .where(CLINIC.ID.eq(clinic.id().value())).execute()));
        assertThat(refused).isNotNull();
        assertThat(refused.sqlState()).isEqualTo("42501");
        // a forged form field is simply not read
        Map<String, String> forged = contact(clinicRow(clinic).getVersion());
        forged.put("max_doctors", "1000");
        forged.put("subscription_status", "active");
        assertThat(admin(clinic).post(settings(clinic), forged).statusCode()).isEqualTo(303);
        assertThat(clinicRow(clinic).getMaxDoctors()).isEqualTo(10);
        assertThat(clinicRow(clinic).getSubscriptionStatus()).isEqualTo("trial");
    }

    @Test
    void only_the_clinic_admin_sees_or_changes_the_settings() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        for (String username : new String[]{"doctor", "reception", "lab", "asha"}) {
            TestBrowser browser = server.browser();
            browser.signIn(clinic.slug(), username, WebFixture.password(username));
            assertThat(browser.get(settings(clinic)).statusCode()).as(username).isEqualTo(403);
            assertThat(browser.post(settings(clinic), contact(1)).statusCode()).as(username).isEqualTo(403);
        }
        assertThat(clinicRow(clinic).getVersion()).isEqualTo(1);
    }

    @Test
    void the_admin_sets_the_clinics_time_zone_and_the_next_page_counts_in_it() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        TestBrowser admin = admin(clinic);
        assertThat(Html.selectedOption(admin.get(settings(clinic)).body(), "time_zone")).hasValue("Asia/Kolkata");
        Map<String, String> form = contact(clinicRow(clinic).getVersion());
        form.put("time_zone", "Europe/London");

        HttpResponse<String> saved = admin.post(settings(clinic), form);

        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        assertThat(clinicRow(clinic).getTimeZone()).isEqualTo("Europe/London");
        assertThat(lastEvent(clinic, "clinic.update").getDetail())
                .endsWith("website, time_zone Asia/Kolkata -> Europe/London");
        // this instance forgot the zone it had cached: the very next page is in London time
        HttpResponse<String> page = admin.get(settings(clinic) + "?done=saved");
        assertThat(Html.selectedOption(page.body(), "time_zone")).hasValue("Europe/London");
        assertThat(page.body()).contains("When (London Time)");
        String token = ApiClient.token(server, db, clinic, Role.CLINIC_ADMIN);
        assertThat(ApiClient.get(server, "/clinic/" + clinic.slug() + "/api/v1/me", token).body())
                .contains("\"clinicTimeZone\":\"Europe/London\"");
    }

    @Test
    void a_time_zone_that_is_not_offered_is_refused_at_its_field_and_nothing_is_saved() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        int version = clinicRow(clinic).getVersion();
        for (String zone : new String[] {"Mars/Olympus", "+05:30", "IST", ""}) {
            Map<String, String> form = contact(version);
            form.put("time_zone", zone);

            HttpResponse<String> refused = admin(clinic).post(settings(clinic), form);

            assertThat(refused.statusCode()).as(zone).isEqualTo(422);
            assertThat(Html.fieldError(refused.body(), "time_zone")).as(zone)
                    .hasValue(zone.isEmpty() ? "Choose the clinic's time zone."
                            : "Choose one of the listed time zones, e.g. Asia/Kolkata.");
        }
        assertThat(clinicRow(clinic).getTimeZone()).isEqualTo("Asia/Kolkata");
        assertThat(clinicRow(clinic).getVersion()).isEqualTo(version);
    }

    @Test
    void the_settings_page_costs_a_fixed_number_of_queries() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        TestBrowser admin = admin(clinic);
        server.queries.reset();
        assertThat(admin.get(settings(clinic)).statusCode()).isEqualTo(200);
        // resolve slug; session (set context + find); page (set context + details + usage + subscription history)
        assertThat(server.queries.count()).isEqualTo(7);
    }

    private static TestBrowser admin(Clinic clinic) {
        TestBrowser browser = server.browser();
        assertThat(browser.signIn(clinic.slug(), "admin", WebFixture.password("admin")).statusCode()).isEqualTo(303);
        browser.get(settings(clinic));
        return browser;
    }

    private static String settings(Clinic clinic) {
        return "/clinic/" + clinic.slug() + "/settings";
    }

    private static Map<String, String> contact(int version) {
        Map<String, String> form = new HashMap<>();
        form.put("name", "Sunrise Family Clinic");
        form.put("address", "12 FC Road, Shivajinagar");
        form.put("city", "Pune");
        form.put("state", "Maharashtra");
        form.put("postal_code", "411004");
        form.put("phone", "+91 20 2555 0101");
        form.put("email", "desk@sunrise.example");
        form.put("website", "https://sunrise.example");
        form.put("time_zone", "Asia/Kolkata");
        form.put("version", String.valueOf(version));
        return form;
    }

    private static ClinicRecord clinicRow(Clinic clinic) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.selectFrom(CLINIC).where(CLINIC.ID.eq(clinic.id().value()))
                .fetchSingle());
    }

    private static AuditEventRecord lastEvent(Clinic clinic, String action) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.selectFrom(AUDIT_EVENT)
                .where(AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()), AUDIT_EVENT.ACTION.eq(action))
                .orderBy(AUDIT_EVENT.OCCURRED_AT.desc()).limit(1).fetchSingle());
    }
}
