package io.santkrupa.cli;

import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_AUDIT_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform's whole job from the command line, against the running application: the first
 * super admin, a clinic onboarded whose first administrator chooses a password with the printed
 * link and works in the clinic (a receptionist registers a patient), the clinic counted,
 * suspended (its pages and API blocked at once), reactivated and given more capacity -- every
 * step in the platform's audit trail as the command line.
 */
@ExtendWith(TestDatabaseExtension.class)
class PlatformCommandsEndToEndTest {

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
    void onboard_run_suspend_and_reactivate_a_clinic_from_the_command_line() {
        CommandRunner cli = CommandRunner.over(db);
        PlatformCommandTesting.Names names = PlatformCommandTesting.Names.fresh();

        var admin = cli.withStdin("a long platform passphrase\n", "create-platform-admin", "--username",
                "ops-" + names.code().toLowerCase(), "--full-name", "Platform Operator", "--password-stdin");
        assertThat(admin.exitCode()).as(admin.toString()).isZero();

        var created = cli.run(names.createClinic("--base-url", server.url(""), "--max-receptionists", "1"));
        assertThat(created.exitCode()).as(created.toString()).isZero();
        List<String> links = PlatformCommandTesting.links(created.out());
        assertThat(links).hasSize(1);

        // the first administrator: the printed link opens the clinic's page where she chooses her password
        TestBrowser sunita = server.browser();
        String path = URI.create(links.getFirst()).getPath();
        assertThat(sunita.get(path).body()).contains("Sunita Patil");
        String password = "tamarind and jaggery chutney";
        assertThat(sunita.post(path, Map.of("password", password, "password_confirm", password)).statusCode())
                .isEqualTo(303);
        assertThat(sunita.signIn(names.slug(), "s.patil", password).statusCode()).isEqualTo(303);
        sunita.get("/clinic/" + names.slug() + "/staff/new");
        String deskPassword = "morning queue at the counter";
        assertThat(sunita.post("/clinic/" + names.slug() + "/staff", Map.of("role", "receptionist", "username", "desk",
                "full_name", "Front Desk", "password", deskPassword, "password_confirm", deskPassword)).statusCode())
                .isEqualTo(303);
        TestBrowser desk = server.browser();
        assertThat(desk.signIn(names.slug(), "desk", deskPassword).statusCode()).isEqualTo(303);
        desk.get("/clinic/" + names.slug() + "/patients/new");
        assertThat(desk.post("/clinic/" + names.slug() + "/patients", Map.of("firstName", "Sakshi", "lastName", "More",
                "gender", "female", "phone", "+91 98500 44444")).statusCode()).isEqualTo(303);

        // counted, never shown
        var listed = cli.run("list-clinics", "--search", names.slug(), "--json");
        assertThat(listed.exitCode()).isZero();
        var row = listed.json().get("clinics").get(0);
        assertThat(row.get("slug").asText()).isEqualTo(names.slug());
        assertThat(row.get("usage").get("patients").asInt()).isEqualTo(1);
        assertThat(listed.out()).doesNotContain("Sakshi").doesNotContain("More");

        // suspended: pages and API of the clinic blocked at their next request
        var suspended = cli.run("set-clinic-status", names.slug(), "suspended", "--reason", "Payment overdue");
        assertThat(suspended.exitCode()).as(suspended.toString()).isZero();
        HttpResponse<String> blocked = desk.get("/clinic/" + names.slug() + "/patients?q=sak");
        assertThat(blocked.statusCode()).isEqualTo(403);
        assertThat(blocked.body()).contains("This clinic is suspended").doesNotContain("Sakshi");

        // reactivated with more room: the clinic works, its admin reads why
        var active = cli.run("set-clinic-status", names.slug(), "active", "--ends-on", "2027-12-31",
                "--reason", "Paid for a year");
        assertThat(active.exitCode()).as(active.toString()).isZero();
        var limits = cli.run("set-clinic-limits", names.slug(), "--max-receptionists", "3", "--reason", "Second shift");
        assertThat(limits.exitCode()).as(limits.toString()).isZero();
        assertThat(desk.get("/clinic/" + names.slug() + "/patients?q=sak").body()).contains("Sakshi");
        String settings = sunita.get("/clinic/" + names.slug() + "/settings").body();
        assertThat(settings).contains("Payment overdue").contains("Paid for a year").contains("Second shift");

        // the command line's trail, in the platform's audit log
        List<String> actions = db.platform().<List<String>>run(tx -> tx.select(PLATFORM_AUDIT_EVENT.ACTION).from(PLATFORM_AUDIT_EVENT)
                .where(PLATFORM_AUDIT_EVENT.CLINIC_ID.eq(PlatformCommandTesting.clinicId(db, names.slug()).value()),
                        PLATFORM_AUDIT_EVENT.ACTOR.eq(PlatformCommandTesting.ACTOR))
                .orderBy(PLATFORM_AUDIT_EVENT.OCCURRED_AT, PLATFORM_AUDIT_EVENT.ID).fetch(PLATFORM_AUDIT_EVENT.ACTION));
        assertThat(actions).containsExactly("clinic.onboard", "clinic.subscription_change", "clinic.subscription_change",
                "clinic.limits_change");
    }
}
