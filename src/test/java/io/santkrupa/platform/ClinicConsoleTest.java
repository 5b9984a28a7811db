package io.santkrupa.platform;

import io.santkrupa.db.ClinicId;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.Html;
import io.santkrupa.testing.PlatformConsoleFixture;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;
import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC_SUBSCRIPTION_CHANGE;
import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_AUDIT_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The super admins' clinic pages through real HTTP: onboarding (the clinic and its first
 * administrator, whose one-time link works once), the list with usage as counts, subscription
 * and limit changes with a reason that the clinic follows at once and its admin reads, new
 * links only while the admin has no password, and the audit trail of all of it.
 */
@ExtendWith(TestDatabaseExtension.class)
class ClinicConsoleTest {

    private static final Pattern LINK = Pattern.compile("value=\"(https?://[^\"]+/clinic/([a-z0-9-]+)/welcome/([A-Za-z0-9_-]{43}))\"");

    private static TestDatabase db;
    private static WebTestServer server;
    private static TestBrowser console;
    private static String adminUsername;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        PlatformConsoleFixture.SignedIn signedIn = PlatformConsoleFixture.signedIn(server, db);
        console = signedIn.browser();
        adminUsername = signedIn.username();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static Map<String, String> newClinicForm(String slug) {
        Map<String, String> form = new HashMap<>();
        form.put("name", "Shanti Clinic " + slug);
        form.put("slug", slug);
        form.put("code", "C" + UUID.randomUUID().toString().substring(0, 8).toUpperCase());
        form.put("registration_number", "MH-REG-" + slug);
        form.put("time_zone", "Asia/Kolkata");
        form.put("phone_country", "IN");
        form.put("subscription_status", "trial");
        form.put("max_doctors", "2");
        form.put("max_patients", "100");
        form.put("max_receptionists", "2");
        form.put("city", "Pune");
        form.put("email", "desk@shanti.example");
        form.put("admin_full_name", "Dr. Kavita Rao");
        form.put("admin_username", "kavita");
        form.put("admin_email", "kavita@shanti.example");
        form.put("note", "Trial agreed on the phone");
        return form;
    }

    private record Onboarded(String slug, String link, String token) {
    }

    private static Onboarded onboard(String slug) {
        console.get("/platform/clinics/new");
        HttpResponse<String> done = console.post("/platform/clinics", newClinicForm(slug));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        Matcher link = LINK.matcher(done.body());
        assertThat(link.find()).as("the one-time link is on the page").isTrue();
        assertThat(link.group(2)).isEqualTo(slug);
        return new Onboarded(slug, link.group(1), link.group(3));
    }

    /** Onboards {@code slug}; the clinic code it was given. */
    private static String onboardReturningCode(String slug) {
        Map<String, String> form = newClinicForm(slug);
        console.get("/platform/clinics/new");
        assertThat(console.post("/platform/clinics", form).statusCode()).isEqualTo(200);
        return form.get("code");
    }

    /** Opens the clinic's page and sends one of its forms, with the version the page carries. */
    private static HttpResponse<String> submit(String page, String form, Map<String, String> fields) {
        String version = Html.inputValue(console.get(page).body(), "version").orElseThrow();
        Map<String, String> withVersion = new HashMap<>(fields);
        withVersion.putIfAbsent("version", version);
        return console.post(page + form, withVersion);
    }

    private static ClinicId clinicId(String slug) {
        return db.tenants().resolveSlug(slug).orElseThrow().clinic();
    }

    @Test
    void anonymous_callers_are_sent_to_the_platform_sign_in() {
        HttpResponse<String> list = server.browser().get("/platform");
        assertThat(list.statusCode()).isEqualTo(303);
        assertThat(list.headers().firstValue("Location")).hasValue("/platform/login?next=%2Fplatform");
        HttpResponse<String> post = server.browser().post("/platform/clinics", newClinicForm("anon-" + suffix()));
        assertThat(post.statusCode()).isEqualTo(303);
    }

    @Test
    void a_clinic_session_opens_nothing_on_the_platform() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        TestBrowser clinicAdmin = ApiClient.signedIn(server, clinic, Role.CLINIC_ADMIN);
        HttpResponse<String> list = clinicAdmin.get("/platform");
        assertThat(list.statusCode()).isEqualTo(303);
        assertThat(list.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/platform/login"));
    }

    @Test
    void onboarding_creates_the_clinic_whose_first_admin_chooses_a_password_with_the_link_and_then_works_in_it() {
        String slug = "shanti-" + suffix();
        Onboarded onboarded = onboard(slug);
        ClinicId clinic = clinicId(slug);
        assertThat(db.tenants().resolveSlug(slug).orElseThrow().subscriptionStatus()).isEqualTo("trial");
        assertThat(db.platform().<String>run(tx -> tx.fetchValue(CLINIC.DEFAULT_PHONE_COUNTRY, CLINIC.ID.eq(clinic.value()))))
                .isEqualTo("IN");

        // the platform's trail names the super admin; the clinic's own log has the provisioning
        assertThat(db.platform().<List<String>>run(tx -> tx.select(PLATFORM_AUDIT_EVENT.ACTOR).from(PLATFORM_AUDIT_EVENT)
                .where(PLATFORM_AUDIT_EVENT.CLINIC_ID.eq(clinic.value()), PLATFORM_AUDIT_EVENT.ACTION.eq("clinic.onboard"))
                .fetch(PLATFORM_AUDIT_EVENT.ACTOR))).containsExactly(adminUsername);
        assertThat(db.tenants().<List<String>>inClinic(clinic, tx -> tx.select(AUDIT_EVENT.ACTION, AUDIT_EVENT.ACTOR_ROLE).from(AUDIT_EVENT)
                .where(AUDIT_EVENT.CLINIC_ID.eq(clinic.value())).fetch(r -> r.value1() + "/" + r.value2())))
                .containsExactly("clinic.provisioned/platform");

        // the link opens the clinic's own page; no password was ever chosen for the admin
        TestBrowser kavita = server.browser();
        HttpResponse<String> welcome = kavita.get(URI.create(onboarded.link()).getPath());
        assertThat(welcome.statusCode()).isEqualTo(200);
        assertThat(welcome.body()).contains("Dr. Kavita Rao").contains("kavita");
        assertThat(kavita.signIn(slug, "kavita", "").statusCode()).isEqualTo(401);

        kavita.get(URI.create(onboarded.link()).getPath());
        HttpResponse<String> weak = kavita.post(URI.create(onboarded.link()).getPath(),
                Map.of("password", "short", "password_confirm", "short"));
        assertThat(weak.statusCode()).isEqualTo(422);
        assertThat(Html.fieldError(weak.body(), "password")).isPresent();
        String password = "a garden of neem trees";
        HttpResponse<String> set = kavita.post(URI.create(onboarded.link()).getPath(),
                Map.of("password", password, "password_confirm", password));
        assertThat(set.statusCode()).isEqualTo(303);
        assertThat(set.headers().firstValue("Location")).hasValue("/clinic/" + slug + "/login?welcome=kavita");
        assertThat(kavita.get("/clinic/" + slug + "/login?welcome=kavita").body())
                .contains("Your password is set").contains("value=\"kavita\"");

        // used once: the link is dead, for her and for anyone holding it
        HttpResponse<String> again = server.browser().get(URI.create(onboarded.link()).getPath());
        assertThat(again.body()).contains("This link can no longer be used").doesNotContain("Kavita");

        // she works in her clinic: a receptionist, who registers a patient
        assertThat(kavita.signIn(slug, "kavita", password).statusCode()).isEqualTo(303);
        kavita.get("/clinic/" + slug + "/staff/new");
        String receptionPassword = "welcome counter of shanti";
        HttpResponse<String> staff = kavita.post("/clinic/" + slug + "/staff", Map.of("role", "receptionist",
                "username", "desk", "full_name", "Front Desk", "password", receptionPassword,
                "password_confirm", receptionPassword));
        assertThat(staff.statusCode()).as(staff.body()).isEqualTo(303);
        TestBrowser desk = server.browser();
        assertThat(desk.signIn(slug, "desk", receptionPassword).statusCode()).isEqualTo(303);
        desk.get("/clinic/" + slug + "/patients/new");
        HttpResponse<String> patient = desk.post("/clinic/" + slug + "/patients", Map.of("firstName", "Meena",
                "lastName", "Shah", "gender", "female", "phone", "+91 98220 12345", "dateOfBirth", "1990-01-02"));
        assertThat(patient.statusCode()).as(patient.body()).isEqualTo(303);

        // the console sees counts, never the records
        HttpResponse<String> page = console.get("/platform/clinics/" + slug);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("Meena").doesNotContain("Shah").doesNotContain("Front Desk")
                .contains("<th scope=\"row\">Patients</th><td class=\"num\">1</td>")
                .doesNotContain("has not chosen a password yet");
    }

    @Test
    void the_onboarding_form_offers_every_phone_country_with_india_chosen() {
        String page = console.get("/platform/clinics/new").body();
        assertThat(page).contains("<option value=\"IN\" selected>India (+91)</option>")
                .contains("<option value=\"GB\" >United Kingdom (+44)</option>");
    }

    @Test
    void invalid_onboarding_says_what_is_wrong_next_to_each_field_and_creates_nothing() {
        Map<String, String> form = newClinicForm("admin");
        form.put("code", "lower case!");
        form.put("max_doctors", "many");
        form.put("admin_username", "Not A Username");
        form.put("time_zone", "Mars/Olympus");
        form.put("phone_country", "India");
        int before = db.platform().run(tx -> tx.fetchCount(CLINIC));
        console.get("/platform/clinics/new");
        HttpResponse<String> refused = console.post("/platform/clinics", form);

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(Html.fieldError(refused.body(), "slug")).hasValueSatisfying(m -> assertThat(m).contains("reserved"));
        assertThat(Html.fieldError(refused.body(), "code")).isPresent();
        assertThat(Html.fieldError(refused.body(), "max_doctors")).isPresent();
        assertThat(Html.fieldError(refused.body(), "admin_username")).isPresent();
        assertThat(Html.fieldError(refused.body(), "time_zone")).isPresent();
        assertThat(Html.fieldError(refused.body(), "phone_country")).hasValueSatisfying(m -> assertThat(m)
                .contains("Choose one of the listed countries"));
        assertThat(Html.inputValue(refused.body(), "name")).hasValue("Shanti Clinic admin");
        assertThat(db.platform().<Integer>run(tx -> tx.fetchCount(CLINIC))).isEqualTo(before);
    }

    @Test
    void a_taken_web_address_or_code_is_refused_at_its_field_and_nothing_is_written() {
        String slug = "taken-" + suffix();
        String takenCode = onboardReturningCode(slug);
        int before = db.platform().run(tx -> tx.fetchCount(CLINIC));
        long events = db.platform().run(tx -> tx.fetchCount(PLATFORM_AUDIT_EVENT));

        console.get("/platform/clinics/new");
        Map<String, String> sameSlug = newClinicForm(slug);
        sameSlug.put("code", "OTHER" + suffix().substring(0, 4).toUpperCase());
        sameSlug.put("registration_number", "OTHER-" + suffix());
        HttpResponse<String> refused = console.post("/platform/clinics", sameSlug);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(Html.fieldError(refused.body(), "slug")).hasValueSatisfying(m -> assertThat(m).contains("taken"));

        console.get("/platform/clinics/new");
        Map<String, String> sameCode = newClinicForm("other-" + suffix());
        sameCode.put("code", takenCode);
        HttpResponse<String> codeRefused = console.post("/platform/clinics", sameCode);
        assertThat(codeRefused.statusCode()).isEqualTo(409);
        assertThat(Html.fieldError(codeRefused.body(), "code")).isPresent();

        assertThat(db.platform().<Integer>run(tx -> tx.fetchCount(CLINIC))).isEqualTo(before);
        assertThat(db.platform().<Integer>run(tx -> tx.fetchCount(PLATFORM_AUDIT_EVENT)).longValue()).isEqualTo(events);
    }

    @Test
    void suspending_closes_the_clinic_at_once_reactivating_opens_it_and_its_admin_reads_why() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        TestBrowser admin = ApiClient.signedIn(server, clinic, Role.CLINIC_ADMIN);
        String token = ApiClient.token(server, db, clinic, Role.RECEPTIONIST);
        String page = "/platform/clinics/" + clinic.slug();

        HttpResponse<String> noReason = submit(page, "/status", Map.of("subscription_status", "suspended", "reason", ""));
        assertThat(noReason.statusCode()).isEqualTo(422);
        assertThat(Html.fieldError(noReason.body(), "reason")).isPresent();
        assertThat(db.tenants().resolveSlug(clinic.slug()).orElseThrow().subscriptionStatus()).isEqualTo("trial");

        HttpResponse<String> suspended = submit(page, "/status",
                Map.of("subscription_status", "suspended", "reason", "Invoice 2026-114 unpaid for 60 days"));
        assertThat(suspended.statusCode()).isEqualTo(303);
        assertThat(admin.get("/clinic/" + clinic.slug() + "/").body()).contains("This clinic is suspended");
        assertThat(ApiClient.get(server, "/clinic/" + clinic.slug() + "/api/v1/patients?q=pat", token).statusCode())
                .isEqualTo(403);

        assertThat(submit(page, "/status", Map.of("subscription_status", "active",
                "subscription_ends_on", "2027-12-31", "reason", "Paid in full on 4 Dec")).statusCode()).isEqualTo(303);
        HttpResponse<String> dashboard = admin.get("/clinic/" + clinic.slug() + "/");
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).contains("Paid in full on 4 Dec").contains("suspended → active until 2027-12-31");
        assertThat(ApiClient.get(server, "/clinic/" + clinic.slug() + "/api/v1/patients?q=pat", token).statusCode())
                .isEqualTo(200);
        assertThat(admin.get("/clinic/" + clinic.slug() + "/settings").body())
                .contains("Invoice 2026-114 unpaid for 60 days").contains("Paid in full on 4 Dec");
        assertThat(db.tenants().<Integer>inClinic(clinic.id(), tx -> tx.fetchCount(CLINIC_SUBSCRIPTION_CHANGE,
                CLINIC_SUBSCRIPTION_CHANGE.CLINIC_ID.eq(clinic.id().value()), CLINIC_SUBSCRIPTION_CHANGE.KIND.eq("status"))))
                .isEqualTo(2);
        assertThat(console.get(page).body()).contains("trial -&gt; suspended: Invoice 2026-114 unpaid for 60 days");
    }

    @Test
    void an_expired_clinic_reads_but_refuses_writes_and_says_so() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        TestBrowser reception = ApiClient.signedIn(server, clinic, Role.RECEPTIONIST);
        String page = "/platform/clinics/" + clinic.slug();
        assertThat(submit(page, "/status", Map.of("subscription_status", "expired", "reason", "Trial over"))
                .statusCode()).isEqualTo(303);

        HttpResponse<String> search = reception.get("/clinic/" + clinic.slug() + "/patients?q=patil");
        assertThat(search.statusCode()).isEqualTo(200);
        assertThat(search.body()).contains("subscription has expired");
        reception.get("/clinic/" + clinic.slug() + "/patients/new");
        assertThat(reception.post("/clinic/" + clinic.slug() + "/patients", Map.of("firstName", "Ravi", "lastName", "Kale",
                "gender", "male", "phone", "+91 98220 55555")).statusCode()).isEqualTo(403);
    }

    @Test
    void limits_change_with_a_reason_and_the_clinic_enforces_them() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        String page = "/platform/clinics/" + clinic.slug();
        HttpResponse<String> same = submit(page, "/limits", Map.of("max_doctors", "10", "max_patients", "500",
                "max_receptionists", "5", "reason", "no change"));
        assertThat(same.statusCode()).isEqualTo(422);

        HttpResponse<String> bad = submit(page, "/limits", Map.of("max_doctors", "-1", "max_patients", "500",
                "max_receptionists", "5", "reason", "oops"));
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(Html.fieldError(bad.body(), "max_doctors")).isPresent();

        assertThat(submit(page, "/limits", Map.of("max_doctors", "1", "max_patients", "500",
                "max_receptionists", "1", "reason", "Solo practice plan")).statusCode()).isEqualTo(303);
        // the fixture has one doctor and one receptionist: a second of either is refused now
        TestBrowser admin = ApiClient.signedIn(server, clinic, Role.CLINIC_ADMIN);
        admin.get("/clinic/" + clinic.slug() + "/staff/new");
        String password = "second desk password";
        HttpResponse<String> refused = admin.post("/clinic/" + clinic.slug() + "/staff", Map.of("role", "receptionist",
                "username", "desk2", "full_name", "Second Desk", "password", password, "password_confirm", password));
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(admin.get("/clinic/" + clinic.slug() + "/settings").body()).contains("Solo practice plan");
    }

    @Test
    void a_change_made_from_a_page_someone_else_has_changed_since_is_refused_and_changes_nothing() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        String page = "/platform/clinics/" + clinic.slug();
        String version = Html.inputValue(console.get(page).body(), "version").orElseThrow();
        // meanwhile, another super admin (here: the command line) raises the patient limit
        io.santkrupa.testing.PlatformFixture.setLimits(db, clinic, null, 900, null);

        HttpResponse<String> stale = console.post(page + "/limits", Map.of("max_doctors", "4", "max_patients", "500",
                "max_receptionists", "5", "reason", "Small plan", "version", version));
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(Html.formError(stale.body())).hasValueSatisfying(m -> assertThat(m).contains("Someone changed"));
        HttpResponse<String> staleStatus = console.post(page + "/status", Map.of("subscription_status", "expired",
                "reason", "Trial over", "version", version));
        assertThat(staleStatus.statusCode()).isEqualTo(409);
        assertThat(db.platform().<String>run(tx -> tx.select(CLINIC.MAX_DOCTORS, CLINIC.MAX_PATIENTS, CLINIC.SUBSCRIPTION_STATUS)
                .from(CLINIC).where(CLINIC.ID.eq(clinic.id().value())).fetchSingle(r -> r.value1() + "/" + r.value2() + "/" + r.value3())))
                .isEqualTo("10/900/trial");

        // the refused page shows the current values: sent again, it works
        assertThat(submit(page, "/limits", Map.of("max_doctors", "4", "max_patients", "900",
                "max_receptionists", "5", "reason", "Small plan")).statusCode()).isEqualTo(303);
    }

    @Test
    void a_new_link_only_while_the_first_admin_has_no_password_and_older_links_stop_working() {
        String slug = "relink-" + suffix();
        Onboarded first = onboard(slug);
        String page = "/platform/clinics/" + slug;
        assertThat(console.get(page).body()).contains("has not chosen a password yet");
        HttpResponse<String> reissued = console.post(page + "/admin-link", Map.of());
        assertThat(reissued.statusCode()).isEqualTo(200);
        Matcher link = LINK.matcher(reissued.body());
        assertThat(link.find()).isTrue();
        String second = link.group(1);

        assertThat(server.browser().get(URI.create(first.link()).getPath()).body()).contains("no longer be used");
        TestBrowser kavita = server.browser();
        kavita.get(URI.create(second).getPath());
        String password = "monsoon over the western ghats";
        assertThat(kavita.post(URI.create(second).getPath(), Map.of("password", password, "password_confirm", password))
                .statusCode()).isEqualTo(303);

        console.get(page);
        HttpResponse<String> refused = console.post(page + "/admin-link", Map.of());
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("already chosen a password");
        assertThat(kavita.signIn(slug, "kavita", password).statusCode()).isEqualTo(303);
    }

    @Test
    void every_form_needs_the_sessions_csrf_token_and_a_forged_one_changes_nothing() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        String page = "/platform/clinics/" + clinic.slug();
        console.get(page);
        for (String token : new String[] {null, "", "forged-token"}) {
            Map<String, String> form = new HashMap<>(Map.of("subscription_status", "suspended", "reason", "forged"));
            form.put("_csrf", token);
            HttpResponse<String> forged = console.post(page + "/status", form);
            assertThat(forged.statusCode()).as("token " + token).isEqualTo(403);
        }
        Map<String, String> onboard = new HashMap<>(newClinicForm("forged-" + suffix()));
        onboard.put("_csrf", "forged-token");
        assertThat(console.post("/platform/clinics", onboard).statusCode()).isEqualTo(403);
        assertThat(db.tenants().resolveSlug(clinic.slug()).orElseThrow().subscriptionStatus()).isEqualTo("trial");
        assertThat(db.tenants().resolveSlug(onboard.get("slug"))).isEmpty();
    }

    @Test
    void the_list_filters_sorts_and_pages_through_every_clinic_once() {
        String marker = "pager" + suffix();
        ClinicOnboarding onboarding = new ClinicOnboarding(db.platform(), new PlatformAudit(), Clock.systemUTC());
        Set<String> created = new HashSet<>();
        for (int i = 0; i < ClinicConsolePages.PAGE_SIZE + 3; i++) {
            Map<String, String> fields = newClinicForm(marker + "-" + i);
            fields.put("name", "Pager " + marker + " " + (i % 4)); // same names across pages: the id breaks the tie
            io.santkrupa.web.Form form = io.santkrupa.web.Form.of(fields);
            onboarding.onboard(ClinicOnboarding.read(form).orElseThrow(), PlatformActor.commandLine());
            created.add(marker + "-" + i);
        }
        for (String sort : List.of("name", "newest", "slug")) {
            List<String> seen = new ArrayList<>();
            String path = "/platform?q=" + marker + "&sort=" + sort;
            int pages = 0;
            while (path != null) {
                HttpResponse<String> page = console.get(path);
                assertThat(page.statusCode()).isEqualTo(200);
                Matcher slug = Pattern.compile("<code>(" + marker + "-\\d+)</code>").matcher(page.body());
                while (slug.find()) {
                    seen.add(slug.group(1));
                }
                Matcher next = Pattern.compile("href=\"(/platform\\?[^\"]*after=[^\"]+)\">Next page").matcher(page.body());
                path = next.find() ? next.group(1).replace("&amp;", "&") : null;
                pages++;
            }
            assertThat(pages).as(sort).isEqualTo(2);
            assertThat(seen).as(sort + ": every clinic exactly once").hasSize(created.size()).doesNotHaveDuplicates();
            assertThat(Set.copyOf(seen)).isEqualTo(created);
        }
        assertThat(console.get("/platform?q=" + marker + "&status=suspended").body()).contains("No clinics match");
        assertThat(console.get("/platform?q=" + marker + "&status=trial").body()).contains(marker + "-0");
    }

    @Test
    void the_audit_page_shows_the_platforms_events_and_filters_them_by_clinic() {
        String slug = "audited-" + suffix();
        onboard(slug);
        HttpResponse<String> audit = console.get("/platform/audit?clinic=" + slug);
        assertThat(audit.statusCode()).isEqualTo(200);
        assertThat(audit.body()).contains("clinic.onboard").contains(adminUsername).contains(slug);
        assertThat(console.get("/platform/audit?clinic=no-such-clinic").body()).contains("No events match");
    }

    @Test
    void an_unknown_clinic_is_a_404_page() {
        assertThat(console.get("/platform/clinics/no-such-" + suffix()).statusCode()).isEqualTo(404);
        assertThat(console.get("/platform/clinics/NOT%20A%20SLUG").statusCode()).isEqualTo(404);
    }
}
