package io.santkrupa.patient;

import io.santkrupa.audit.AuditLog;
import io.santkrupa.db.ClinicId;
import io.santkrupa.staff.AccountInvitations;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.ConsultationFixture;
import io.santkrupa.testing.PlatformFixture;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import io.santkrupa.web.Form;
import io.santkrupa.web.auth.LoginThrottle;
import org.jooq.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.santkrupa.db.jooq.santkrupa.Tables.ACCOUNT_INVITATION;
import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inviting a patient to the portal, through the real pages: the desk (or the clinic admin) issues
 * a one-time link and a code, shown once; the patient opens the link or types the code, chooses a
 * username and password, signs in and reads their own record. A new invitation revokes the older;
 * a used, expired or revoked link or code does nothing; one clinic's invitation is nothing in
 * another; wrong codes are throttled; only hashes are stored and nothing secret is audited.
 */
@ExtendWith(TestDatabaseExtension.class)
class PatientPortalInvitationTest {

    private static final String PASSWORD = "monsoon over the western ghats";
    private static final Pattern LINK = Pattern.compile("/clinic/([a-z0-9-]+)/welcome/([A-Za-z0-9_-]{43})");
    private static final Pattern CODE = Pattern.compile("id=\"invitation-code\">([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})<");
    private static final Pattern USERNAME = Pattern.compile("id=\"invitation-username\">([a-z0-9._-]+)<");
    private static final Pattern VERSION = Pattern.compile("/portal/invitation\">\\s*<input type=\"hidden\" name=\"_csrf\" "
            + "value=\"[^\"]*\">\\s*<input type=\"hidden\" name=\"version\" value=\"([0-9]+)\"");

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;
    private static Clinic other;

    /** What the invitation's page shows, once. */
    record Slip(String page, String path, String token, String code, String username) {
    }

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        other = WebFixture.clinicWithLogins(db, server.hasher);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static UUID newPatient(Clinic in, String firstName) {
        return ConsultationFixture.patient(db, server.hasher, in, firstName, null);
    }

    private static String portalPage(Clinic in, UUID patient) {
        return "/clinic/" + in.slug() + "/patients/" + patient + "/portal";
    }

    /** The portal page's version, as its invitation form carries it. */
    private static String version(String page) {
        Matcher m = VERSION.matcher(page);
        assertThat(m.find()).as("an invitation form with its version in:\n" + page).isTrue();
        return m.group(1);
    }

    /** {@code staff} opens the patient's portal page (or chart) and invites them; the page shown once, parsed. */
    private static Slip invite(TestBrowser staff, Clinic in, UUID patient, String from) {
        String page = from.equals("chart") ? "/clinic/" + in.slug() + "/patients/" + patient : portalPage(in, patient);
        HttpResponse<String> before = staff.get(page);
        assertThat(before.statusCode()).as(before.body()).isEqualTo(200);
        HttpResponse<String> answer = staff.post(portalPage(in, patient) + "/invitation",
                Map.of("version", version(before.body()), "from", from));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return slip(answer.body());
    }

    private static Slip slip(String page) {
        Matcher link = LINK.matcher(page);
        Matcher code = CODE.matcher(page);
        Matcher username = USERNAME.matcher(page);
        assertThat(link.find()).as("the link on\n" + page).isTrue();
        assertThat(code.find()).as("the code on\n" + page).isTrue();
        assertThat(username.find()).as("the username on\n" + page).isTrue();
        return new Slip(page, link.group(), link.group(2), code.group(1), username.group(1));
    }

    /** A fresh browser opens the link and chooses {@code username} (null: keeps the one offered) and the password. */
    private static HttpResponse<String> useLink(String path, String username, String password) {
        TestBrowser patient = server.browser();
        HttpResponse<String> form = patient.get(path);
        assertThat(form.body()).contains("name=\"password\"");
        return patient.post(path, username == null
                ? Map.of("password", password, "password_confirm", password)
                : Map.of("username", username, "password", password, "password_confirm", password));
    }

    /** A fresh browser types {@code code} on the clinic's code page, then chooses the password. */
    private static HttpResponse<String> useCode(Clinic in, String code, String password) {
        TestBrowser patient = server.browser();
        patient.get("/clinic/" + in.slug() + "/welcome");
        HttpResponse<String> first = patient.post("/clinic/" + in.slug() + "/welcome", Map.of("code", code));
        if (first.statusCode() != 200) {
            return first;
        }
        return patient.post("/clinic/" + in.slug() + "/welcome", Map.of("code", code, "password", password,
                "password_confirm", password));
    }

    private static void assertLinkDead(String path) {
        HttpResponse<String> page = server.browser().get(path);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("This link can no longer be used").doesNotContain("name=\"password\"");
        assertThat(useLinkBlindly(path).body()).doesNotContain("Your password is set");
    }

    private static HttpResponse<String> useLinkBlindly(String path) {
        TestBrowser browser = server.browser();
        browser.get(path);
        return browser.post(path, Map.of("password", "nobody's password at all", "password_confirm",
                "nobody's password at all"));
    }

    private static void assertCodeDead(Clinic in, String code) {
        HttpResponse<String> answer = useCode(in, code, "nobody's password at all");
        assertThat(answer.statusCode()).isEqualTo(422);
        assertThat(answer.body()).contains("This code does not open an invitation of this clinic")
                .doesNotContain("name=\"password\"");
    }

    private static Record user(Clinic in, UUID patient) {
        return db.tenants().inClinic(in.id(), tx -> tx.select(APP_USER.USERNAME, APP_USER.PASSWORD_HASH,
                        APP_USER.IS_ACTIVE)
                .from(APP_USER).where(APP_USER.CLINIC_ID.eq(in.id().value()), APP_USER.PATIENT_ID.eq(patient))
                .fetchOne());
    }

    private static int liveInvitations(Clinic in) {
        return db.tenants().<Integer>inClinic(in.id(), tx -> tx.fetchCount(ACCOUNT_INVITATION,
                ACCOUNT_INVITATION.CLINIC_ID.eq(in.id().value()), ACCOUNT_INVITATION.USED_AT.isNull(),
                ACCOUNT_INVITATION.REVOKED_AT.isNull(), ACCOUNT_INVITATION.ISSUED_BY.eq("clinic")));
    }

    private static List<String> auditDetails(ClinicId in) {
        return db.tenants().inClinic(in, tx -> tx.select(AUDIT_EVENT.ACTION, AUDIT_EVENT.DETAIL).from(AUDIT_EVENT)
                .where(AUDIT_EVENT.CLINIC_ID.eq(in.value())).orderBy(AUDIT_EVENT.OCCURRED_AT)
                .fetch(r -> r.value1() + " " + r.value2()));
    }

    @Test
    void the_desk_invites_from_the_chart_and_the_patient_chooses_a_username_and_password_with_the_link() {
        UUID patient = newPatient(clinic, "Kiran");
        TestBrowser reception = ApiClient.signedIn(server, clinic, Role.RECEPTIONIST);
        assertThat(reception.get("/clinic/" + clinic.slug() + "/patients/" + patient).body())
                .contains("No portal access").contains("Invite to the portal");

        Slip slip = invite(reception, clinic, patient, "chart");
        assertThat(slip.page()).contains("Shown only now").contains("Kiran Kale").contains("<svg");
        String code = codeOf(clinic, patient);
        assertThat(slip.username()).as("the username offered is the patient code").isEqualTo(code.toLowerCase());
        assertThat(reception.get("/clinic/" + clinic.slug() + "/patients/" + patient).body()).contains("Invited");

        HttpResponse<String> chosen = useLink(slip.path(), "kiran.kale", PASSWORD);
        assertThat(chosen.statusCode()).as(chosen.body()).isEqualTo(303);
        assertThat(chosen.headers().firstValue("Location")).hasValue("/clinic/" + clinic.slug() + "/login?welcome=kiran.kale");

        TestBrowser kiran = server.browser();
        assertThat(kiran.signIn(clinic.slug(), "kiran.kale", PASSWORD).statusCode()).isEqualTo(303);
        HttpResponse<String> record = kiran.get("/clinic/" + clinic.slug() + "/my-record");
        assertThat(record.statusCode()).isEqualTo(200);
        assertThat(record.body()).contains("Kiran Kale").contains(code);
        assertThat(reception.get(portalPage(clinic, patient)).body()).contains("Active").contains("kiran.kale");

        // used: the link and the code both do nothing now, and the password stays the chosen one
        assertLinkDead(slip.path());
        assertCodeDead(clinic, slip.code());
        assertThat(server.browser().signIn(clinic.slug(), "kiran.kale", PASSWORD).statusCode()).isEqualTo(303);
    }

    @Test
    void only_hashes_are_stored_and_the_audit_trail_names_no_secret_and_no_patient() throws Exception {
        UUID patient = newPatient(clinic, "Sunanda");
        TestBrowser reception = ApiClient.signedIn(server, clinic, Role.RECEPTIONIST);
        Slip slip = invite(reception, clinic, patient, "portal");
        assertThat(useCode(clinic, slip.code(), PASSWORD).statusCode()).isEqualTo(303);

        Record row = db.tenants().inClinic(clinic.id(), tx -> tx.select(ACCOUNT_INVITATION.TOKEN_HASH,
                        ACCOUNT_INVITATION.CODE_HASH, ACCOUNT_INVITATION.EXPIRES_AT, ACCOUNT_INVITATION.CREATED_AT)
                .from(ACCOUNT_INVITATION).join(APP_USER).on(APP_USER.CLINIC_ID.eq(ACCOUNT_INVITATION.CLINIC_ID),
                        APP_USER.ID.eq(ACCOUNT_INVITATION.USER_ID))
                .where(ACCOUNT_INVITATION.CLINIC_ID.eq(clinic.id().value()), APP_USER.PATIENT_ID.eq(patient))
                .fetchSingle());
        byte[] tokenHash = row.get(ACCOUNT_INVITATION.TOKEN_HASH);
        byte[] codeHash = row.get(ACCOUNT_INVITATION.CODE_HASH);
        assertThat(tokenHash).isEqualTo(MessageDigest.getInstance("SHA-256")
                .digest(Base64.getUrlDecoder().decode(slip.token())));
        assertThat(codeHash).hasSize(32);
        String canonical = slip.code().replace("-", "");
        for (byte[] hash : List.of(tokenHash, codeHash)) {
            String stored = new String(hash, StandardCharsets.ISO_8859_1) + HexFormat.of().formatHex(hash);
            assertThat(stored).doesNotContain(slip.token()).doesNotContain(canonical).doesNotContain(slip.code());
        }
        assertThat(codeHash).as("not a plain SHA-256 of the code: a copy of the database cannot be searched")
                .isNotEqualTo(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.US_ASCII)));
        assertThat(Duration.between(row.get(ACCOUNT_INVITATION.CREATED_AT), row.get(ACCOUNT_INVITATION.EXPIRES_AT)))
                .isEqualTo(Duration.ofHours(72));

        List<String> trail = auditDetails(clinic.id());
        assertThat(trail).anySatisfy(e -> assertThat(e).startsWith("portal.invite sign-in created"))
                .anySatisfy(e -> assertThat(e).startsWith("auth.password_set password chosen with a one-time code issued by the clinic"));
        assertThat(String.join("\n", trail)).doesNotContain(slip.token()).doesNotContain(canonical)
                .doesNotContain(slip.code()).doesNotContain("Sunanda");
    }

    @Test
    void the_code_is_typed_on_a_page_the_sign_in_page_links_to_in_any_case_with_or_without_dashes() {
        UUID patient = newPatient(clinic, "Prakash");
        assertThat(server.browser().get("/clinic/" + clinic.slug() + "/login").body())
                .contains("href=\"/clinic/" + clinic.slug() + "/welcome\"");
        Slip slip = invite(ApiClient.signedIn(server, clinic, Role.RECEPTIONIST), clinic, patient, "portal");

        TestBrowser phone = server.browser();
        phone.get("/clinic/" + clinic.slug() + "/welcome");
        String typed = " " + slip.code().replace("-", " ").toLowerCase() + " ";
        HttpResponse<String> form = phone.post("/clinic/" + clinic.slug() + "/welcome", Map.of("code", typed));
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("Welcome to").contains("Hello Prakash Kale")
                .contains("value=\"" + slip.username() + "\"");
        // kept the username offered
        HttpResponse<String> done = phone.post("/clinic/" + clinic.slug() + "/welcome", Map.of("code", typed,
                "username", slip.username(), "password", PASSWORD, "password_confirm", PASSWORD));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        assertThat(server.browser().signIn(clinic.slug(), slip.username(), PASSWORD).statusCode()).isEqualTo(303);
        assertLinkDead(slip.path());
    }

    @Test
    void the_clinic_admin_finds_the_patient_by_code_invites_and_still_reads_no_record() {
        UUID patient = newPatient(clinic, "Meena");
        String code = codeOf(clinic, patient);
        TestBrowser admin = ApiClient.signedIn(server, clinic, Role.CLINIC_ADMIN);
        assertThat(admin.get("/clinic/" + clinic.slug()).body()).contains("/clinic/" + clinic.slug() + "/portal");

        HttpResponse<String> unknown = admin.get("/clinic/" + clinic.slug() + "/portal?code=PT-NOPE-2026-999");
        assertThat(unknown.statusCode()).isEqualTo(200);
        assertThat(unknown.body()).contains("No patient of this clinic has the code PT-NOPE-2026-999");
        HttpResponse<String> found = admin.get("/clinic/" + clinic.slug() + "/portal?code=" + code.toLowerCase());
        assertThat(found.statusCode()).isEqualTo(303);
        assertThat(found.headers().firstValue("Location")).hasValue(portalPage(clinic, patient));

        Slip slip = invite(admin, clinic, patient, "portal");
        assertThat(admin.get("/clinic/" + clinic.slug() + "/portal").body()).contains("Meena Kale").contains("Invited");
        assertThat(admin.get("/clinic/" + clinic.slug() + "/patients/" + patient).statusCode())
                .as("the admin still reads no patient record").isEqualTo(403);
        // a form that says "from the chart" still comes back to the portal page for one who cannot read the chart
        HttpResponse<String> revoked = admin.post(portalPage(clinic, patient) + "/revoke",
                Map.of("version", version(admin.get(portalPage(clinic, patient)).body()), "from", "chart"));
        assertThat(revoked.headers().firstValue("Location")).hasValue(portalPage(clinic, patient) + "?portal=revoked#portal-access");
        assertLinkDead(slip.path());
    }

    private static String codeOf(Clinic in, UUID patient) {
        return db.tenants().inClinic(in.id(), tx -> tx.select(PATIENT.CODE)
                .from(PATIENT)
                .where(PATIENT.CLINIC_ID.eq(in.id().value()),
                        PATIENT.ID.eq(patient))
                .fetchSingle().value1());
    }

    @Test
    void a_new_invitation_revokes_the_older_link_and_code() {
        UUID patient = newPatient(clinic, "Ganesh");
        TestBrowser reception = ApiClient.signedIn(server, clinic, Role.RECEPTIONIST);
        Slip first = invite(reception, clinic, patient, "portal");
        Slip second = invite(reception, clinic, patient, "portal");

        assertLinkDead(first.path());
        assertCodeDead(clinic, first.code());
        assertThat(useLink(second.path(), null, PASSWORD).statusCode()).isEqualTo(303);
        assertThat(auditDetails(clinic.id())).anySatisfy(e -> assertThat(e)
                .startsWith("portal.invite invitation reissued; earlier invitations revoked: 1"));
    }

    @Test
    void an_invitation_from_a_page_that_is_out_of_date_issues_nothing() {
        UUID patient = newPatient(clinic, "Lata");
        TestBrowser desk1 = ApiClient.signedIn(server, clinic, Role.RECEPTIONIST);
        TestBrowser desk2 = ApiClient.signedIn(server, clinic, Role.CLINIC_ADMIN);
        String seen = version(desk2.get(portalPage(clinic, patient)).body());
        Slip slip = invite(desk1, clinic, patient, "portal");
        int live = liveInvitations(clinic);

        HttpResponse<String> stale = desk2.post(portalPage(clinic, patient) + "/invitation", Map.of("version", seen));
        assertThat(stale.statusCode()).isEqualTo(Form.CONFLICT);
        assertThat(stale.body()).contains("Someone changed this patient").contains("Invited")
                .doesNotContain("Shown only now");
        assertThat(liveInvitations(clinic)).isEqualTo(live);
        HttpResponse<String> incomplete = desk2.post(portalPage(clinic, patient) + "/invitation", Map.of());
        assertThat(incomplete.statusCode()).isEqualTo(Form.INVALID);
        assertThat(liveInvitations(clinic)).isEqualTo(live);
        assertThat(useLink(slip.path(), null, PASSWORD).statusCode()).as("desk 1's slip still works").isEqualTo(303);
    }

    @Test
    void two_first_invitations_at_once_create_one_sign_in_and_one_live_invitation() throws Exception {
        UUID patient = newPatient(clinic, "Ravi");
        PatientPortal portal = new PatientPortal(db.tenants(), new AccountInvitations(db.tenants(), new AuditLog(),
                server.clock), new io.santkrupa.web.session.Sessions(server.clock, Duration.ofMinutes(15),
                Duration.ofHours(12)), new io.santkrupa.web.auth.RefreshTokens(server.clock, Duration.ofDays(14)),
                new AuditLog(), server.clock);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<String> outcomes = new ArrayList<>();
        try {
            List<Callable<String>> attempts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                attempts.add(() -> {
                    try {
                        portal.invite(clinic.id(), new io.santkrupa.audit.AuditContext(null, "receptionist", "race", null),
                                patient, 0);
                        return "issued";
                    } catch (Form.Refused refused) {
                        return "refused";
                    }
                });
            }
            for (Future<String> f : pool.invokeAll(attempts)) {
                outcomes.add(f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertThat(outcomes).containsOnlyOnce("issued");
        assertThat(db.tenants().<Integer>inClinic(clinic.id(), tx -> tx.fetchCount(ACCOUNT_INVITATION.join(APP_USER)
                .on(APP_USER.CLINIC_ID.eq(ACCOUNT_INVITATION.CLINIC_ID), APP_USER.ID.eq(ACCOUNT_INVITATION.USER_ID)),
                APP_USER.PATIENT_ID.eq(patient), ACCOUNT_INVITATION.REVOKED_AT.isNull()))).isEqualTo(1);
    }

    @Test
    void a_revoked_invitation_does_nothing_and_the_patient_has_no_access_again() {
        UUID patient = newPatient(clinic, "Nisha");
        TestBrowser reception = ApiClient.signedIn(server, clinic, Role.RECEPTIONIST);
        Slip slip = invite(reception, clinic, patient, "chart");
        String page = reception.get("/clinic/" + clinic.slug() + "/patients/" + patient).body();
        HttpResponse<String> revoked = reception.post(portalPage(clinic, patient) + "/revoke",
                Map.of("version", version(page), "from", "chart"));
        assertThat(revoked.statusCode()).isEqualTo(303);
        assertThat(revoked.headers().firstValue("Location"))
                .hasValue("/clinic/" + clinic.slug() + "/patients/" + patient + "?portal=revoked#portal-access");
        assertThat(reception.get("/clinic/" + clinic.slug() + "/patients/" + patient + "?portal=revoked").body())
                .contains("The invitation was revoked").contains("No portal access");

        assertLinkDead(slip.path());
        assertCodeDead(clinic, slip.code());
        assertThat(user(clinic, patient).get(APP_USER.PASSWORD_HASH)).isEqualTo("!");
        HttpResponse<String> again = reception.post(portalPage(clinic, patient) + "/revoke",
                Map.of("version", version(reception.get(portalPage(clinic, patient)).body())));
        assertThat(again.statusCode()).isEqualTo(Form.CONFLICT);
        assertThat(again.body()).contains("There is no open invitation to revoke");
    }

    @Test
    void disabling_ends_the_patients_sessions_and_a_new_invitation_gives_access_back_without_the_old_password() {
        UUID patient = newPatient(clinic, "Deepak");
        TestBrowser reception = ApiClient.signedIn(server, clinic, Role.RECEPTIONIST);
        assertThat(useLink(invite(reception, clinic, patient, "portal").path(), "deepak.k", PASSWORD).statusCode())
                .isEqualTo(303);
        TestBrowser deepak = server.browser();
        assertThat(deepak.signIn(clinic.slug(), "deepak.k", PASSWORD).statusCode()).isEqualTo(303);
        assertThat(deepak.get("/clinic/" + clinic.slug() + "/my-record").statusCode()).isEqualTo(200);
        String access = ApiClient.json(ApiClient.send(server, "POST", "/clinic/" + clinic.slug() + "/api/v1/auth/token",
                null, "{\"username\":\"deepak.k\",\"password\":\"" + PASSWORD + "\"}")).get("accessToken").asText();
        assertThat(ApiClient.get(server, "/clinic/" + clinic.slug() + "/api/v1/my-record", access).statusCode())
                .isEqualTo(200);

        HttpResponse<String> disabled = reception.post(portalPage(clinic, patient) + "/disable",
                Map.of("version", version(reception.get(portalPage(clinic, patient)).body())));
        assertThat(disabled.statusCode()).isEqualTo(303);
        assertThat(reception.get(portalPage(clinic, patient) + "?portal=disabled").body())
                .contains("Portal access is disabled").contains("Disabled").contains("Invite again");
        assertThat(deepak.get("/clinic/" + clinic.slug() + "/my-record").statusCode()).as("signed out").isEqualTo(303);
        assertThat(ApiClient.get(server, "/clinic/" + clinic.slug() + "/api/v1/my-record", access).statusCode())
                .isEqualTo(401);
        assertThat(server.browser().signIn(clinic.slug(), "deepak.k", PASSWORD).statusCode()).isEqualTo(401);

        Slip again = invite(reception, clinic, patient, "portal");
        assertThat(server.browser().signIn(clinic.slug(), "deepak.k", PASSWORD).statusCode())
                .as("the old password does not come back with the account").isEqualTo(401);
        assertThat(again.username()).isEqualTo("deepak.k");
        String newPassword = "a new password for deepak";
        assertThat(useLink(again.path(), null, newPassword).statusCode()).isEqualTo(303);
        assertThat(server.browser().signIn(clinic.slug(), "deepak.k", newPassword).statusCode()).isEqualTo(303);
        assertThat(auditDetails(clinic.id())).anySatisfy(e -> assertThat(e).startsWith("portal.disable sessions ended: 1"))
                .anySatisfy(e -> assertThat(e).startsWith("portal.invite access given back; old password void"));
    }

    @Test
    void an_active_patient_who_forgot_the_password_keeps_it_until_the_new_invitation_is_used() {
        UUID patient = newPatient(clinic, "Farida");
        TestBrowser reception = ApiClient.signedIn(server, clinic, Role.RECEPTIONIST);
        assertThat(useLink(invite(reception, clinic, patient, "portal").path(), "farida", PASSWORD).statusCode())
                .isEqualTo(303);
        Slip forgot = invite(reception, clinic, patient, "portal");
        assertThat(reception.get(portalPage(clinic, patient)).body()).contains("Active")
                .contains("A new invitation is open until");
        assertThat(server.browser().signIn(clinic.slug(), "farida", PASSWORD).statusCode()).isEqualTo(303);
        assertThat(useCode(clinic, forgot.code(), "a brand new secret phrase").statusCode()).isEqualTo(303);
        assertThat(server.browser().signIn(clinic.slug(), "farida", PASSWORD).statusCode()).isEqualTo(401);
        assertThat(server.browser().signIn(clinic.slug(), "farida", "a brand new secret phrase").statusCode()).isEqualTo(303);
    }

    @Test
    void one_clinics_link_and_code_open_nothing_in_another_clinic() {
        UUID patient = newPatient(clinic, "Arjun");
        Slip slip = invite(ApiClient.signedIn(server, clinic, Role.RECEPTIONIST), clinic, patient, "portal");
        int liveInOther = liveInvitations(other);

        assertLinkDead("/clinic/" + other.slug() + "/welcome/" + slip.token());
        assertCodeDead(other, slip.code());
        assertThat(liveInvitations(other)).isEqualTo(liveInOther);
        // and another clinic's staff cannot reach this patient's portal page at all
        TestBrowser foreignDesk = ApiClient.signedIn(server, other, Role.RECEPTIONIST);
        assertThat(foreignDesk.get("/clinic/" + other.slug() + "/patients/" + patient + "/portal").statusCode())
                .isEqualTo(404);
        // still good at home
        assertThat(useCode(clinic, slip.code(), PASSWORD).statusCode()).isEqualTo(303);
    }

    @Test
    void an_expired_invitation_does_nothing() {
        try (WebTestServer own = new WebTestServer(db)) {
            UUID patient = newPatient(clinic, "Zoya");
            TestBrowser reception = ApiClient.signedIn(own, clinic, Role.RECEPTIONIST);
            HttpResponse<String> page = reception.get(portalPage(clinic, patient));
            Slip slip = slip(reception.post(portalPage(clinic, patient) + "/invitation",
                    Map.of("version", version(page.body()))).body());
            own.clock.advance(AccountInvitations.CLINIC_VALIDITY.plusMinutes(1));

            HttpResponse<String> link = own.browser().get(slip.path());
            assertThat(link.body()).contains("This link can no longer be used");
            TestBrowser phone = own.browser();
            phone.get("/clinic/" + clinic.slug() + "/welcome");
            assertThat(phone.post("/clinic/" + clinic.slug() + "/welcome", Map.of("code", slip.code())).statusCode())
                    .isEqualTo(422);
            TestBrowser desk = ApiClient.signedIn(own, clinic, Role.RECEPTIONIST);
            assertThat(desk.get(portalPage(clinic, patient)).body()).contains("No portal access");
        }
    }

    @Test
    void wrong_codes_are_throttled_per_address_before_a_lucky_guess_could_count() {
        try (WebTestServer throttled = new WebTestServer(db, LoginThrottle.Limits.clinics())) {
            UUID patient = newPatient(clinic, "Imran");
            TestBrowser reception = ApiClient.signedIn(throttled, clinic, Role.RECEPTIONIST);
            Slip slip = slip(reception.post(portalPage(clinic, patient) + "/invitation",
                    Map.of("version", version(reception.get(portalPage(clinic, patient)).body()))).body());

            TestBrowser guesser = throttled.browser();
            guesser.get("/clinic/" + clinic.slug() + "/welcome");
            for (int i = 0; i < 10; i++) {
                String guess = String.format("%04d-0000-%04d", i, i);
                HttpResponse<String> wrong = guesser.post("/clinic/" + clinic.slug() + "/welcome", Map.of("code", guess));
                assertThat(wrong.statusCode()).isEqualTo(422);
            }
            HttpResponse<String> right = guesser.post("/clinic/" + clinic.slug() + "/welcome", Map.of("code", slip.code()));
            assertThat(right.statusCode()).isEqualTo(429);
            assertThat(right.headers().firstValue("Retry-After")).isPresent();
            assertThat(right.body()).contains("Too many codes that did not work").doesNotContain("name=\"password\"");
            assertThat(auditDetails(clinic.id())).anySatisfy(e -> assertThat(e).isEqualTo("auth.invitation_code throttled"))
                    .anySatisfy(e -> assertThat(e).isEqualTo("auth.invitation_code no live invitation has this code"));
            // the invitation itself is untouched: its link still works
            assertThat(user(clinic, patient).get(APP_USER.PASSWORD_HASH)).isEqualTo("!");
        }
    }

    @Test
    void bad_choices_get_a_message_at_their_field_and_nothing_is_written() {
        UUID patient = newPatient(clinic, "Harsha");
        TestBrowser reception = ApiClient.signedIn(server, clinic, Role.RECEPTIONIST);
        Slip slip = invite(reception, clinic, patient, "portal");

        HttpResponse<String> taken = useLink(slip.path(), "reception", PASSWORD);
        assertThat(taken.statusCode()).isEqualTo(Form.CONFLICT);
        assertThat(taken.body()).contains("id=\"username-error\"").contains("That username is taken");
        HttpResponse<String> badName = useLink(slip.path(), "Harsha K!", PASSWORD);
        assertThat(badName.statusCode()).isEqualTo(Form.INVALID);
        assertThat(badName.body()).contains("id=\"username-error\"").contains("Use 3 to 64 lower-case letters");
        HttpResponse<String> shortPassword = useLink(slip.path(), "harsha", "short");
        assertThat(shortPassword.statusCode()).isEqualTo(Form.INVALID);
        assertThat(shortPassword.body()).contains("id=\"password-error\"").contains("value=\"harsha\"");
        TestBrowser phone = server.browser();
        phone.get("/clinic/" + clinic.slug() + "/welcome");
        HttpResponse<String> malformed = phone.post("/clinic/" + clinic.slug() + "/welcome", Map.of("code", "ABC"));
        assertThat(malformed.statusCode()).isEqualTo(Form.INVALID);
        assertThat(malformed.body()).contains("id=\"code-error\"").contains("A code has 12 letters and digits")
                .contains("value=\"ABC\"");

        Record account = user(clinic, patient);
        assertThat(account.get(APP_USER.PASSWORD_HASH)).isEqualTo("!");
        assertThat(account.get(APP_USER.USERNAME)).isEqualTo(slip.username());
        assertThat(useLink(slip.path(), "harsha", PASSWORD).statusCode()).as("the invitation is still good").isEqualTo(303);
    }

    @Test
    void a_platform_link_never_lets_its_person_change_the_username() {
        var onboarding = new io.santkrupa.platform.ClinicOnboarding(db.platform(), new io.santkrupa.platform.PlatformAudit(),
                server.clock);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        var onboarded = onboarding.onboard(new io.santkrupa.platform.ClinicOnboarding.NewClinic("portal-" + suffix,
                        "P" + suffix.toUpperCase(), new io.santkrupa.clinic.ClinicContact("Portal " + suffix, "", "", "", "",
                        "", "", ""), "REG-P-" + suffix, "Asia/Kolkata", "IN", io.santkrupa.clinic.SubscriptionStatus.TRIAL, null,
                        io.santkrupa.platform.Limits.TRIAL, "first.admin", "Anita Desai", "", "test"),
                io.santkrupa.platform.PlatformActor.commandLine());
        TestBrowser admin = server.browser();
        assertThat(admin.get(onboarded.setPasswordPath()).body()).doesNotContain("id=\"username\"");
        assertThat(admin.post(onboarded.setPasswordPath(), Map.of("username", "someone.else", "password", PASSWORD,
                "password_confirm", PASSWORD)).statusCode()).isEqualTo(303);
        assertThat(server.browser().signIn(onboarded.slug(), "first.admin", PASSWORD).statusCode()).isEqualTo(303);
    }

    @Test
    void an_expired_clinic_shows_portal_access_but_changes_nothing() {
        Clinic expiring = WebFixture.clinicWithLogins(db, server.hasher);
        UUID patient = newPatient(expiring, "Bhavna");
        TestBrowser reception = ApiClient.signedIn(server, expiring, Role.RECEPTIONIST);
        String version = version(reception.get(portalPage(expiring, patient)).body());
        PlatformFixture.setStatus(db, expiring, "expired");

        HttpResponse<String> page = reception.get(portalPage(expiring, patient));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("No portal access").contains("portal access can be seen, not changed")
                .doesNotContain("Invite to the portal");
        HttpResponse<String> refused = reception.post(portalPage(expiring, patient) + "/invitation",
                Map.of("version", version));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(user(expiring, patient)).isNull();
        assertThat(liveInvitations(expiring)).isZero();
    }
}
