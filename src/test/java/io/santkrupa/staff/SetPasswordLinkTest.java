package io.santkrupa.staff;

import io.santkrupa.audit.AuditLog;
import io.santkrupa.clinic.ClinicContact;
import io.santkrupa.clinic.SubscriptionStatus;
import io.santkrupa.platform.ClinicOnboarding;
import io.santkrupa.platform.ClinicRegistry;
import io.santkrupa.platform.Limits;
import io.santkrupa.platform.PlatformActor;
import io.santkrupa.platform.PlatformAudit;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebTestServer;
import io.santkrupa.web.Form;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.santkrupa.db.jooq.santkrupa.Tables.ACCOUNT_INVITATION;
import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one-time link a new clinic's first administrator gets (/clinic/{slug}/welcome/{token}):
 * time-limited, single use, only for its own clinic, hashed at rest, and never a way into an
 * account that already has a password -- not even with two links at once.
 */
@ExtendWith(TestDatabaseExtension.class)
class SetPasswordLinkTest {

    private static final String PASSWORD = "tulsi on the window sill";

    private static TestDatabase db;
    private static WebTestServer server;
    private static ClinicOnboarding onboarding;
    private static ClinicRegistry registry;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        onboarding = new ClinicOnboarding(db.platform(), new PlatformAudit(), server.clock);
        registry = new ClinicRegistry(db.platform(), new PlatformAudit(), server.clock);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ClinicOnboarding.Onboarded newClinic() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return onboarding.onboard(new ClinicOnboarding.NewClinic("welcome-" + suffix, "W" + suffix.toUpperCase(),
                new ClinicContact("Welcome Clinic " + suffix, "", "", "", "", "", "", ""), "REG-W-" + suffix,
                "Asia/Kolkata", "IN", SubscriptionStatus.TRIAL, null, Limits.TRIAL, "first.admin", "Anita Desai", "", "test"),
                PlatformActor.commandLine());
    }

    /** A dead link: its page says so, offers no form, and a post through it changes nothing. */
    private static void assertDead(String path) {
        TestBrowser browser = server.browser();
        HttpResponse<String> page = browser.get(path);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("This link can no longer be used").doesNotContain("name=\"password\"");
        HttpResponse<String> post = browser.post(path, Map.of("password", "a password for nobody", "password_confirm",
                "a password for nobody"));
        assertThat(post.statusCode()).isIn(200, 403);
        assertThat(post.body()).doesNotContain("Your password is set");
    }

    private static HttpResponse<String> choose(TestBrowser browser, String path, String password) {
        browser.get(path);
        return browser.post(path, Map.of("password", password, "password_confirm", password));
    }

    @Test
    void the_link_is_stored_only_as_a_hash_and_sets_the_password_once() {
        ClinicOnboarding.Onboarded clinic = newClinic();
        byte[] stored = db.tenants().inClinic(clinic.clinic(), tx -> tx.select(ACCOUNT_INVITATION.TOKEN_HASH)
                .from(ACCOUNT_INVITATION).where(ACCOUNT_INVITATION.CLINIC_ID.eq(clinic.clinic().value()))
                .fetchSingle(ACCOUNT_INVITATION.TOKEN_HASH));
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(clinic.linkToken());
        assertThat(stored).hasSize(32);

        assertThat(choose(server.browser(), clinic.setPasswordPath(), PASSWORD).statusCode()).isEqualTo(303);
        assertThat(server.browser().signIn(clinic.slug(), "first.admin", PASSWORD).statusCode()).isEqualTo(303);
        assertDead(clinic.setPasswordPath());
        assertThat(server.browser().signIn(clinic.slug(), "first.admin", PASSWORD).statusCode()).isEqualTo(303);
        // audited as the person who chose it, in the clinic's own log
        assertThat(db.tenants().<List<String>>inClinic(clinic.clinic(), tx -> tx.select(AUDIT_EVENT.ACTION).from(AUDIT_EVENT)
                .where(AUDIT_EVENT.CLINIC_ID.eq(clinic.clinic().value())).orderBy(AUDIT_EVENT.OCCURRED_AT)
                .fetch(AUDIT_EVENT.ACTION))).containsSubsequence("clinic.provisioned", "auth.password_set", "auth.login");
    }

    @Test
    void an_expired_link_sets_nothing() {
        ClinicOnboarding.Onboarded clinic = newClinic();
        server.clock.advance(ClinicOnboarding.LINK_VALIDITY.plus(Duration.ofMinutes(1)));
        assertDead(clinic.setPasswordPath());
        assertThat(server.browser().signIn(clinic.slug(), "first.admin", PASSWORD).statusCode()).isEqualTo(401);
        // the platform can issue a new one while nobody has chosen a password
        ClinicRegistry.NewLink fresh = registry.reissueAdminLink(clinic.clinic(), clinic.slug(), PlatformActor.commandLine());
        assertThat(choose(server.browser(), fresh.setPasswordPath(), PASSWORD).statusCode()).isEqualTo(303);
    }

    @Test
    void a_link_works_only_on_its_own_clinics_address_and_a_made_up_one_never() {
        ClinicOnboarding.Onboarded mine = newClinic();
        ClinicOnboarding.Onboarded other = newClinic();
        String foreign = "/clinic/" + other.slug() + "/welcome/" + mine.linkToken();
        assertDead(foreign);
        for (String token : List.of("x", "A".repeat(43), "../../login", "%00" + "A".repeat(40))) {
            HttpResponse<String> page = server.browser().get("/clinic/" + mine.slug() + "/welcome/" + token);
            assertThat(page.statusCode()).as(token).isIn(200, 400, 404); // Jetty itself refuses an encoded NUL (400)
            assertThat(page.body()).as(token).doesNotContain("Anita Desai");
        }
        assertThat(choose(server.browser(), mine.setPasswordPath(), PASSWORD).statusCode()).isEqualTo(303);
    }

    @Test
    void the_form_needs_its_own_token_and_a_good_password() {
        ClinicOnboarding.Onboarded clinic = newClinic();
        TestBrowser browser = server.browser();
        browser.get(clinic.setPasswordPath());
        HttpResponse<String> forged = browser.post(clinic.setPasswordPath(),
                Map.of("_login", "forged", "password", PASSWORD, "password_confirm", PASSWORD));
        assertThat(forged.statusCode()).isEqualTo(403);
        browser.get(clinic.setPasswordPath());
        HttpResponse<String> differ = browser.post(clinic.setPasswordPath(),
                Map.of("password", PASSWORD, "password_confirm", PASSWORD + "!"));
        assertThat(differ.statusCode()).isEqualTo(422);
        assertThat(differ.body()).contains("The two passwords differ");
        HttpResponse<String> withUsername = choose(browser, clinic.setPasswordPath(), "first.admin is my password");
        assertThat(withUsername.statusCode()).isEqualTo(422);
        assertThat(db.tenants().<String>inClinic(clinic.clinic(), tx -> tx.select(APP_USER.PASSWORD_HASH).from(APP_USER)
                .where(APP_USER.CLINIC_ID.eq(clinic.clinic().value()), APP_USER.USERNAME.eq("first.admin"))
                .fetchSingle(APP_USER.PASSWORD_HASH))).isEqualTo("!");
    }

    @Test
    void one_link_used_four_times_at_the_same_moment_sets_one_password() throws Exception {
        ClinicOnboarding.Onboarded clinic = newClinic();
        AccountInvitations invitations = new AccountInvitations(db.tenants(), new AuditLog(), server.clock);
        String token = clinic.linkToken();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<String>> attempts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String hash = server.hasher.hash(PASSWORD + i);
                attempts.add(() -> {
                    try {
                        invitations.redeem(clinic.clinic(), token, hash, "race", null);
                        return "set";
                    } catch (Form.Refused refused) {
                        return "refused";
                    }
                });
            }
            List<String> outcomes = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(attempts)) {
                outcomes.add(f.get());
            }
            assertThat(outcomes).containsOnlyOnce("set").contains("refused");
        } finally {
            pool.shutdown();
        }
        assertThatThrownBy(() -> registry.reissueAdminLink(clinic.clinic(), clinic.slug(), PlatformActor.commandLine()))
                .isInstanceOf(Form.Refused.class);
    }
}
