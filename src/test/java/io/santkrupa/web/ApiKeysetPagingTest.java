package io.santkrupa.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.Paging;
import io.santkrupa.testing.Paging.Order;
import io.santkrupa.testing.Paging.Row;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebTestServer;
import io.santkrupa.web.Routes.Route;
import io.santkrupa.web.auth.Permission;
import io.santkrupa.web.auth.PermissionMatrix;
import io.santkrupa.web.auth.Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST;
import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICINE;
import static io.santkrupa.web.RecordSeeds.letters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Every keyset-paged list of the API, walked page by page through its own {@code next}: the
 * pages are disjoint, each full but the last, and together every row of the list in its order.
 * Each list is seeded in a clinic of its own so that two rows with the same sort key (the same
 * time, the same name, the same phone) sit on either side of every page boundary, with ids
 * that only a tie-breaker puts in order, inserted in random order. A cursor that is ignored,
 * a boundary row taken twice or skipped, a tie-breaker dropped: each fails here. A list added
 * to the API is noticed: every GET route answering {@code {"items", "next"}} must be walked here.
 */
@ExtendWith(TestDatabaseExtension.class)
class ApiKeysetPagingTest {

    private static final int LIMIT = 4;

    private static TestDatabase db;
    private static RecordSeeds seeds;
    private static WebTestServer server;
    /** The lists walked here, by route; a route may have several (another order). */
    private static final Map<String, Map<String, Consumer<Clinic>>> LISTS = new LinkedHashMap<>();

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        seeds = new RecordSeeds(db);
        lists();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void list(String route, String name, Consumer<Clinic> walk) {
        LISTS.computeIfAbsent(route, r -> new LinkedHashMap<>()).put(name, walk);
    }

    private static void lists() {
        String p = "GET /clinic/{slug}/api/v1";
        list(p + "/patients", "patients found by name: the same names broken by id", c -> {
            List<Row> rows = Paging.rows(LIMIT, Order.ASCENDING, "R");
            String last = "Pgl" + letters(RecordSeeds.next());
            seeds.patients(c, rows, r -> "Pg" + letters(r.rank()), r -> last, r -> "+91 98200 55555");
            walk(c, "/patients?q=" + last, Role.RECEPTIONIST, Paging.ids(rows));
        });
        list(p + "/patients", "patients found by the first digits of their phone: the same numbers broken by id", c -> {
            List<Row> rows = Paging.rows(LIMIT, Order.ASCENDING, "R");
            seeds.patients(c, rows, r -> "Phone", r -> "Pg" + letters(r.rank()), r -> "+9197300%05d".formatted(r.rank()));
            walk(c, "/patients?q=%2B91%2097300", Role.RECEPTIONIST, Paging.ids(rows));
        });
        list(p + "/patients", "patients found by the last digits of their phone: the same numbers broken by id", c -> {
            List<Row> rows = Paging.rows(LIMIT, Order.ASCENDING, "R");
            // the list's key is the number's digits reversed: the rank, reversed, just before the common ending
            seeds.patients(c, rows, r -> "Phone", r -> "Pg" + letters(r.rank()),
                    r -> "+919" + new StringBuilder("%04d".formatted(r.rank())).reverse() + "77310");
            walk(c, "/patients?q=77310", Role.RECEPTIONIST, Paging.ids(rows));
        });
        list(p + "/visits", "a day's queue, by token (unique for a doctor and day: no ties)", c -> {
            List<Row> rows = Paging.rows(LIMIT, Order.ASCENDING, "R");
            UUID doctor = seeds.doctor(c, "Dr Queue");
            seeds.visits(c, seeds.newPatient(c), doctor, rows, r -> OffsetDateTime.now(server.clock),
                    r -> rows.indexOf(r) + 1);
            walk(c, "/visits?doctorId=" + doctor, Role.RECEPTIONIST, Paging.ids(rows));
        });

        // a patient's record, as staff read it and as the patient reads their own
        for (boolean own : new boolean[] {false, true}) {
            String record = own ? p + "/my-record" : p + "/patients/{patientId}";
            list(record + "/visits", "visits, newest check-in first", c -> {
                List<Row> rows = Paging.rows(LIMIT, Order.NEWEST_FIRST, "R");
                UUID patient = seeds.newPatient(c);
                seeds.visits(c, patient, rows, RecordSeeds::newest);
                walkRecord(c, patient, own, "/visits", Paging.ids(rows));
            });
            list(record + "/prescriptions", "prescriptions, newest first", c -> {
                List<Row> rows = Paging.rows(LIMIT, Order.NEWEST_FIRST, "R");
                UUID patient = seeds.newPatient(c);
                seeds.prescriptions(c, patient, rows, RecordSeeds::newest);
                walkRecord(c, patient, own, "/prescriptions", Paging.ids(rows));
            });
            list(record + "/test-reports", "completed tests, newest completion first", c -> {
                List<Row> rows = Paging.rows(LIMIT, Order.NEWEST_FIRST, "R");
                UUID patient = seeds.newPatient(c);
                seeds.completedOrders(c, patient, rows, RecordSeeds::newest);
                walkRecord(c, patient, own, "/test-reports", Paging.ids(rows));
            });
            list(record + "/documents", "documents, newest upload first", c -> {
                List<Row> rows = Paging.rows(LIMIT, Order.NEWEST_FIRST, "R");
                UUID patient = seeds.newPatient(c);
                seeds.documents(c, patient, rows, RecordSeeds::newest);
                walkRecord(c, patient, own, "/documents", Paging.ids(rows));
            });
        }
        list(p + "/my-record/notes", "a patient's own notes, newest first", c -> {
            List<Row> rows = Paging.rows(LIMIT, Order.NEWEST_FIRST, "R");
            UUID patient = seeds.newPatient(c);
            seeds.notes(c, patient, rows, RecordSeeds::newest);
            walkRecord(c, patient, true, "/notes", Paging.ids(rows));
        });

        // the catalogs and the lab's work list
        list(p + "/doctors", "active doctors by name: the same names broken by id", c -> {
            List<Row> rows = Paging.rows(LIMIT, Order.ASCENDING, "R");
            seeds.insert(c, tx -> tx.update(DOCTOR).set(DOCTOR.IS_ACTIVE, false)
                    .where(DOCTOR.CLINIC_ID.eq(c.id().value())).execute());
            seeds.doctors(c, rows, r -> "Dr Pg" + letters(r.rank()));
            walk(c, "/doctors", Role.RECEPTIONIST, Paging.ids(rows));
        });
        list(p + "/medicines", "medicines by name, then form: the same names broken by form", c -> {
            List<Row> rows = Paging.rows(LIMIT, Order.ASCENDING, "R");
            List<String> forms = List.of("capsule", "drops", "syrup", "tablet");
            seeds.insert(c, tx -> Paging.shuffled(rows).forEach(r -> tx.insertInto(MEDICINE)
                    .set(MEDICINE.CLINIC_ID, c.id().value()).set(MEDICINE.ID, r.id())
                    .set(MEDICINE.NAME, "Pgmed" + letters(r.rank())).set(MEDICINE.FORM, forms.get(placeInRank(rows, r)))
                    .set(MEDICINE.STRENGTH, "10 mg").execute()));
            walk(c, "/medicines?q=pgmed", Role.DOCTOR, Paging.ids(rows));
        });
        list(p + "/tests", "lab tests by name (unique in a clinic: no ties)", c -> {
            List<Row> rows = Paging.rows(LIMIT, Order.ASCENDING, "R");
            seeds.insert(c, tx -> Paging.shuffled(rows).forEach(r -> tx.insertInto(LAB_TEST)
                    .set(LAB_TEST.CLINIC_ID, c.id().value()).set(LAB_TEST.ID, r.id()).set(LAB_TEST.CODE, r.marker())
                    .set(LAB_TEST.NAME, "Pgtest " + letters(rows.indexOf(r))).execute()));
            walk(c, "/tests?q=pgtest", Role.DOCTOR, Paging.ids(rows));
        });
        list(p + "/test-orders", "the lab's work list, oldest order first", c -> {
            List<Row> rows = Paging.rows(LIMIT, Order.ASCENDING, "R");
            seeds.openOrders(c, c.row("patient"), rows, RecordSeeds::oldest);
            walk(c, "/test-orders", Role.LAB_TECHNICIAN, Paging.ids(rows));
        });
    }

    /** How many rows of the same rank come before {@code row} in the list. */
    static int placeInRank(List<Row> rows, Row row) {
        return (int) rows.stream().filter(o -> o.rank() == row.rank() && rows.indexOf(o) < rows.indexOf(row)).count();
    }

    @TestFactory
    Stream<DynamicTest> every_api_list_pages_disjointly_through_every_row_in_order_with_ties_across_page_boundaries() {
        return LISTS.entrySet().stream().flatMap(route -> route.getValue().entrySet().stream()
                .map(list -> dynamicTest(route.getKey() + ": " + list.getKey(),
                        () -> list.getValue().accept(ClinicFixture.create(db)))));
    }

    @Test
    void every_paged_list_of_the_api_is_walked_here() {
        Clinic clinic = ClinicFixture.create(db);
        List<String> paged = new ArrayList<>();
        for (Route route : Routes.clinicRoutes(server.app())) {
            if (!route.isApi() || !route.isGet() || route.permission() == Permission.PUBLIC) {
                continue;
            }
            Role role = Arrays.stream(Role.values()).filter(r -> PermissionMatrix.allows(r, route.permission()))
                    .findFirst().orElseThrow();
            String path = route.concrete(clinic.slug(), name -> clinic.row(Routes.tableOf(name)).toString());
            HttpResponse<String> response = ApiClient.get(server, path, ApiClient.token(server, db, clinic, role));
            if (response.statusCode() == 200 && response.headers().firstValue("Content-Type").orElse("").contains("json")) {
                JsonNode body = ApiClient.json(response);
                if (body.isObject() && body.has("items") && body.has("next")) {
                    paged.add(route.toString());
                }
            }
        }
        assertThat(paged).as("paged lists of the API").hasSizeGreaterThanOrEqualTo(14);
        assertThat(LISTS.keySet()).as("the lists this test walks").containsAll(paged);
    }

    // ---- walking ----

    private static void walk(Clinic c, String rest, Role role, List<String> expected) {
        walk(c, rest, ApiClient.token(server, db, c, role), expected);
    }

    private static void walk(Clinic c, String rest, String token, List<String> expected) {
        String path = "/clinic/" + c.slug() + "/api/v1" + rest + (rest.contains("?") ? "&" : "?") + "limit=" + LIMIT;
        List<List<String>> pages = Paging.apiPages(server, path, token, expected.size() / LIMIT + 3);
        Paging.assertPaged(path, pages, expected, LIMIT);
    }

    /** A patient's record list: as a doctor reads it, or as the patient (the fixture's patient login, linked to them). */
    private static void walkRecord(Clinic c, UUID patient, boolean own, String list, List<String> expected) {
        if (!own) {
            walk(c, "/patients/" + patient + list, Role.DOCTOR, expected);
            return;
        }
        UUID login = ApiClient.userId(db, c.id(), "asha");
        seeds.insert(c, tx -> tx.update(APP_USER).set(APP_USER.PATIENT_ID, patient)
                .where(APP_USER.CLINIC_ID.eq(c.id().value()), APP_USER.ID.eq(login)).execute());
        String token = server.accessTokens.issue(new Principal(c.id(), login, "asha", Role.PATIENT, patient));
        walk(c, "/my-record" + list, token, expected);
    }
}
