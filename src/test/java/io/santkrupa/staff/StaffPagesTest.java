package io.santkrupa.staff;

import io.santkrupa.db.Ids;
import io.santkrupa.db.jooq.santkrupa.tables.records.AppUserRecord;
import io.santkrupa.db.jooq.santkrupa.tables.records.AuditEventRecord;
import io.santkrupa.db.jooq.santkrupa.tables.records.DoctorRecord;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.Html;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.PlatformFixture;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR;
import static io.santkrupa.db.jooq.santkrupa.Tables.REFRESH_TOKEN;
import static io.santkrupa.db.jooq.santkrupa.Tables.WEB_SESSION;
import static org.assertj.core.api.Assertions.assertThat;

/** The clinic admin's staff pages over HTTP, checked against the database. */
@ExtendWith(TestDatabaseExtension.class)
class StaffPagesTest {

    private static final String PASSWORD = "a long enough secret 42";
    private static final HttpClient JSON = HttpClient.newHttpClient();

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
        admin = signedIn(clinic, "admin", WebFixture.password("admin"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ---- creating accounts ----

    @Test
    void the_admin_creates_a_receptionist_who_can_then_sign_in() {
        HttpResponse<String> created = create(clinic, admin, form("r.joshi", "receptionist"));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
        AppUserRecord user = user(clinic, "r.joshi");
        assertThat(created.headers().firstValue("Location")).hasValue(
                "/clinic/" + clinic.slug() + "/staff/" + user.getId() + "?done=created");
        assertThat(user.getRole()).isEqualTo("receptionist");
        assertThat(user.getFullName()).isEqualTo("Test r.joshi");
        assertThat(user.getIsActive()).isTrue();
        assertThat(user.getPasswordHash()).startsWith("$argon2id$").doesNotContain(PASSWORD);
        assertThat(server.browser().signIn(clinic.slug(), "r.joshi", PASSWORD).statusCode()).isEqualTo(303);

        AuditEventRecord event = lastEvent(clinic, "staff.create");
        assertThat(event.getEntityId()).isEqualTo(user.getId());
        assertThat(event.getActorRole()).isEqualTo("clinic_admin");
        assertThat(event.getDetail()).isEqualTo("receptionist r.joshi").doesNotContain(PASSWORD);

        HttpResponse<String> page = admin.get("/clinic/" + clinic.slug() + "/staff/" + user.getId() + "?done=created");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("The account was created").contains("r.joshi").contains("Receptionist");
    }

    @Test
    void an_account_can_be_created_for_every_staff_role_and_the_username_is_lower_cased() {
        for (String role : List.of("clinic_admin", "lab_technician", "receptionist")) {
            Map<String, String> form = form("Role." + role.replace("_", "-").toUpperCase(), role);
            assertThat(create(clinic, admin, form).statusCode()).as(role).isEqualTo(303);
            assertThat(user(clinic, "role." + role.replace("_", "-")).getRole()).isEqualTo(role);
        }
    }

    @Test
    void creating_a_doctor_creates_the_doctors_profile_in_the_same_step() {
        Map<String, String> form = doctorForm("dr.mehta", "MMC-" + suffix());
        form.put("consultation_fee", "450.50");

        assertThat(create(clinic, admin, form).statusCode()).isEqualTo(303);

        AppUserRecord user = user(clinic, "dr.mehta");
        DoctorRecord doctor = doctorOf(clinic, user.getId());
        assertThat(user.getRole()).isEqualTo("doctor");
        assertThat(doctor.getLicenseNumber()).isEqualTo(form.get("license_number"));
        assertThat(doctor.getSpecialization()).isEqualTo("Paediatrics");
        assertThat(doctor.getConsultationFee()).isEqualByComparingTo("450.50");
        assertThat(doctor.getIsActive()).isTrue();
    }

    @Test
    void every_field_of_the_new_account_form_is_checked_and_nothing_is_written() {
        int users = count(clinic);
        int events = events(clinic, "staff.create");

        HttpResponse<String> empty = create(clinic, admin, Map.of());
        assertThat(empty.statusCode()).isEqualTo(422);
        assertThat(Html.fieldError(empty.body(), "username")).hasValue("Username is required.");
        assertThat(Html.fieldError(empty.body(), "full_name")).hasValue("Full name is required.");
        assertThat(Html.fieldError(empty.body(), "role")).hasValue("Choose a role.");
        assertThat(Html.fieldError(empty.body(), "password")).hasValue("Password is required.");
        assertThat(Html.formError(empty.body())).hasValueSatisfying(m -> assertThat(m).contains("nothing was saved"));

        Map<String, String> bad = form("No Spaces Allowed", "receptionist");
        bad.put("full_name", "Sunita Deshpande");
        bad.put("email", "not an email");
        bad.put("phone", "call me");
        bad.put("password", "too short");
        bad.put("password_confirm", "too short");
        HttpResponse<String> invalid = create(clinic, admin, bad);
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(Html.fieldError(invalid.body(), "username")).hasValueSatisfying(m -> assertThat(m).contains("3 to 64 lower-case"));
        assertThat(Html.fieldError(invalid.body(), "email")).hasValueSatisfying(m -> assertThat(m).contains("name@example.com"));
        assertThat(Html.fieldError(invalid.body(), "phone")).isPresent();
        assertThat(Html.fieldError(invalid.body(), "password")).hasValueSatisfying(m -> assertThat(m).contains("at least 12"));
        // what was typed stays, except the password
        assertThat(Html.inputValue(invalid.body(), "full_name")).hasValue("Sunita Deshpande");
        assertThat(Html.inputValue(invalid.body(), "email")).hasValue("not an email");
        assertThat(invalid.body()).doesNotContain("too short");
        assertThat(invalid.body()).containsPattern("<option value=\"receptionist\" selected>");

        Map<String, String> mismatch = form("s.deshpande", "lab_technician");
        mismatch.put("password_confirm", PASSWORD + "!");
        assertThat(Html.fieldError(create(clinic, admin, mismatch).body(), "password_confirm"))
                .hasValueSatisfying(m -> assertThat(m).contains("differ"));

        Map<String, String> containsUsername = form("s.deshpande", "lab_technician");
        containsUsername.put("password", "s.deshpande and more words");
        containsUsername.put("password_confirm", "s.deshpande and more words");
        assertThat(Html.fieldError(create(clinic, admin, containsUsername).body(), "password"))
                .hasValueSatisfying(m -> assertThat(m).contains("must not contain the username"));

        assertThat(Html.fieldError(create(clinic, admin, form("patient.login", "patient")).body(), "role")).isPresent();

        Map<String, String> doctor = doctorForm("dr.nolicense", "");
        doctor.put("consultation_fee", "-5");
        HttpResponse<String> noLicense = create(clinic, admin, doctor);
        assertThat(Html.fieldError(noLicense.body(), "license_number")).hasValue("License number is required.");
        assertThat(Html.fieldError(noLicense.body(), "consultation_fee")).hasValue("Consultation fee cannot be less than 0.");
        Map<String, String> cents = doctorForm("dr.cents", "MMC-" + suffix());
        cents.put("consultation_fee", "10.555");
        assertThat(Html.fieldError(create(clinic, admin, cents).body(), "consultation_fee"))
                .hasValueSatisfying(m -> assertThat(m).contains("2 decimal places"));

        assertThat(count(clinic)).as("users").isEqualTo(users);
        assertThat(events(clinic, "staff.create")).as("staff.create events").isEqualTo(events);
    }

    @Test
    void a_username_taken_in_this_clinic_is_refused_at_its_field_but_one_of_another_clinic_is_free() {
        TestBrowser otherAdmin = signedIn(other, "admin", WebFixture.password("admin"));
        assertThat(create(other, otherAdmin, form("k.rao", "lab_technician")).statusCode()).isEqualTo(303);

        assertThat(create(clinic, admin, form("k.rao", "lab_technician")).statusCode())
                .as("a name taken only in another clinic").isEqualTo(303);

        int users = count(clinic);
        Map<String, String> again = form("K.Rao", "receptionist");
        again.put("full_name", "Kavya Rao");
        HttpResponse<String> duplicate = create(clinic, admin, again);
        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(Html.fieldError(duplicate.body(), "username")).hasValue("This username is already taken in this clinic. Choose another.");
        assertThat(Html.inputValue(duplicate.body(), "full_name")).hasValue("Kavya Rao");
        assertThat(count(clinic)).isEqualTo(users);
    }

    @Test
    void a_license_number_taken_in_this_clinic_is_refused_and_no_account_is_left_behind() {
        String license = "MMC-" + suffix();
        TestBrowser otherAdmin = signedIn(other, "admin", WebFixture.password("admin"));
        assertThat(create(other, otherAdmin, doctorForm("dr.first", license)).statusCode()).isEqualTo(303);
        assertThat(create(clinic, admin, doctorForm("dr.first", license)).statusCode())
                .as("a license known only in another clinic").isEqualTo(303);

        HttpResponse<String> duplicate = create(clinic, admin, doctorForm("dr.second", license));

        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(Html.fieldError(duplicate.body(), "license_number"))
                .hasValue("Another doctor of this clinic already has this license number.");
        // the account was inserted before the profile failed: one transaction, so neither remains
        int left = db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(APP_USER,
                APP_USER.CLINIC_ID.eq(clinic.id().value()), APP_USER.USERNAME.eq("dr.second")));
        assertThat(left).isZero();
    }

    // ---- one account ----

    @Test
    void a_doctors_profile_is_edited_with_its_version_and_a_stale_edit_overwrites_nothing() {
        create(clinic, admin, doctorForm("dr.kale", "MMC-" + suffix()));
        AppUserRecord user = user(clinic, "dr.kale");
        DoctorRecord before = doctorOf(clinic, user.getId());
        String path = "/clinic/" + clinic.slug() + "/staff/" + user.getId();
        assertThat(admin.get(path).body()).contains("Doctor's profile").contains(before.getLicenseNumber());

        HttpResponse<String> saved = admin.post(path + "/doctor-profile", Map.of("license_number", "MMC-NEW-" + suffix(),
                "specialization", "Cardiology", "qualification", "MBBS, DM", "consultation_fee", "800",
                "version", String.valueOf(before.getVersion())));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        assertThat(saved.headers().firstValue("Location")).hasValue(path + "?done=doctor");
        DoctorRecord after = doctorOf(clinic, user.getId());
        assertThat(after.getSpecialization()).isEqualTo("Cardiology");
        assertThat(after.getVersion()).isEqualTo(before.getVersion() + 1);
        assertThat(lastEvent(clinic, "doctor.update").getDetail())
                .isEqualTo("changed: license_number, specialization, qualification, consultation_fee");

        // a second admin still looking at the old version
        HttpResponse<String> stale = admin.post(path + "/doctor-profile", Map.of("license_number", "MMC-OLD",
                "specialization", "Dermatology", "qualification", "", "consultation_fee", "",
                "version", String.valueOf(before.getVersion())));
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(Html.formError(stale.body())).hasValueSatisfying(m -> assertThat(m).contains("Someone else changed"));
        assertThat(Html.inputValue(stale.body(), "specialization")).hasValue("Dermatology");
        assertThat(doctorOf(clinic, user.getId()).getSpecialization()).isEqualTo("Cardiology");

        HttpResponse<String> invalid = admin.post(path + "/doctor-profile", Map.of("license_number", " ",
                "consultation_fee", "abc", "version", String.valueOf(after.getVersion())));
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(Html.fieldError(invalid.body(), "license_number")).isPresent();
        assertThat(Html.fieldError(invalid.body(), "consultation_fee")).isPresent();
        assertThat(doctorOf(clinic, user.getId()).getVersion()).isEqualTo(after.getVersion());
    }

    @Test
    void a_license_taken_by_another_doctor_of_the_clinic_is_refused_on_edit() {
        String taken = "MMC-" + suffix();
        create(clinic, admin, doctorForm("dr.one", taken));
        create(clinic, admin, doctorForm("dr.two", "MMC-" + suffix()));
        AppUserRecord two = user(clinic, "dr.two");
        DoctorRecord profile = doctorOf(clinic, two.getId());

        HttpResponse<String> response = admin.post("/clinic/" + clinic.slug() + "/staff/" + two.getId() + "/doctor-profile",
                Map.of("license_number", taken, "version", String.valueOf(profile.getVersion())));

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(Html.fieldError(response.body(), "license_number")).isPresent();
        assertThat(doctorOf(clinic, two.getId()).getLicenseNumber()).isEqualTo(profile.getLicenseNumber());
    }

    @Test
    void name_and_contact_details_are_edited_with_the_accounts_version() {
        create(clinic, admin, form("n.more", "lab_technician"));
        AppUserRecord user = user(clinic, "n.more");
        String path = "/clinic/" + clinic.slug() + "/staff/" + user.getId();

        HttpResponse<String> saved = admin.post(path, Map.of("full_name", "Nikhil More", "email", "nikhil@example.in",
                "phone", "+91 98220 12345", "version", String.valueOf(user.getVersion())));
        assertThat(saved.statusCode()).isEqualTo(303);
        assertThat(user(clinic, "n.more").getFullName()).isEqualTo("Nikhil More");
        assertThat(lastEvent(clinic, "staff.update").getDetail()).isEqualTo("changed: full_name, email, phone");

        HttpResponse<String> stale = admin.post(path, Map.of("full_name", "Someone Else",
                "version", String.valueOf(user.getVersion())));
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(user(clinic, "n.more").getFullName()).isEqualTo("Nikhil More");
    }

    @Test
    void a_new_password_works_the_old_one_no_longer_does_and_the_user_is_signed_out() {
        create(clinic, admin, form("p.sathe", "receptionist"));
        AppUserRecord user = user(clinic, "p.sathe");
        TestBrowser receptionist = signedIn(clinic, "p.sathe", PASSWORD);
        String newPassword = "a brand new secret 2026";

        HttpResponse<String> tooShort = admin.post("/clinic/" + clinic.slug() + "/staff/" + user.getId() + "/password",
                Map.of("password", "short", "password_confirm", "short"));
        assertThat(tooShort.statusCode()).isEqualTo(422);
        assertThat(Html.fieldError(tooShort.body(), "password")).isPresent();
        assertThat(user(clinic, "p.sathe").getPasswordHash()).isEqualTo(user.getPasswordHash());

        HttpResponse<String> reset = admin.post("/clinic/" + clinic.slug() + "/staff/" + user.getId() + "/password",
                Map.of("password", newPassword, "password_confirm", newPassword));

        assertThat(reset.statusCode()).isEqualTo(303);
        assertThat(receptionist.get("/clinic/" + clinic.slug()).statusCode()).as("the old session").isEqualTo(303);
        assertThat(server.browser().signIn(clinic.slug(), "p.sathe", PASSWORD).statusCode()).isEqualTo(401);
        assertThat(server.browser().signIn(clinic.slug(), "p.sathe", newPassword).statusCode()).isEqualTo(303);
        AuditEventRecord event = lastEvent(clinic, "staff.password_reset");
        assertThat(event.getEntityId()).isEqualTo(user.getId());
        assertThat(event.getDetail()).doesNotContain(newPassword).contains("sessions ended: 1");
    }

    @Test
    void an_admin_resetting_their_own_password_stays_signed_in_here_only() {
        create(clinic, admin, form("second.admin", "clinic_admin"));
        AppUserRecord me = user(clinic, "second.admin");
        TestBrowser here = signedIn(clinic, "second.admin", PASSWORD);
        TestBrowser elsewhere = signedIn(clinic, "second.admin", PASSWORD);
        String newPassword = "my own new secret phrase";

        here.get("/clinic/" + clinic.slug() + "/staff/" + me.getId());
        HttpResponse<String> reset = here.post("/clinic/" + clinic.slug() + "/staff/" + me.getId() + "/password",
                Map.of("password", newPassword, "password_confirm", newPassword));

        assertThat(reset.statusCode()).isEqualTo(303);
        assertThat(here.get("/clinic/" + clinic.slug() + "/staff").statusCode()).isEqualTo(200);
        assertThat(elsewhere.get("/clinic/" + clinic.slug()).statusCode()).isEqualTo(303);
    }

    @Test
    void deactivation_ends_the_users_sessions_and_tokens_at_once_and_stops_sign_in() throws Exception {
        create(clinic, admin, form("l.pawar", "lab_technician"));
        AppUserRecord user = user(clinic, "l.pawar");
        TestBrowser lab = signedIn(clinic, "l.pawar", PASSWORD);
        assertThat(lab.get("/clinic/" + clinic.slug()).statusCode()).isEqualTo(200);
        String refreshToken = apiRefreshToken(clinic, "l.pawar", PASSWORD);
        String accessToken = ApiClient.json(apiSignIn(clinic, "l.pawar", PASSWORD)).get("accessToken").asText();
        String me = "/clinic/" + clinic.slug() + "/api/v1/me";
        assertThat(ApiClient.get(server, me, accessToken).statusCode()).isEqualTo(200);

        HttpResponse<String> deactivated = admin.post("/clinic/" + clinic.slug() + "/staff/" + user.getId() + "/deactivate",
                Map.of("version", String.valueOf(user.getVersion())));

        assertThat(deactivated.statusCode()).as(deactivated.body()).isEqualTo(303);
        HttpResponse<String> next = lab.get("/clinic/" + clinic.slug());
        assertThat(next.statusCode()).isEqualTo(303);
        assertThat(next.headers().firstValue("Location").orElseThrow()).startsWith("/clinic/" + clinic.slug() + "/login");
        assertThat(server.browser().signIn(clinic.slug(), "l.pawar", PASSWORD).statusCode()).isEqualTo(401);
        assertThat(refresh(clinic, refreshToken).statusCode()).isEqualTo(401);
        assertThat(ApiClient.get(server, me, accessToken).statusCode()).as("the unexpired access token too")
                .isEqualTo(401);
        int sessions = db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(WEB_SESSION,
                WEB_SESSION.CLINIC_ID.eq(clinic.id().value()), WEB_SESSION.USER_ID.eq(user.getId())));
        int liveTokens = db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(REFRESH_TOKEN,
                REFRESH_TOKEN.CLINIC_ID.eq(clinic.id().value()), REFRESH_TOKEN.USER_ID.eq(user.getId()),
                REFRESH_TOKEN.REVOKED_AT.isNull()));
        assertThat(sessions).isZero();
        assertThat(liveTokens).isZero();
        assertThat(lastEvent(clinic, "staff.deactivate").getEntityId()).isEqualTo(user.getId());
        assertThat(admin.get("/clinic/" + clinic.slug() + "/staff/" + user.getId()).body()).contains("Deactivated")
                .contains("Reactivate l.pawar");

        AppUserRecord inactive = user(clinic, "l.pawar");
        HttpResponse<String> reactivated = admin.post("/clinic/" + clinic.slug() + "/staff/" + user.getId() + "/reactivate",
                Map.of("version", String.valueOf(inactive.getVersion())));
        assertThat(reactivated.statusCode()).isEqualTo(303);
        assertThat(server.browser().signIn(clinic.slug(), "l.pawar", PASSWORD).statusCode()).isEqualTo(303);
        assertThat(lastEvent(clinic, "staff.reactivate").getEntityId()).isEqualTo(user.getId());
    }

    @Test
    void a_deactivated_doctor_is_taken_off_duty_with_the_account() {
        create(clinic, admin, doctorForm("dr.off", "MMC-" + suffix()));
        AppUserRecord user = user(clinic, "dr.off");

        admin.post("/clinic/" + clinic.slug() + "/staff/" + user.getId() + "/deactivate",
                Map.of("version", String.valueOf(user.getVersion())));

        assertThat(doctorOf(clinic, user.getId()).getIsActive()).isFalse();
    }

    @Test
    void nobody_deactivates_themselves_and_a_stale_deactivation_changes_nothing() {
        UUID me = user(clinic, "admin").getId();
        HttpResponse<String> self = admin.post("/clinic/" + clinic.slug() + "/staff/" + me + "/deactivate",
                Map.of("version", String.valueOf(user(clinic, "admin").getVersion())));
        assertThat(self.statusCode()).isEqualTo(409);
        assertThat(Html.formError(self.body())).hasValue("You cannot deactivate your own account.");
        assertThat(user(clinic, "admin").getIsActive()).isTrue();
        assertThat(admin.get("/clinic/" + clinic.slug() + "/staff/" + me).body())
                .doesNotContain("/deactivate\"").contains("This is your own account");

        create(clinic, admin, form("v.stale", "lab_technician"));
        AppUserRecord user = user(clinic, "v.stale");
        HttpResponse<String> stale = admin.post("/clinic/" + clinic.slug() + "/staff/" + user.getId() + "/deactivate",
                Map.of("version", String.valueOf(user.getVersion() - 1)));
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(user(clinic, "v.stale").getIsActive()).isTrue();
    }

    @Test
    void patients_sign_ins_are_shown_but_not_managed_on_the_staff_pages() {
        UUID patientLogin = clinic.row("app_user");
        HttpResponse<String> page = admin.get("/clinic/" + clinic.slug() + "/staff/" + patientLogin);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("not managed on the staff pages").doesNotContain("/password\"");

        HttpResponse<String> deactivate = admin.post("/clinic/" + clinic.slug() + "/staff/" + patientLogin + "/deactivate",
                Map.of("version", String.valueOf(user(clinic, "asha").getVersion())));
        assertThat(deactivate.statusCode()).isEqualTo(409);
        assertThat(user(clinic, "asha").getIsActive()).isTrue();
        assertThat(admin.get("/clinic/" + clinic.slug() + "/staff?status=all").body()).doesNotContain(">asha<");
    }

    // ---- capacity ----

    @Test
    void the_clinics_limits_are_enforced_on_creation_and_reactivation_with_a_clear_message() {
        Clinic small = WebFixture.clinicWithLogins(db, server.hasher);
        TestBrowser smallAdmin = signedIn(small, "admin", WebFixture.password("admin"));
        setLimits(small, 2, 2); // the fixture has one doctor and one receptionist
        assertThat(create(small, smallAdmin, form("rec.two", "receptionist")).statusCode()).isEqualTo(303);
        assertThat(create(small, smallAdmin, doctorForm("doc.two", "MMC-" + suffix())).statusCode()).isEqualTo(303);

        HttpResponse<String> third = create(small, smallAdmin, form("rec.three", "receptionist"));
        assertThat(third.statusCode()).isEqualTo(409);
        assertThat(Html.fieldError(third.body(), "role")).hasValue(
                "The clinic has reached its limit of 2 active receptionists. Deactivate one first, or ask Santkrupa to raise the limit.");
        HttpResponse<String> doctor = create(small, smallAdmin, doctorForm("doc.three", "MMC-" + suffix()));
        assertThat(Html.fieldError(doctor.body(), "role")).hasValueSatisfying(m -> assertThat(m).contains("limit of 2 active doctors"));
        assertThat(create(small, smallAdmin, form("lab.two", "lab_technician")).statusCode())
                .as("lab technicians have no limit").isEqualTo(303);

        // deactivating frees a place; reactivating needs one
        AppUserRecord two = user(small, "rec.two");
        smallAdmin.post("/clinic/" + small.slug() + "/staff/" + two.getId() + "/deactivate",
                Map.of("version", String.valueOf(two.getVersion())));
        assertThat(create(small, smallAdmin, form("rec.three", "receptionist")).statusCode()).isEqualTo(303);
        HttpResponse<String> back = smallAdmin.post("/clinic/" + small.slug() + "/staff/" + two.getId() + "/reactivate",
                Map.of("version", String.valueOf(user(small, "rec.two").getVersion())));
        assertThat(back.statusCode()).isEqualTo(409);
        assertThat(Html.formError(back.body())).hasValueSatisfying(m -> assertThat(m).contains("limit of 2 active receptionists"));
        assertThat(user(small, "rec.two").getIsActive()).isFalse();
        assertThat(activeUsers(small, "receptionist")).isEqualTo(2);

        HttpResponse<String> settings = smallAdmin.get("/clinic/" + small.slug() + "/staff");
        assertThat(settings.body()).contains("Active doctors: <strong>2 of 2</strong>")
                .contains("active receptionists: <strong>2 of 2</strong>");
    }

    @Test
    void two_admins_creating_a_receptionist_at_once_at_the_last_place_get_one_account_between_them() throws Exception {
        Clinic busy = WebFixture.clinicWithLogins(db, server.hasher);
        List<TestBrowser> admins = List.of(signedIn(busy, "admin", WebFixture.password("admin")),
                signedIn(busy, "admin", WebFixture.password("admin")));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 3; round++) {
                setLimits(busy, 10, activeUsers(busy, "receptionist") + 1); // one place left
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<HttpResponse<String>>> answers = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    TestBrowser browser = admins.get(i);
                    Map<String, String> form = form("race" + round + "." + i, "receptionist");
                    answers.add(pool.submit(() -> {
                        together.await();
                        return create(busy, browser, form);
                    }));
                }
                List<Integer> statuses = new ArrayList<>();
                for (Future<HttpResponse<String>> answer : answers) {
                    statuses.add(answer.get().statusCode());
                }
                assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(303, 409);
            }
        } finally {
            pool.shutdownNow();
        }
        int limit = db.platform().run(tx -> tx.select(CLINIC.MAX_RECEPTIONISTS).from(CLINIC)
                .where(CLINIC.ID.eq(busy.id().value())).fetchSingle(CLINIC.MAX_RECEPTIONISTS));
        assertThat(activeUsers(busy, "receptionist")).isEqualTo(limit);
    }

    @Test
    void the_capacity_check_holds_when_many_transactions_race_for_the_last_place() throws Exception {
        // without the lock on the clinic row every one of these would count the same number and insert
        Clinic busy = WebFixture.clinicWithLogins(db, server.hasher);
        setLimits(busy, 10, 2);
        StaffAccounts accounts = new StaffAccounts(db.tenants(), new io.santkrupa.audit.AuditLog(),
                new io.santkrupa.web.session.Sessions(server.clock, java.time.Duration.ofMinutes(30), java.time.Duration.ofHours(8)),
                new io.santkrupa.web.auth.RefreshTokens(server.clock, java.time.Duration.ofDays(1)));
        int threads = 6;
        CyclicBarrier together = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                String username = "racer." + i;
                results.add(pool.submit(() -> {
                    together.await();
                    try {
                        accounts.create(busy.id(), new io.santkrupa.audit.AuditContext(null, "clinic_admin", "race", "127.0.0.1"),
                                new StaffAccounts.NewStaff(username, "Racer", "", "", Role.RECEPTIONIST, "not-a-real-hash", null));
                        return true;
                    } catch (io.santkrupa.web.Form.Refused refused) {
                        return false;
                    }
                }));
            }
            int created = 0;
            for (Future<Boolean> result : results) {
                created += result.get() ? 1 : 0;
            }
            assertThat(created).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(activeUsers(busy, "receptionist")).isEqualTo(2);
    }

    // ---- the list ----

    @Test
    void the_staff_list_pages_by_username_filters_and_costs_a_fixed_number_of_queries() {
        Clinic big = WebFixture.clinicWithLogins(db, server.hasher);
        db.tenants().inClinic(big.id(), tx -> {
            for (int i = 0; i < 30; i++) {
                tx.insertInto(APP_USER).set(APP_USER.CLINIC_ID, big.id().value()).set(APP_USER.ID, Ids.newId())
                        .set(APP_USER.USERNAME, String.format("staff%02d", i)).set(APP_USER.PASSWORD_HASH, "x")
                        .set(APP_USER.ROLE, i % 2 == 0 ? "lab_technician" : "clinic_admin")
                        .set(APP_USER.FULL_NAME, "Staff " + i).set(APP_USER.IS_ACTIVE, i % 10 != 0)
                        .execute();
            }
            return null;
        });
        TestBrowser bigAdmin = signedIn(big, "admin", WebFixture.password("admin"));
        String list = "/clinic/" + big.slug() + "/staff?status=all";

        server.queries.reset();
        HttpResponse<String> first = bigAdmin.get(list);
        // resolve slug; session (set context + find); page (set context + the list + the usage)
        assertThat(server.queries.count()).isEqualTo(6);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(rows(first.body())).isEqualTo(25);
        Matcher next = Pattern.compile("href=\"\\?([^\"]*after=[^\"]+)\"").matcher(first.body());
        assertThat(next.find()).as("a link to the next page").isTrue();

        server.queries.reset();
        HttpResponse<String> second = bigAdmin.get("/clinic/" + big.slug() + "/staff?" + next.group(1).replace("&amp;", "&"));
        assertThat(server.queries.count()).isEqualTo(6);
        // 30 + the fixture's admin, doctor, reception, lab; the patient's login is not staff
        assertThat(rows(second.body())).isEqualTo(34 - 25);
        assertThat(second.body()).doesNotContain("Next page").doesNotContain(">asha<");

        HttpResponse<String> labOnly = bigAdmin.get("/clinic/" + big.slug() + "/staff?role=lab_technician");
        assertThat(rows(labOnly.body())).isEqualTo(12 + 1); // 15 even numbers, 3 of them inactive (0, 10, 20), + "lab"
        assertThat(labOnly.body()).doesNotContain("Clinic administrator</td>");
        HttpResponse<String> inactive = bigAdmin.get("/clinic/" + big.slug() + "/staff?status=inactive");
        assertThat(rows(inactive.body())).isEqualTo(3);
        assertThat(inactive.body()).contains(">staff00<").contains(">staff10<").contains(">staff20<");
    }

    @Test
    void other_roles_cannot_manage_staff() {
        TestBrowser reception = signedIn(clinic, "reception", WebFixture.password("reception"));
        assertThat(reception.get("/clinic/" + clinic.slug() + "/staff").statusCode()).isEqualTo(403);
        int users = count(clinic);
        assertThat(reception.post("/clinic/" + clinic.slug() + "/staff", form("sneaky", "clinic_admin")).statusCode())
                .isEqualTo(403);
        assertThat(count(clinic)).isEqualTo(users);
        assertThat(reception.get("/clinic/" + clinic.slug()).body()).doesNotContain("/staff\"");
        assertThat(admin.get("/clinic/" + clinic.slug()).body()).contains("/clinic/" + clinic.slug() + "/staff\"");
    }

    // ---- helpers ----

    private static TestBrowser signedIn(Clinic c, String username, String password) {
        TestBrowser browser = server.browser();
        assertThat(browser.signIn(c.slug(), username, password).statusCode()).as("sign-in of " + username).isEqualTo(303);
        assertThat(browser.get("/clinic/" + c.slug()).statusCode()).isEqualTo(200);
        return browser;
    }

    private static HttpResponse<String> create(Clinic c, TestBrowser browser, Map<String, String> form) {
        return browser.post("/clinic/" + c.slug() + "/staff", form);
    }

    private static Map<String, String> form(String username, String role) {
        Map<String, String> form = new HashMap<>();
        form.put("username", username);
        form.put("full_name", "Test " + username);
        form.put("role", role);
        form.put("password", PASSWORD);
        form.put("password_confirm", PASSWORD);
        return form;
    }

    private static Map<String, String> doctorForm(String username, String license) {
        Map<String, String> form = form(username, "doctor");
        form.put("license_number", license);
        form.put("specialization", "Paediatrics");
        form.put("qualification", "MBBS, MD");
        return form;
    }

    private static AppUserRecord user(Clinic c, String username) {
        return db.tenants().inClinic(c.id(), tx -> tx.selectFrom(APP_USER)
                .where(APP_USER.CLINIC_ID.eq(c.id().value()), APP_USER.USERNAME.eq(username)).fetchSingle());
    }

    private static DoctorRecord doctorOf(Clinic c, UUID userId) {
        return db.tenants().inClinic(c.id(), tx -> tx.selectFrom(DOCTOR)
                .where(DOCTOR.CLINIC_ID.eq(c.id().value()), DOCTOR.USER_ID.eq(userId)).fetchSingle());
    }

    private static int count(Clinic c) {
        return db.tenants().inClinic(c.id(), tx -> tx.fetchCount(APP_USER, APP_USER.CLINIC_ID.eq(c.id().value())));
    }

    private static int activeUsers(Clinic c, String role) {
        return db.tenants().inClinic(c.id(), tx -> tx.fetchCount(APP_USER, APP_USER.CLINIC_ID.eq(c.id().value()),
                APP_USER.ROLE.eq(role), APP_USER.IS_ACTIVE.isTrue()));
    }

    private static int events(Clinic c, String action) {
        return db.tenants().inClinic(c.id(), tx -> tx.fetchCount(AUDIT_EVENT, AUDIT_EVENT.CLINIC_ID.eq(c.id().value()),
                AUDIT_EVENT.ACTION.eq(action)));
    }

    private static AuditEventRecord lastEvent(Clinic c, String action) {
        return db.tenants().inClinic(c.id(), tx -> tx.selectFrom(AUDIT_EVENT)
                .where(AUDIT_EVENT.CLINIC_ID.eq(c.id().value()), AUDIT_EVENT.ACTION.eq(action))
                .orderBy(AUDIT_EVENT.OCCURRED_AT.desc(), AUDIT_EVENT.ID.desc()).limit(1).fetchSingle());
    }

    /** The platform sets limits; the app role cannot. */
    private static void setLimits(Clinic c, int doctors, int receptionists) {
        PlatformFixture.setLimits(db, c, doctors, null, receptionists);
    }

    private static String apiRefreshToken(Clinic c, String username, String password) throws Exception {
        HttpResponse<String> token = apiSignIn(c, username, password);
        Matcher m = Pattern.compile("\"refreshToken\":\"([^\"]+)\"").matcher(token.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static HttpResponse<String> apiSignIn(Clinic c, String username, String password) throws Exception {
        HttpResponse<String> token = JSON.send(HttpRequest.newBuilder(URI.create(server.url("/clinic/" + c.slug() + "/api/v1/auth/token")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).isEqualTo(200);
        return token;
    }

    private static HttpResponse<String> refresh(Clinic c, String refreshToken) throws Exception {
        return JSON.send(HttpRequest.newBuilder(URI.create(server.url("/clinic/" + c.slug() + "/api/v1/auth/refresh")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"refreshToken\":\"" + refreshToken + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int rows(String html) {
        int body = html.indexOf("<tbody>");
        return body < 0 ? 0 : html.substring(body, html.indexOf("</tbody>")).split("<tr>", -1).length - 1;
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }
}
