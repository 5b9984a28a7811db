package io.santkrupa.web;

import io.santkrupa.platform.PlatformAccess;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.PlatformConsoleFixture;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import io.santkrupa.web.Routes.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Walks every {@code /platform} route Javalin has registered (a new console route is covered
 * without editing this test): each declares exactly one PlatformAccess; nobody signed in, and a
 * clinic's own signed-in admin, get the platform's sign-in instead of the page; a signed-in super
 * admin's state-changing form without the session's CSRF token is refused and changes nothing;
 * nothing answers with a server error.
 */
@ExtendWith(TestDatabaseExtension.class)
class PlatformRouteWalkerTest {

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;
    private static TestBrowser clinicAdmin;
    private static TestBrowser superAdmin;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        clinicAdmin = ApiClient.signedIn(server, clinic, Role.CLINIC_ADMIN);
        superAdmin = PlatformConsoleFixture.signedIn(server, db).browser();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<Route> platformRoutes() {
        return Routes.of(server.app()).stream()
                .filter(r -> r.path().equals("/platform") || r.path().startsWith("/platform/")).toList();
    }

    @TestFactory
    Stream<DynamicContainer> every_platform_route_keeps_its_stage_and_its_csrf() {
        List<Route> routes = platformRoutes();
        assertThat(routes).extracting(Route::toString).contains("GET /platform", "POST /platform/clinics",
                "GET /platform/clinics/{slug}", "POST /platform/clinics/{slug}/status", "GET /platform/audit",
                "POST /platform/clinics/{slug}/export", "POST /platform/clinics/{slug}/offboard");
        return routes.stream().map(route -> dynamicContainer(route.toString(), List.of(
                dynamicTest("declares exactly one PlatformAccess", () -> access(route)),
                dynamicTest("refuses anonymous callers and clinic sessions", () -> outsiders(route)),
                dynamicTest("refuses a signed-in super admin's form without its CSRF token", () -> forgedForm(route)))));
    }

    private static PlatformAccess access(Route route) {
        Set<?> roles = route.roles();
        assertThat(roles).as(route + " roles").hasSize(1);
        assertThat(roles.iterator().next()).as(route + " role").isInstanceOf(PlatformAccess.class);
        return (PlatformAccess) roles.iterator().next();
    }

    private static String path(Route route) {
        return route.concrete(clinic.slug(), name -> name.equals("slug") ? clinic.slug() : "x");
    }

    private static void outsiders(Route route) {
        PlatformAccess access = access(route);
        for (var cookies : List.of(Map.<String, String>of(), clinicAdmin.cookies)) {
            HttpResponse<String> response = ApiClient.page(server, route.method().name(), path(route), cookies, Map.of());
            String what = route + (cookies.isEmpty() ? " anonymous" : " with a clinic session") + " -> "
                    + response.statusCode() + " " + response.body();
            assertThat(response.statusCode()).as(what).isLessThan(500);
            if (access == PlatformAccess.PUBLIC) {
                assertThat(response.statusCode()).as(what).isIn(200, 403, 429);
            } else {
                assertThat(response.statusCode()).as(what).isEqualTo(303);
                assertThat(response.headers().firstValue("Location")).as(what)
                        .hasValueSatisfying(location -> assertThat(location).startsWith("/platform/login"));
            }
            assertThat(response.body()).as(what).doesNotContain(clinic.code());
        }
    }

    private static void forgedForm(Route route) {
        if (!route.method().name().equals("POST") || access(route) != PlatformAccess.SIGNED_IN) {
            return;
        }
        String before = db.platform().run(tx -> tx.select(CLINIC.SUBSCRIPTION_STATUS, CLINIC.MAX_DOCTORS, CLINIC.VERSION)
                .from(CLINIC).where(CLINIC.ID.eq(clinic.id().value())).fetchSingle().formatCSV(false));
        for (String token : new String[] {null, "", "forged"}) {
            Map<String, String> form = new java.util.HashMap<>(Map.of("subscription_status", "suspended",
                    "reason", "forged", "max_doctors", "0", "max_patients", "0", "max_receptionists", "0"));
            form.put("_csrf", token);
            HttpResponse<String> response = superAdmin.post(path(route), form);
            assertThat(response.statusCode()).as(route + " with _csrf " + token).isEqualTo(403);
        }
        String after = db.platform().run(tx -> tx.select(CLINIC.SUBSCRIPTION_STATUS, CLINIC.MAX_DOCTORS, CLINIC.VERSION)
                .from(CLINIC).where(CLINIC.ID.eq(clinic.id().value())).fetchSingle().formatCSV(false));
        assertThat(after).as(route + ": nothing changed").isEqualTo(before);
    }
}
