package io.santkrupa.web;

import io.santkrupa.testing.ApiClient;

import io.santkrupa.staff.Role;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import io.santkrupa.web.Routes.Route;
import io.santkrupa.web.auth.Permission;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Walks every route the application registered -- read from Javalin's router, so a route added
 * to {@link WebApp} later is walked without editing this test -- and checks the tenant wall on
 * each: a {@code /clinic/{slug}} route declares exactly one Permission; clinic B's sessions and
 * tokens on clinic A's URLs (with B's row ids as path parameters) get the unknown-clinic 404 and
 * neither clinic's data; anonymous callers are sent to A's login page (pages) or get a 401
 * problem (API); nothing answers with a server error.
 */
@ExtendWith(TestDatabaseExtension.class)
class RouteWalkerTest {

    private static final String SESSION_COOKIE = "santkrupa_session";

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinicA;
    private static Clinic clinicB;
    /** B's signed-in users: the pages' principals of another clinic. */
    private static final Map<Role, TestBrowser> B_BROWSERS = new LinkedHashMap<>();
    /** B's access tokens: the API's principals of another clinic. */
    private static final Map<Role, String> B_TOKENS = new LinkedHashMap<>();

    @BeforeAll
    static void startServerWithTwoClinics(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinicA = WebFixture.clinicWithLogins(db, server.hasher);
        clinicB = WebFixture.clinicWithLogins(db, server.hasher);
        for (Role role : List.of(Role.CLINIC_ADMIN, Role.DOCTOR)) {
            B_BROWSERS.put(role, ApiClient.signedIn(server, clinicB, role));
            B_TOKENS.put(role, ApiClient.token(server, db, clinicB, role));
        }
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void the_walker_sees_every_route_of_the_route_table() {
        List<Route> all = Routes.of(server.app());
        List<Route> clinic = Routes.clinicRoutes(server.app());

        assertThat(clinic).as("clinic routes found in Javalin's router").hasSizeGreaterThanOrEqualTo(10);
        assertThat(all).extracting(Route::toString).contains(
                "GET /", "GET /health/live", "GET /health/ready", "GET /login", "POST /login", "POST /logout",
                "GET /clinic/{slug}/login", "POST /clinic/{slug}/login", "POST /clinic/{slug}/logout",
                "GET /clinic/{slug}", "GET /clinic/{slug}/patients", "GET /clinic/{slug}/patients/{patientId}",
                "GET /clinic/{slug}/my-record", "GET /clinic/{slug}/audit",
                "POST /clinic/{slug}/api/v1/auth/token", "POST /clinic/{slug}/api/v1/auth/refresh",
                "POST /clinic/{slug}/api/v1/auth/logout", "GET /clinic/{slug}/api/v1/me",
                "GET /clinic/{slug}/api/v1/patients/{patientId}");
        assertThat(all).as("filters (before/after) are not routes").extracting(r -> r.method().name())
                .isSubsetOf("GET", "POST", "PUT", "PATCH", "DELETE");
    }

    @Test
    void path_parameters_map_to_the_fixture_tables() {
        assertThat(Routes.tableOf("patientId")).isEqualTo("patient");
        assertThat(Routes.tableOf("labTestParameterId")).isEqualTo("lab_test_parameter");
        assertThat(Routes.tableOf("id")).isEqualTo("id");
        Route route = new Route(io.javalin.http.HandlerType.GET, "/clinic/{slug}/patients/{patientId}/notes/<noteId>", Set.of());
        assertThat(route.params()).containsExactly("patientId", "noteId");
        assertThat(route.concrete("x", name -> name + "!")).isEqualTo("/clinic/x/patients/patientId%21/notes/noteId%21");
    }

    @TestFactory
    Stream<DynamicContainer> every_clinic_route_keeps_the_tenant_wall() {
        List<Route> routes = Routes.clinicRoutes(server.app());
        assertThat(routes).as("clinic routes found in Javalin's router").hasSizeGreaterThanOrEqualTo(10);
        return routes.stream().map(route -> {
            boolean pub = route.roles().equals(Set.of(Permission.PUBLIC));
            List<DynamicTest> tests = new ArrayList<>();
            tests.add(dynamicTest("declares exactly one Permission", () -> declaresExactlyOnePermission(route)));
            tests.add(dynamicTest(pub
                            ? "gives a principal of another clinic none of this clinic's data"
                            : "answers a principal of another clinic exactly like an unknown clinic",
                    () -> principalsOfAnotherClinic(route)));
            tests.add(dynamicTest(pub
                            ? "answers an anonymous caller without a server error"
                            : route.isApi() ? "answers an anonymous caller 401 problem+json"
                              : "sends an anonymous caller to the clinic's login page",
                    () -> anonymous(route)));
            return dynamicContainer(route.toString(), tests);
        });
    }

    @TestFactory
    Stream<DynamicTest> routes_outside_any_clinic_never_answer_with_a_server_error() {
        List<Route> outside = Routes.of(server.app()).stream().filter(r -> !r.isClinic()).toList();
        assertThat(outside).as("routes outside /clinic").isNotEmpty();
        return outside.stream().map(route -> dynamicTest(route.toString(), () -> {
            String path = route.concrete("", name -> UUID.randomUUID().toString());
            HttpResponse<String> response = ApiClient.page(server, route.method().name(), path, Map.of(), Map.of());
            assertThat(response.statusCode()).as(route + " -> " + response.body()).isLessThan(500);
        }));
    }

    /**
     * The contract says a foreign session gets "exactly the same 404 as an unknown clinic". For
     * pages it does not: the 404 page of a known clinic's URL carries that clinic's navigation
     * link, the unknown clinic's does not -- so a signed-in user of one clinic can tell which
     * slugs exist. (The API's problem+json is identical; see the walker.)
     */
    @Test
    void a_foreign_session_gets_the_very_page_an_unknown_clinic_gets() {
        TestBrowser doctorB = B_BROWSERS.get(Role.DOCTOR);
        String id = UUID.randomUUID().toString();

        HttpResponse<String> known = ApiClient.page(server, "GET", "/clinic/" + clinicA.slug() + "/patients/" + id,
                doctorB.cookies, Map.of());
        HttpResponse<String> unknown = ApiClient.page(server, "GET", "/clinic/" + unknownSlug() + "/patients/" + id,
                doctorB.cookies, Map.of());

        assertThat(known.statusCode()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(known.body()).isEqualTo(unknown.body());
    }

    private static void declaresExactlyOnePermission(Route route) {
        assertThat(route.roles()).as(route + " must declare exactly one Permission").hasSize(1);
        assertThat(route.roles().iterator().next()).as(route + " must declare a Permission").isInstanceOf(Permission.class);
    }

    private static void principalsOfAnotherClinic(Route route) {
        boolean pub = route.permission() == Permission.PUBLIC;
        String path = pathOfA(route);
        SoftAssertions soft = new SoftAssertions();
        if (route.isApi()) {
            for (var token : B_TOKENS.entrySet()) {
                String who = "B's " + token.getKey() + " token on " + route.method() + " " + path;
                HttpResponse<String> response = ApiClient.send(server, route.method().name(), path, token.getValue(), "{}");
                checkForeign(soft, who, response, pub, List.of());
                if (!pub) {
                    HttpResponse<String> unknown = ApiClient.send(server, route.method().name(),
                            path.replaceFirst("^/clinic/[^/]+", "/clinic/" + unknownSlug()), token.getValue(), "{}");
                    soft.assertThat(response.body()).as(who + ": the body of an unknown clinic").isEqualTo(unknown.body());
                    soft.assertThat(response.headers().firstValue("Content-Type")).as(who)
                            .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
                }
            }
        } else {
            for (var browser : B_BROWSERS.entrySet()) {
                String who = "B's " + browser.getKey() + " session on " + route.method() + " " + path;
                String csrf = browser.getValue().csrf();
                HttpResponse<String> response = ApiClient.page(server, route.method().name(), path,
                        browser.getValue().cookies, Map.of("_csrf", csrf));
                checkForeign(soft, who, response, pub, List.of(csrf, browser.getValue().cookies.get(SESSION_COOKIE)));
            }
        }
        soft.assertAll();
    }

    private static void checkForeign(SoftAssertions soft, String who, HttpResponse<String> response, boolean pub,
                                     List<String> secretsOfB) {
        if (pub) {
            soft.assertThat(response.statusCode()).as(who + " (public route)").isLessThan(500);
        } else {
            soft.assertThat(response.statusCode()).as(who + " -> " + response.body()).isEqualTo(404);
        }
        for (String data : dataOf(clinicA)) {
            soft.assertThat(response.body()).as(who + ": clinic A's data").doesNotContain(data);
        }
        for (String data : dataOf(clinicB)) {
            soft.assertThat(response.body()).as(who + ": clinic B's data").doesNotContain(data);
        }
        soft.assertThat(response.body()).as(who + ": B's slug").doesNotContain(clinicB.slug());
        for (String secret : secretsOfB) {
            soft.assertThat(response.body()).as(who + ": B's session secrets").doesNotContain(secret);
        }
    }

    private static void anonymous(Route route) {
        Permission permission = route.permission();
        String path = pathOfA(route);
        String method = route.method().name();
        HttpResponse<String> response = route.isApi()
                ? ApiClient.send(server, method, path, null, "")
                : ApiClient.page(server, method, path, Map.of(), Map.of());
        String what = "anonymous " + method + " " + path + " -> " + response.statusCode() + " " + response.body();
        assertThat(response.statusCode()).as(what).isLessThan(500);
        if (permission == Permission.PUBLIC) {
            if (route.isApi()) {
                assertThat(response.statusCode()).as(what).isIn(400, 401);
            } else if (route.isGet()) {
                assertThat(response.statusCode()).as(what).isEqualTo(200);
            } else {
                assertThat(response.statusCode()).as(what).isIn(200, 401, 403);
            }
        } else if (route.isApi()) {
            assertThat(response.statusCode()).as(what).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).as(what)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        } else {
            // a page goes back to itself after signing in; a form (sent here from no page) to the
            // clinic's home, never to its POST-only address (which would be "Not Found")
            String next = route.isGet() ? path : "/clinic/" + clinicA.slug() + "/";
            assertThat(response.statusCode()).as(what).isEqualTo(303);
            assertThat(response.headers().firstValue("Location")).as(what)
                    .hasValue("/clinic/" + clinicA.slug() + "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
        }
        for (String data : dataOf(clinicA)) {
            assertThat(response.body()).as(what + ": clinic A's data").doesNotContain(data);
        }
    }

    /** The route on clinic A's slug, every other path parameter the id of a row of clinic B. */
    private static String pathOfA(Route route) {
        return route.concrete(clinicA.slug(), name -> {
            UUID id = clinicB.rows().get(Routes.tableOf(name));
            return (id == null ? UUID.randomUUID() : id).toString();
        });
    }

    /** What a body must never show of a clinic: its name, its code and the id of every fixture row. */
    private static List<String> dataOf(Clinic clinic) {
        List<String> data = new ArrayList<>();
        data.add("Test Clinic " + clinic.slug().substring("test-".length()));
        data.add(clinic.code());
        clinic.rows().values().forEach(id -> data.add(id.toString()));
        return data;
    }

    private static String unknownSlug() {
        return "no-such-clinic-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
