package io.santkrupa.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.db.Ids;
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
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR_NOTE;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST;
import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICAL_REPORT;
import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICINE;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PRESCRIPTION;
import static io.santkrupa.db.jooq.santkrupa.Tables.STORED_FILE;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
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
    private static final OffsetDateTime BASE = OffsetDateTime.of(2026, 3, 2, 9, 0, 0, 0, ZoneOffset.UTC);
    private static final AtomicInteger SEQ = new AtomicInteger(1000);

    private static TestDatabase db;
    private static WebTestServer server;
    /** The lists walked here, by route; a route may have several (another order). */
    private static final Map<String, Map<String, Consumer<Clinic>>> LISTS = new LinkedHashMap<>();

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
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
        list(p + "/patients", "patients found by name: same names broken by id", c -> {
            List<Row> rows = Paging.rows(LIMIT, Order.ASCENDING, "");
            String last = "Pgl" + letters(SEQ.incrementAndGet());
            insert(c, tx -> Paging.shuffled(rows).forEach(r ->
                    patient(tx, c, r.id(), "Pg" + letters(r.rank()), last, "+91 98200 55555")));
            walk(c, "/patients?q=" + last, Role.RECEPTIONIST, Paging.ids(rows));
        });
        list(p + "/patients", "patients found by phone: same numbers broken by id", c -> {
            List<Row> rows = Paging.rows(LIMIT, Order.ASCENDING, "");
            insert(c, tx -> Paging.shuffled(rows).forEach(r ->
                    patient(tx, c, r.id(), "Phone", "Pg" + letters(r.rank()), "+91 97300 1%04d".formatted(r.rank()))));
            walk(c, "/patients?q=9197300", Role.RECEPTIONIST, Paging.ids(rows));
        });
        list(p + "/visits", "a day's queue, by token (unique for a doctor and day: no ties)", c -> {
            List<Row> rows = Paging.rows(LIMIT, Order.ASCENDING, "");
            UUID doctor = doctor(c, "Dr Queue");
            UUID patient = newPatient(c);
            insert(c, tx -> {
                for (Row r : Paging.shuffled(rows)) {
                    visit(tx, c, r.id(), patient, doctor, OffsetDateTime.now(server.clock), rows.indexOf(r) + 1, "");
                }
            });
            walk(c, "/visits?doctorId=" + doctor, Role.RECEPTIONIST, Paging.ids(rows));
        });

        // a patient's record, as staff read it and as the patient reads their own
        for (boolean own : new boolean[] {false, true}) {
            String base = own ? p + "/my-record" : p + "/patients/{patientId}";
            list(base + "/visits", "visits, newest check-in first", c -> {
                List<Row> rows = Paging.rows(LIMIT, Order.NEWEST_FIRST, "");
                UUID patient = newPatient(c);
                insert(c, tx -> Paging.shuffled(rows).forEach(r ->
                        visit(tx, c, r.id(), patient, c.row("doctor"), newest(r), SEQ.incrementAndGet(), "")));
                walkRecord(c, patient, own, "/visits", Paging.ids(rows));
            });
            list(base + "/prescriptions", "prescriptions, newest first", c -> {
                List<Row> rows = Paging.rows(LIMIT, Order.NEWEST_FIRST, "");
                UUID patient = newPatient(c);
                insert(c, tx -> Paging.shuffled(rows).forEach(r -> prescription(tx, c, r.id(), patient, newest(r), "")));
                walkRecord(c, patient, own, "/prescriptions", Paging.ids(rows));
            });
            list(base + "/test-reports", "completed tests, newest completion first", c -> {
                List<Row> rows = Paging.rows(LIMIT, Order.NEWEST_FIRST, "");
                UUID patient = newPatient(c);
                insert(c, tx -> Paging.shuffled(rows).forEach(r ->
                        order(tx, c, r.id(), patient, newest(r), "completed", "")));
                walkRecord(c, patient, own, "/test-reports", Paging.ids(rows));
            });
        }
        list(p + "/patients/{patientId}/documents", "documents, newest upload first", c -> {
            List<Row> rows = Paging.rows(LIMIT, Order.NEWEST_FIRST, "");
            UUID patient = newPatient(c);
            insert(c, tx -> Paging.shuffled(rows).forEach(r -> document(tx, c, r.id(), patient, newest(r), "")));
            walkRecord(c, patient, false, "/documents", Paging.ids(rows));
        });
        list(p + "/my-record/notes", "a patient's own notes, newest first", c -> {
            List<Row> rows = Paging.rows(LIMIT, Order.NEWEST_FIRST, "");
            UUID patient = newPatient(c);
            insert(c, tx -> Paging.shuffled(rows).forEach(r -> note(tx, c, r.id(), patient, newest(r), "")));
            walkRecord(c, patient, true, "/notes", Paging.ids(rows));
        });

        // the catalogs
        list(p + "/doctors", "active doctors by name: same names broken by id", c -> {
            List<Row> rows = Paging.rows(LIMIT, Order.ASCENDING, "");
            insert(c, tx -> {
                tx.update(DOCTOR).set(DOCTOR.IS_ACTIVE, false).where(DOCTOR.CLINIC_ID.eq(c.id().value())).execute();
                Paging.shuffled(rows).forEach(r -> doctor(tx, c, r.id(), "Dr Pg" + letters(r.rank())));
            });
            walk(c, "/doctors", Role.RECEPTIONIST, Paging.ids(rows));
        });
        list(p + "/medicines", "medicines by name, then form: same names broken by form", c -> {
            List<Row> rows = Paging.rows(LIMIT, Order.ASCENDING, "");
            List<String> forms = List.of("capsule", "drops", "syrup", "tablet");
            insert(c, tx -> {
                for (Row r : Paging.shuffled(rows)) {
                    int within = (int) rows.stream().filter(o -> o.rank() == r.rank() && rows.indexOf(o) < rows.indexOf(r)).count();
                    tx.insertInto(MEDICINE).set(MEDICINE.CLINIC_ID, c.id().value()).set(MEDICINE.ID, r.id())
                            .set(MEDICINE.NAME, "Pgmed" + letters(r.rank())).set(MEDICINE.FORM, forms.get(within))
                            .set(MEDICINE.STRENGTH, "10 mg").execute();
                }
            });
            walk(c, "/medicines?q=pgmed", Role.DOCTOR, Paging.ids(rows));
        });
        list(p + "/tests", "lab tests by name (unique in a clinic: no ties)", c -> {
            List<Row> rows = Paging.rows(LIMIT, Order.ASCENDING, "");
            insert(c, tx -> Paging.shuffled(rows).forEach(r -> tx.insertInto(LAB_TEST)
                    .set(LAB_TEST.CLINIC_ID, c.id().value()).set(LAB_TEST.ID, r.id())
                    .set(LAB_TEST.CODE, "PG" + rows.indexOf(r)).set(LAB_TEST.NAME, "Pgtest " + letters(rows.indexOf(r)))
                    .execute()));
            walk(c, "/tests?q=pgtest", Role.DOCTOR, Paging.ids(rows));
        });
        list(p + "/test-orders", "the lab's work list, oldest order first", c -> {
            List<Row> rows = Paging.rows(LIMIT, Order.ASCENDING, "");
            insert(c, tx -> Paging.shuffled(rows).forEach(r ->
                    order(tx, c, r.id(), c.row("patient"), BASE.plusMinutes(r.rank()), "ordered", "")));
            walk(c, "/test-orders", Role.LAB_TECHNICIAN, Paging.ids(rows));
        });
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
        insert(c, tx -> tx.update(APP_USER).set(APP_USER.PATIENT_ID, patient)
                .where(APP_USER.CLINIC_ID.eq(c.id().value()), APP_USER.ID.eq(login)).execute());
        String token = server.accessTokens.issue(new Principal(c.id(), login, "asha", Role.PATIENT, patient));
        walk(c, "/my-record" + list, token, expected);
    }

    // ---- seeding, straight into the tables ----

    private static void insert(Clinic c, Consumer<DSLContext> work) {
        db.tenants().inClinic(c.id(), tx -> {
            work.accept(tx);
            return null;
        });
    }

    /** The time of a row of a newest-first list: rank 0 is the newest. */
    private static OffsetDateTime newest(Row r) {
        return BASE.minusMinutes(r.rank());
    }

    /** Lower-case letters that sort as {@code n} does: aaa, aab, ... */
    static String letters(int n) {
        char[] out = new char[3];
        for (int i = 2; i >= 0; i--) {
            out[i] = (char) ('a' + n % 26);
            n /= 26;
        }
        return new String(out);
    }

    private static UUID newPatient(Clinic c) {
        UUID id = Ids.newId();
        insert(c, tx -> patient(tx, c, id, "Record", "Holder", "+91 98200 66666"));
        return id;
    }

    private static void patient(DSLContext tx, Clinic c, UUID id, String first, String last, String phone) {
        tx.insertInto(PATIENT).set(PATIENT.CLINIC_ID, c.id().value()).set(PATIENT.ID, id)
                .set(PATIENT.CODE, "PT-" + c.code() + "-2020-" + SEQ.incrementAndGet())
                .set(PATIENT.FIRST_NAME, first).set(PATIENT.LAST_NAME, last).set(PATIENT.PHONE, phone)
                .execute();
    }

    private static UUID doctor(Clinic c, String name) {
        UUID id = Ids.newId();
        insert(c, tx -> doctor(tx, c, id, name));
        return id;
    }

    private static void doctor(DSLContext tx, Clinic c, UUID id, String name) {
        UUID user = Ids.newId();
        tx.insertInto(APP_USER).set(APP_USER.CLINIC_ID, c.id().value()).set(APP_USER.ID, user)
                .set(APP_USER.USERNAME, "dr" + SEQ.incrementAndGet()).set(APP_USER.PASSWORD_HASH, "not-a-real-hash")
                .set(APP_USER.ROLE, "doctor").set(APP_USER.FULL_NAME, name).execute();
        tx.insertInto(DOCTOR).set(DOCTOR.CLINIC_ID, c.id().value()).set(DOCTOR.ID, id).set(DOCTOR.USER_ID, user)
                .set(DOCTOR.LICENSE_NUMBER, "LIC-" + id).execute();
    }

    static void visit(DSLContext tx, Clinic c, UUID id, UUID patient, UUID doctor, OffsetDateTime at, int token,
                      String reason) {
        tx.insertInto(PATIENT_VISIT).set(PATIENT_VISIT.CLINIC_ID, c.id().value()).set(PATIENT_VISIT.ID, id)
                .set(PATIENT_VISIT.PATIENT_ID, patient).set(PATIENT_VISIT.DOCTOR_ID, doctor)
                .set(PATIENT_VISIT.VISIT_DATE, at.toLocalDate()).set(PATIENT_VISIT.TOKEN_NUMBER, token)
                .set(PATIENT_VISIT.STATUS, "completed").set(PATIENT_VISIT.REASON, reason)
                .set(PATIENT_VISIT.CHECKED_IN_AT, at).set(PATIENT_VISIT.STARTED_AT, at).set(PATIENT_VISIT.ENDED_AT, at)
                .execute();
    }

    private static void prescription(DSLContext tx, Clinic c, UUID id, UUID patient, OffsetDateTime at, String advice) {
        tx.insertInto(PRESCRIPTION).set(PRESCRIPTION.CLINIC_ID, c.id().value()).set(PRESCRIPTION.ID, id)
                .set(PRESCRIPTION.PATIENT_ID, patient).set(PRESCRIPTION.DOCTOR_ID, c.row("doctor"))
                .set(PRESCRIPTION.PRESCRIBED_AT, at).set(PRESCRIPTION.ADVICE, advice)
                .execute();
    }

    private static void order(DSLContext tx, Clinic c, UUID id, UUID patient, OffsetDateTime at, String status,
                              String remarks) {
        boolean completed = status.equals("completed");
        tx.insertInto(TEST_ORDER).set(TEST_ORDER.CLINIC_ID, c.id().value()).set(TEST_ORDER.ID, id)
                .set(TEST_ORDER.PATIENT_ID, patient).set(TEST_ORDER.LAB_TEST_ID, c.row("lab_test"))
                .set(TEST_ORDER.ORDERED_BY, c.row("doctor")).set(TEST_ORDER.STATUS, status)
                .set(TEST_ORDER.ORDERED_AT, completed ? at.minusHours(1) : at)
                .set(TEST_ORDER.SAMPLE_COLLECTED_AT, completed ? at : null)
                .set(TEST_ORDER.COMPLETED_AT, completed ? at : null).set(TEST_ORDER.REMARKS, remarks)
                .execute();
    }

    private static void document(DSLContext tx, Clinic c, UUID id, UUID patient, OffsetDateTime at, String title) {
        UUID file = Ids.newId();
        byte[] content = ("%PDF-1.4\n% " + id + "\n").getBytes(StandardCharsets.US_ASCII);
        tx.insertInto(STORED_FILE).set(STORED_FILE.CLINIC_ID, c.id().value()).set(STORED_FILE.ID, file)
                .set(STORED_FILE.FILE_NAME, "scan.pdf").set(STORED_FILE.CONTENT_TYPE, "application/pdf")
                .set(STORED_FILE.SIZE_BYTES, content.length).set(STORED_FILE.SHA256, ClinicFixture.sha256(content))
                .set(STORED_FILE.CONTENT, content).set(STORED_FILE.UPLOADED_BY, c.row("app_user"))
                .execute();
        tx.insertInto(MEDICAL_REPORT).set(MEDICAL_REPORT.CLINIC_ID, c.id().value()).set(MEDICAL_REPORT.ID, id)
                .set(MEDICAL_REPORT.PATIENT_ID, patient).set(MEDICAL_REPORT.FILE_ID, file)
                .set(MEDICAL_REPORT.TITLE, title.isEmpty() ? "Scan" : title).set(MEDICAL_REPORT.REPORT_TYPE, "imaging")
                .set(MEDICAL_REPORT.UPLOADED_BY, c.row("app_user")).set(MEDICAL_REPORT.UPLOADED_AT, at)
                .execute();
    }

    /** A note, with the (completed) visit it belongs to. */
    static void note(DSLContext tx, Clinic c, UUID id, UUID patient, OffsetDateTime at, String diagnosis) {
        UUID visit = Ids.newId();
        visit(tx, c, visit, patient, c.row("doctor"), at, SEQ.incrementAndGet(), "");
        tx.insertInto(DOCTOR_NOTE).set(DOCTOR_NOTE.CLINIC_ID, c.id().value()).set(DOCTOR_NOTE.ID, id)
                .set(DOCTOR_NOTE.VISIT_ID, visit).set(DOCTOR_NOTE.PATIENT_ID, patient)
                .set(DOCTOR_NOTE.DOCTOR_ID, c.row("doctor")).set(DOCTOR_NOTE.DIAGNOSIS, diagnosis.isEmpty() ? "Fever" : diagnosis)
                .set(DOCTOR_NOTE.CREATED_AT, at)
                .execute();
    }
}
