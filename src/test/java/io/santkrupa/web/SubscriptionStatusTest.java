package io.santkrupa.web;

import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.ClinicSnapshot;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Expired clinics read but do not write; suspended clinics show one page and nothing else. */
@ExtendWith(TestDatabaseExtension.class)
class SubscriptionStatusTest {

    private static WebTestServer server;
    private static TestDatabase db;

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
    void an_expired_clinic_can_be_read_and_signed_out_of_but_not_written() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        TestBrowser browser = server.browser();
        browser.signIn(clinic.slug(), "reception", WebFixture.password("reception"));
        setStatus(clinic, "expired");

        HttpResponse<String> dashboard = browser.get("/clinic/" + clinic.slug() + "/");
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).contains("subscription has expired");
        assertThat(browser.get("/clinic/" + clinic.slug() + "/patients/" + clinic.row("patient")).statusCode()).isEqualTo(200);
        String token = ApiClient.token(server, db, clinic, Role.RECEPTIONIST);
        assertThat(ApiClient.get(server, "/clinic/" + clinic.slug() + "/api/v1/patients/" + clinic.row("patient"), token)
                .statusCode()).isEqualTo(200);

        // not written: a page's form with its CSRF token, and the API, each refused with a reason; no row changes
        ClinicSnapshot before = ClinicSnapshot.of(db, clinic.id());
        HttpResponse<String> form = browser.post("/clinic/" + clinic.slug() + "/patients",
                Map.of("firstName", "Kavita", "lastName", "Joshi", "phone", "98200 12345"));
        assertThat(form.statusCode()).isEqualTo(403);
        assertThat(form.body()).contains("subscription has expired");
        HttpResponse<String> api = ApiClient.send(server, "POST", "/clinic/" + clinic.slug() + "/api/v1/patients", token,
                "{\"firstName\":\"Kavita\",\"lastName\":\"Joshi\",\"phone\":\"98200 12345\"}");
        assertThat(api.statusCode()).isEqualTo(403);
        assertThat(api.body()).contains("subscription has expired");
        assertThat(ClinicSnapshot.of(db, clinic.id()).changedSince(before)).isEmpty();

        HttpResponse<String> out = browser.post("/clinic/" + clinic.slug() + "/logout", Map.of());
        assertThat(out.statusCode()).as("signing out always works").isEqualTo(303);
    }

    @Test
    void a_suspended_clinic_shows_only_the_suspended_page() throws Exception {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        TestBrowser browser = server.browser();
        browser.signIn(clinic.slug(), "doctor", WebFixture.password("doctor"));
        setStatus(clinic, "suspended");

        for (String path : new String[] {"/", "/patients", "/patients/" + clinic.row("patient"), "/login"}) {
            HttpResponse<String> page = browser.get("/clinic/" + clinic.slug() + path);
            assertThat(page.statusCode()).as(path).isEqualTo(403);
            assertThat(page.body()).as(path).contains("This clinic is suspended").doesNotContain("Patil");
        }
        HttpResponse<String> api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.url("/clinic/" + clinic.slug() + "/api/v1/auth/token")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"doctor\",\"password\":\""
                        + WebFixture.password("doctor") + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(403);
        assertThat(api.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(api.body()).doesNotContain("accessToken");
    }

    @Test
    void health_endpoints_answer_without_a_clinic() {
        assertThat(server.browser().get("/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = server.browser().get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("ok");
    }

    private static void setStatus(Clinic clinic, String status) {
        PlatformFixture.setStatus(db, clinic, status);
    }
}
