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
import io.santkrupa.web.auth.PermissionMatrix;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT_REPEAT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Every role against every permission-guarded {@code /clinic} route, inside its own clinic:
 * what {@link PermissionMatrix} allows gets through the filter (neither 403 nor 404), what it
 * does not is refused with exactly 403 and the refusal audited (access.denied, naming the
 * permission). Pages are requested with a signed-in session, the API with an access token. Also
 * keeps the matrix in README.md in step with the code.
 */
@ExtendWith(TestDatabaseExtension.class)
class PermissionMatrixTest {

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinicA;
    private static final Map<Role, TestBrowser> BROWSERS = new EnumMap<>(Role.class);
    private static final Map<Role, String> TOKENS = new EnumMap<>(Role.class);

    @BeforeAll
    static void startServerWithAClinic(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinicA = WebFixture.clinicWithLogins(db, server.hasher);
        for (Role role : Role.values()) {
            BROWSERS.put(role, ApiClient.signedIn(server, clinicA, role));
            TOKENS.put(role, ApiClient.token(server, db, clinicA, role));
        }
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @TestFactory
    Stream<DynamicContainer> every_role_gets_exactly_what_the_matrix_grants_on_every_route() {
        List<Route> guarded = Routes.clinicRoutes(server.app()).stream()
                .filter(route -> !route.roles().equals(Set.of(Permission.PUBLIC)))
                .toList();
        assertThat(guarded).as("permission-guarded clinic routes").hasSizeGreaterThanOrEqualTo(7);
        return guarded.stream().map(route -> dynamicContainer(route.toString(), Arrays.stream(Role.values())
                .map(role -> {
                    Permission permission = route.permission();
                    boolean allowed = PermissionMatrix.allows(role, permission);
                    String name = role + (allowed ? " is let through (" : " is refused with 403 and audited (") + permission + ")";
                    return dynamicTest(name, () -> check(route, role, permission, allowed));
                })));
    }

    private static void check(Route route, Role role, Permission permission, boolean allowed) {
        String path = route.concrete(clinicA.slug(), name -> {
            UUID id = clinicA.rows().get(Routes.tableOf(name));
            return (id == null ? UUID.randomUUID() : id).toString();
        });
        int deniedBefore = denials(role, permission);
        HttpResponse<String> response = request(route, role, path);
        String what = role + " " + route.method() + " " + path + " (" + permission + ") -> "
                + response.statusCode() + " " + response.body();
        if (!allowed) {
            assertThat(response.statusCode()).as(what).isEqualTo(403);
            assertThat(denials(role, permission)).as(what + ": the refusal in the audit log").isEqualTo(deniedBefore + 1);
        } else if (route.isGet()) {
            // let through, and the page or resource actually works for that role
            assertThat(response.statusCode()).as(what).isEqualTo(200);
        } else if (route.isApi()) {
            assertThat(response.statusCode()).as(what).isNotIn(403, 404).isLessThan(500);
        } else if (permission == Permission.OWN_SESSION) {
            // the page's own requests: stay signed in (200), a draft without a form named (422)
            assertThat(response.statusCode()).as(what).isIn(200, 422);
        } else if (permission == Permission.SIGN_OUT) {
            // logout -- done, and sent on with a redirect
            assertThat(response.statusCode()).as(what).isEqualTo(303);
        } else {
            // any other form, posted here with nothing but its CSRF token: let through, and either done
            // (303) or sent back with its messages (422 invalid, 409 refused by the records' state)
            assertThat(response.statusCode()).as(what).isIn(303, 409, 422);
        }
    }

    /**
     * The clinic's audited refusals of {@code permission} to {@code role}: each event, and the
     * identical refusals after it that its repeat row counts (one event per window, V066).
     */
    private static int denials(Role role, Permission permission) {
        return db.tenants().inClinic(clinicA.id(), tx -> tx.select(DSL.coalesce(DSL.sum(
                        DSL.coalesce(AUDIT_EVENT_REPEAT.TIMES, DSL.inline(1))), DSL.inline(java.math.BigDecimal.ZERO)))
                .from(AUDIT_EVENT)
                .leftJoin(AUDIT_EVENT_REPEAT).on(AUDIT_EVENT_REPEAT.CLINIC_ID.eq(AUDIT_EVENT.CLINIC_ID),
                        AUDIT_EVENT_REPEAT.EVENT_ID.eq(AUDIT_EVENT.ID))
                .where(AUDIT_EVENT.CLINIC_ID.eq(clinicA.id().value()), AUDIT_EVENT.ACTION.eq("access.denied"),
                        AUDIT_EVENT.OUTCOME.eq("denied"), AUDIT_EVENT.ACTOR_ROLE.eq(role.dbValue()),
                        AUDIT_EVENT.DETAIL.startsWith(permission.name() + " needed: "))
                .fetchOne(0, Integer.class));
    }

    private static HttpResponse<String> request(Route route, Role role, String path) {
        String method = route.method().name();
        if (route.isApi()) {
            return ApiClient.send(server, method, path, TOKENS.get(role), route.isGet() ? null : "{}");
        }
        if (route.isGet()) {
            return ApiClient.page(server, method, path, BROWSERS.get(role).cookies, Map.of());
        }
        // a state-changing form may end the session (logout): a session of its own, not the shared one
        TestBrowser fresh = ApiClient.signedIn(server, clinicA, role);
        return ApiClient.page(server, method, path, fresh.cookies, Map.of("_csrf", fresh.csrf()));
    }

    @Test
    void the_clinic_admin_reads_an_audit_log_whose_events_name_records() {
        HttpResponse<String> response = ApiClient.page(server, "GET", "/clinic/" + clinicA.slug() + "/audit",
                BROWSERS.get(Role.CLINIC_ADMIN).cookies, Map.of());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        // ClinicFixture's audit event reads A's patient: its id is shown shortened
        assertThat(response.body()).contains(clinicA.row("patient").toString().substring(0, 8));
    }

    @Test
    void readme_shows_the_permission_matrix() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);

        assertThat(readme).contains("\n## Permission matrix\n");
        assertThat(readme).contains(permissionMatrixTable());
    }

    @Test
    void the_rendered_matrix_has_a_row_per_permission_and_a_column_per_role() {
        List<String> lines = permissionMatrixTable().lines().toList();

        assertThat(lines).hasSize(2 + Permission.values().length - 1);
        assertThat(lines.getFirst()).contains("Doctor").contains("Patient");
        assertThat(lines).filteredOn(line -> line.contains("`PUBLIC`")).isEmpty();
        assertThat(lines).filteredOn(line -> line.contains("`AUDIT_VIEW`")).singleElement()
                .isEqualTo("| `AUDIT_VIEW` | View the clinic's audit log | ✓ |  |  |  |  |");
    }

    /**
     * The README's table: one row per permission (PUBLIC aside, everyone holds it), one column
     * per role, ✓ where {@link PermissionMatrix} grants it.
     */
    static String permissionMatrixTable() {
        StringBuilder table = new StringBuilder();
        table.append("| permission | lets you | ")
                .append(Arrays.stream(Role.values()).map(Role::label).collect(Collectors.joining(" | ")))
                .append(" |\n");
        table.append("| --- | --- |").append(" :-: |".repeat(Role.values().length)).append('\n');
        for (Permission permission : Permission.values()) {
            if (permission == Permission.PUBLIC) {
                continue;
            }
            table.append("| `").append(permission.name()).append("` | ").append(permission.description()).append(" |");
            for (Role role : Role.values()) {
                table.append(PermissionMatrix.allows(role, permission) ? " ✓ |" : "  |");
            }
            table.append('\n');
        }
        return table.toString();
    }
}
