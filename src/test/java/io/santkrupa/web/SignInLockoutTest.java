package io.santkrupa.web;

import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import io.santkrupa.web.auth.LoginThrottle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nobody can lock someone else out by failing to sign in as them: wrong passwords block the
 * address they come from, for that account only; failures from many addresses slow the account
 * down, never shut it. Each client here has its own loopback address (127.0.0.x).
 */
@ExtendWith(TestDatabaseExtension.class)
class SignInLockoutTest {

    private static final String OWN_ADDRESS = "127.0.0.1";

    private static WebTestServer server;
    private static TestDatabase db;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db, LoginThrottle.Limits.clinics());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_strangers_wrong_passwords_from_another_address_do_not_lock_the_admin_out() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        TestBrowser stranger = server.browserFrom("127.0.0.2");
        for (int i = 0; i < 5; i++) {
            assertThat(stranger.signIn(clinic.slug(), "admin", "guess " + i).statusCode()).as("guess %d", i).isEqualTo(401);
        }

        assertThat(server.browserFrom(OWN_ADDRESS).signIn(clinic.slug(), "admin", WebFixture.password("admin")).statusCode())
                .as("the admin, from their own address").isEqualTo(303);
        HttpResponse<String> strangerAgain = stranger.signIn(clinic.slug(), "admin", WebFixture.password("admin"));
        assertThat(strangerAgain.statusCode()).as("the stranger's address, even with the right password").isEqualTo(429);
        assertThat(strangerAgain.body()).contains("Too many sign-in attempts");
    }

    @Test
    void five_wrong_passwords_from_one_address_block_that_address_for_that_account() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        TestBrowser guesser = server.browserFrom("127.0.0.3");
        for (int i = 0; i < 5; i++) {
            assertThat(guesser.signIn(clinic.slug(), "doctor", "guess " + i).statusCode()).as("guess %d", i).isEqualTo(401);
        }

        HttpResponse<String> blocked = guesser.signIn(clinic.slug(), "doctor", WebFixture.password("doctor"));
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(blocked.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 180L));
        assertThat(blocked.body()).contains("Too many sign-in attempts from this address").doesNotContain("locked");
        List<String> audited = db.tenants().inClinic(clinic.id(), tx -> tx.select(AUDIT_EVENT.OUTCOME, AUDIT_EVENT.DETAIL)
                .from(AUDIT_EVENT).where(AUDIT_EVENT.ACTION.eq("auth.login")).orderBy(AUDIT_EVENT.ID)
                .fetch(r -> r.value1() + " " + r.value2()));
        assertThat(audited).as("every attempt audited").containsExactly("failure wrong password", "failure wrong password",
                        "failure wrong password", "failure wrong password", "failure wrong password", "denied throttled");
        assertThat(guesser.signIn(clinic.slug(), "reception", WebFixture.password("reception")).statusCode())
                .as("another account from the same address").isEqualTo(303);
        assertThat(server.browserFrom(OWN_ADDRESS).signIn(clinic.slug(), "doctor", WebFixture.password("doctor"))
                .statusCode()).as("the same account from another address").isEqualTo(303);

        server.clock.advance(Duration.ofMinutes(3));
        assertThat(guesser.signIn(clinic.slug(), "doctor", WebFixture.password("doctor")).statusCode())
                .as("one attempt back every three minutes").isEqualTo(303);
    }

    @Test
    void names_that_do_not_exist_are_blocked_alike_so_the_block_reveals_no_account() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        TestBrowser guesser = server.browserFrom("127.0.0.5");
        for (String name : new String[] {"lab", "nobody-here"}) {
            for (int i = 0; i < 5; i++) {
                assertThat(guesser.signIn(clinic.slug(), name, "guess " + i).statusCode()).isEqualTo(401);
            }
            assertThat(guesser.signIn(clinic.slug(), name, "guess 5").statusCode()).as(name).isEqualTo(429);
        }
    }

    @Test
    void the_api_token_endpoint_blocks_the_strangers_address_and_not_the_admin() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        String tokenPath = "/clinic/" + clinic.slug() + "/api/v1/auth/token";
        String stranger = "127.0.0.4";
        for (int i = 0; i < 5; i++) {
            assertThat(ApiClient.sendFrom(stranger, server, "POST", tokenPath, null,
                    "{\"username\":\"admin\",\"password\":\"guess " + i + "\"}").statusCode()).isEqualTo(401);
        }

        HttpResponse<String> admin = ApiClient.sendFrom(OWN_ADDRESS, server, "POST", tokenPath, null,
                "{\"username\":\"admin\",\"password\":\"" + WebFixture.password("admin") + "\"}");
        assertThat(admin.statusCode()).as("the admin, from their own address").isEqualTo(200);
        assertThat(admin.body()).contains("accessToken");
        HttpResponse<String> strangerAgain = ApiClient.sendFrom(stranger, server, "POST", tokenPath, null,
                "{\"username\":\"admin\",\"password\":\"" + WebFixture.password("admin") + "\"}");
        assertThat(strangerAgain.statusCode()).isEqualTo(429);
        assertThat(strangerAgain.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(strangerAgain.body()).contains("sign-in attempts").doesNotContain("accessToken");
    }

    @Test
    void wrong_passwords_from_many_addresses_slow_the_account_down_but_never_lock_it() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        server.signInDelays.clear();
        for (int address = 10; address < 20; address++) {
            assertThat(server.browserFrom("127.0.0." + address).signIn(clinic.slug(), "admin", "guess " + address)
                    .statusCode()).as("from 127.0.0.%d", address).isEqualTo(401);
        }
        assertThat(server.signInDelays).as("ten failures from anywhere are free").isEmpty();

        for (int address = 20; address < 30; address++) {
            assertThat(server.browserFrom("127.0.0." + address).signIn(clinic.slug(), "admin", "guess " + address)
                    .statusCode()).as("from 127.0.0.%d", address).isEqualTo(401);
        }
        assertThat(server.signInDelays).as("then each attempt waits, doubling up to four seconds").containsExactly(
                seconds(1), seconds(2), seconds(4), seconds(4), seconds(4), seconds(4), seconds(4), seconds(4), seconds(4),
                seconds(4));

        server.signInDelays.clear();
        assertThat(server.browserFrom(OWN_ADDRESS).signIn(clinic.slug(), "admin", WebFixture.password("admin"))
                .statusCode()).as("the admin, from their own address, after the delay").isEqualTo(303);
        assertThat(server.signInDelays).containsExactly(seconds(4));
        assertThat(server.browserFrom(OWN_ADDRESS).signIn(clinic.slug(), "reception", WebFixture.password("reception"))
                .statusCode()).isEqualTo(303);
        assertThat(server.signInDelays).as("another account is not slowed down").containsExactly(seconds(4));

        server.clock.advance(Duration.ofMinutes(5));
        server.signInDelays.clear();
        assertThat(server.browserFrom(OWN_ADDRESS).signIn(clinic.slug(), "admin", WebFixture.password("admin"))
                .statusCode()).isEqualTo(303);
        assertThat(server.signInDelays).as("gone minutes after the failures stop").isEmpty();
    }

    @Test
    void the_api_token_endpoint_waits_out_the_delay_too() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        String tokenPath = "/clinic/" + clinic.slug() + "/api/v1/auth/token";
        for (int address = 40; address < 52; address++) {
            assertThat(ApiClient.sendFrom("127.0.0." + address, server, "POST", tokenPath, null,
                    "{\"username\":\"doctor\",\"password\":\"guess\"}").statusCode()).isEqualTo(401);
        }
        server.signInDelays.clear();

        HttpResponse<String> doctor = ApiClient.sendFrom(OWN_ADDRESS, server, "POST", tokenPath, null,
                "{\"username\":\"doctor\",\"password\":\"" + WebFixture.password("doctor") + "\"}");
        assertThat(doctor.statusCode()).isEqualTo(200);
        assertThat(doctor.body()).contains("accessToken");
        assertThat(server.signInDelays).containsExactly(seconds(4));
        HttpResponse<String> guess = ApiClient.sendFrom("127.0.0.52", server, "POST", tokenPath, null,
                "{\"username\":\"doctor\",\"password\":\"guess\"}");
        assertThat(guess.statusCode()).as("a refusal thrown after the wait is answered as usual").isEqualTo(401);
        assertThat(guess.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    private static Duration seconds(long seconds) {
        return Duration.ofSeconds(seconds);
    }
}
