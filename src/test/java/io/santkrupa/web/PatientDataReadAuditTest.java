package io.santkrupa.web;

import io.santkrupa.audit.AuditWords;
import io.santkrupa.db.Ids;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import io.santkrupa.web.Routes.Route;
import io.santkrupa.web.auth.Permission;
import io.santkrupa.web.auth.PermissionMatrix;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jooq.impl.DSL;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT_PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR_NOTE;
import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICAL_REPORT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PRESCRIPTION;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static io.santkrupa.web.auth.Permission.ANALYTICS_VIEW;
import static io.santkrupa.web.auth.Permission.AUDIT_VIEW;
import static io.santkrupa.web.auth.Permission.CATALOG_MANAGE;
import static io.santkrupa.web.auth.Permission.CATALOG_READ;
import static io.santkrupa.web.auth.Permission.CLINIC_SETTINGS;
import static io.santkrupa.web.auth.Permission.CONSULTATION;
import static io.santkrupa.web.auth.Permission.DASHBOARD;
import static io.santkrupa.web.auth.Permission.LAB_WORK;
import static io.santkrupa.web.auth.Permission.OWN_RECORD;
import static io.santkrupa.web.auth.Permission.OWN_SESSION;
import static io.santkrupa.web.auth.Permission.PATIENT_CLINICAL;
import static io.santkrupa.web.auth.Permission.PATIENT_EXPORT;
import static io.santkrupa.web.auth.Permission.PATIENT_ERASE;
import static io.santkrupa.web.auth.Permission.PATIENT_DEMOGRAPHICS;
import static io.santkrupa.web.auth.Permission.PATIENT_REGISTER;
import static io.santkrupa.web.auth.Permission.PATIENT_SEARCH;
import static io.santkrupa.web.auth.Permission.PORTAL_INVITE;
import static io.santkrupa.web.auth.Permission.PRINT_FOR_PATIENT;
import static io.santkrupa.web.auth.Permission.PUBLIC;
import static io.santkrupa.web.auth.Permission.SIGN_OUT;
import static io.santkrupa.web.auth.Permission.STAFF_MANAGE;
import static io.santkrupa.web.auth.Permission.VISIT_CHECK_IN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Every read of patient data leaves an audit event. Walks every GET route of a clinic -- read from
 * Javalin's router, so a route added later is walked without editing this test -- as every role
 * the {@link PermissionMatrix} lets through, in a clinic whose patient is in every list (today's
 * queue, the lab's work list, the portal, a search for her). Whenever an answer shows the
 * patient (her name, code or phone, or a file of hers), the request must have written an audit
 * event about her or one of her records, in plain ids: no name, phone or search text in it.
 *
 * <p>Each permission is classified once, below: one that grants patient data must show the
 * patient to some role on each of its GET routes (so the walk really had data to show), one that
 * grants none must show her to nobody. A new permission fails until it is classified; a route of
 * a patient-data permission that shows no patient must be named, with why, in {@link #SHOWS_NO_PATIENT}.
 */
@ExtendWith(TestDatabaseExtension.class)
class PatientDataReadAuditTest {

    /** Permissions whose routes show patients' data (names, codes, phones, clinical records). */
    private static final Set<Permission> PATIENT_DATA = EnumSet.of(DASHBOARD, PATIENT_SEARCH, PATIENT_DEMOGRAPHICS,
            PATIENT_CLINICAL, PATIENT_EXPORT, PATIENT_REGISTER, PRINT_FOR_PATIENT, VISIT_CHECK_IN, PORTAL_INVITE, CONSULTATION, LAB_WORK,
            OWN_RECORD, AUDIT_VIEW, PATIENT_ERASE);

    /** Permissions whose routes show no patient's data, and why. */
    private static final Map<Permission, String> NO_PATIENT_DATA = new EnumMap<>(Map.of(
            PUBLIC, "signing in: no principal yet",
            SIGN_OUT, "signing out",
            OWN_SESSION, "one's own session and one's own unsaved form text, not a record",
            STAFF_MANAGE, "staff accounts and doctors' profiles",
            CATALOG_READ, "the medicine and test catalogs and the list of doctors",
            CATALOG_MANAGE, "the medicine and test catalogs",
            CLINIC_SETTINGS, "the clinic's own details",
            ANALYTICS_VIEW, "counts per day, doctor and diagnosis: no patient named"));

    /** Routes of a patient-data permission that show no patient, and why. */
    private static final Map<String, String> SHOWS_NO_PATIENT = Map.of(
            "GET /clinic/{slug}/patients/new", "an empty registration form",
            "GET /clinic/{slug}/erasure", "the form asking for a patient code (a code found opens the audited erasure page)",
            "GET /clinic/{slug}/api/v1/me", "the caller's own account, from the token",
            "GET /clinic/{slug}/logo/{logoFileId}", "the clinic's logo");

    /** Lists that show a patient only when asked for one: each walked as it is and with the query. */
    private static final Map<String, String> QUERIES = Map.of(
            "GET /clinic/{slug}/patients", "q=Patil",
            "GET /clinic/{slug}/api/v1/patients", "q=Patil",
            "GET /clinic/{slug}/lab", "q=Patil",
            "GET /clinic/{slug}/api/v1/test-orders", "q=Patil");

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;
    private static UUID patient;
    private static final Map<Role, TestBrowser> BROWSERS = new EnumMap<>(Role.class);
    private static final Map<Role, String> TOKENS = new EnumMap<>(Role.class);

    @BeforeAll
    static void aClinicWhosePatientIsInEveryList(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        patient = clinic.row("patient");
        for (Role role : Role.values()) {
            BROWSERS.put(role, ApiClient.signedIn(server, clinic, role));
            TOKENS.put(role, ApiClient.token(server, db, clinic, role));
        }
        // in today's queue (the fixture's visit of today is completed), checked in as the desk does
        HttpResponse<String> checkIn = ApiClient.send(server, "POST", "/clinic/" + clinic.slug() + "/api/v1/visits",
                TOKENS.get(Role.RECEPTIONIST), "{\"patientId\":\"" + patient + "\",\"doctorId\":\"" + clinic.row("doctor")
                        + "\",\"reason\":\"Follow-up\"}", Map.of("Idempotency-Key", "audit-walk-" + UUID.randomUUID()));
        assertThat(checkIn.statusCode()).as(checkIn.body()).isEqualTo(201);
        // on the lab's work list (the fixture's order is completed)
        db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(TEST_ORDER)
                .set(TEST_ORDER.CLINIC_ID, clinic.id().value()).set(TEST_ORDER.ID, Ids.newId())
                .set(TEST_ORDER.PATIENT_ID, patient).set(TEST_ORDER.LAB_TEST_ID, clinic.row("lab_test"))
                .set(TEST_ORDER.ORDERED_BY, clinic.row("doctor")).set(TEST_ORDER.STATUS, "ordered")
                .execute());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void every_permission_is_classified_once() {
        Set<Permission> both = EnumSet.copyOf(PATIENT_DATA);
        both.retainAll(NO_PATIENT_DATA.keySet());
        assertThat(both).as("classified both ways").isEmpty();
        Set<Permission> unclassified = EnumSet.allOf(Permission.class);
        unclassified.removeAll(PATIENT_DATA);
        unclassified.removeAll(NO_PATIENT_DATA.keySet());
        assertThat(unclassified).as("permissions that say neither whether they show patient data nor why not")
                .isEmpty();
    }

    @Test
    void the_exceptions_and_queries_name_routes_of_the_router() {
        List<String> routes = Routes.clinicRoutes(server.app()).stream().map(Route::toString).toList();
        assertThat(routes).containsAll(SHOWS_NO_PATIENT.keySet()).containsAll(QUERIES.keySet());
        assertThat(Routes.clinicRoutes(server.app()).stream()
                .filter(r -> SHOWS_NO_PATIENT.containsKey(r.toString()))
                .map(Route::permission)).as("exceptions are only needed within patient-data permissions")
                .allMatch(PATIENT_DATA::contains);
    }

    @Test
    void a_search_is_one_event_that_names_whom_it_found_and_not_what_was_typed() {
        HttpResponse<String> search = ApiClient.page(server, "GET", "/clinic/" + clinic.slug() + "/patients?q=Patil",
                BROWSERS.get(Role.RECEPTIONIST).cookies, Map.of());
        assertThat(search.statusCode()).isEqualTo(200);

        List<Event> events = eventsOf(search.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("patient.search");
            assertThat(e.patientsShown()).containsExactly(patient);
            assertThat(e.detail()).isEqualTo("1 patient found by name");
        });

        // the admin finds it among her events, in words
        HttpResponse<String> log = ApiClient.page(server, "GET", "/clinic/" + clinic.slug() + "/audit?user=reception"
                + "&action=patient.search&record=patient:" + patient, BROWSERS.get(Role.CLINIC_ADMIN).cookies, Map.of());
        assertThat(log.statusCode()).isEqualTo(200);
        assertThat(log.body()).contains("Searched for patients (the patients found)", "1 patient found by name");
    }

    @TestFactory
    Stream<DynamicTest> every_read_of_patient_data_leaves_an_audit_event() {
        List<Route> reads = Routes.clinicRoutes(server.app()).stream().filter(Route::isGet).toList();
        assertThat(reads).as("GET routes of a clinic in the router").hasSizeGreaterThan(40);
        return reads.stream().map(route -> dynamicTest(route.toString(), () -> walk(route)));
    }

    private static void walk(Route route) {
        Permission permission = route.permission();
        boolean patientData = PATIENT_DATA.contains(permission) && !SHOWS_NO_PATIENT.containsKey(route.toString());
        String path = route.concrete(clinic.slug(), name -> {
            UUID id = clinic.rows().get(Routes.tableOf(name));
            return (id == null ? UUID.randomUUID() : id).toString();
        });
        List<String> variants = new ArrayList<>(List.of(path));
        if (QUERIES.containsKey(route.toString())) {
            variants.add(path + "?" + QUERIES.get(route.toString()));
        }
        SoftAssertions soft = new SoftAssertions();
        Set<UUID> hers = recordsOfThePatient();
        boolean shownToSomeone = false;
        for (Role role : Role.values()) {
            if (permission == PUBLIC || !PermissionMatrix.allows(role, permission)) {
                continue;
            }
            for (String variant : variants) {
                HttpResponse<String> response = route.isApi()
                        ? ApiClient.get(server, variant, TOKENS.get(role))
                        : ApiClient.page(server, "GET", variant, BROWSERS.get(role).cookies, Map.of());
                String who = role + " GET " + variant;
                soft.assertThat(response.statusCode()).as(who + " -> " + response.body()).isEqualTo(200);
                boolean shows = showsThePatient(response, patientData, hers);
                if (!patientData) {
                    soft.assertThat(shows).as(who + " shows the patient, but " + route + " is classified as showing"
                            + " no patient data: classify it, and audit it").isFalse();
                    continue;
                }
                shownToSomeone |= shows;
                String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
                List<Event> events = eventsOf(requestId);
                if (shows) {
                    soft.assertThat(events).as(who + " shows the patient: the audit events of request " + requestId)
                            .anySatisfy(e -> {
                                assertThat(e.outcome()).isEqualTo("success");
                                assertThat(AuditWords.action(e.action())).as("words for " + e.action()).isPresent();
                                assertThat(e.entityId() != null && hers.contains(e.entityId())
                                        || e.patientsShown().contains(patient)).as(e + " names her").isTrue();
                            });
                }
                for (Event e : events) {
                    soft.assertThat(e.detail()).as(who + ": an audit event's detail holds no patient data")
                            .doesNotContain("Asha").doesNotContain("Patil").doesNotContain(clinic.code())
                            .doesNotContain("98200");
                }
            }
        }
        if (patientData && permission != PUBLIC) {
            soft.assertThat(shownToSomeone).as(route + " (" + permission + ") showed the patient to no role: "
                    + "give the walk data it shows, or name the route in SHOWS_NO_PATIENT with why").isTrue();
        }
        soft.assertAll();
    }

    /**
     * Her name, code or phone, or the id of a record of hers (a visit, an order, a note: an answer
     * naming only those still shows her record); or, on a route of patient data, a file (a report
     * or a document of hers). Her own id alone is no data of hers (a patient's token names it).
     */
    private static boolean showsThePatient(HttpResponse<String> response, boolean patientData, Set<UUID> hers) {
        String body = response.body();
        boolean attachment = response.headers().firstValue("Content-Disposition")
                .map(d -> d.startsWith("attachment")).orElse(false);
        return body.contains("Asha") || body.contains("Patil") || body.contains("PT-" + clinic.code() + "-")
                || body.contains("9820000001") || body.contains("98200 00001") || (patientData && attachment)
                || hers.stream().filter(id -> !id.equals(patient)).anyMatch(id -> body.contains(id.toString()));
    }

    private record Event(String action, String outcome, String entityType, UUID entityId, String detail,
                         List<UUID> patientsShown) {
    }

    private static List<Event> eventsOf(String requestId) {
        return db.tenants().inClinic(clinic.id(), tx -> tx
                .select(AUDIT_EVENT.ACTION, AUDIT_EVENT.OUTCOME, AUDIT_EVENT.ENTITY_TYPE, AUDIT_EVENT.ENTITY_ID,
                        AUDIT_EVENT.DETAIL, DSL.multiset(DSL.select(AUDIT_EVENT_PATIENT.PATIENT_ID)
                                .from(AUDIT_EVENT_PATIENT)
                                .where(AUDIT_EVENT_PATIENT.CLINIC_ID.eq(AUDIT_EVENT.CLINIC_ID),
                                        AUDIT_EVENT_PATIENT.EVENT_ID.eq(AUDIT_EVENT.ID)))
                                .convertFrom(r -> r.getValues(AUDIT_EVENT_PATIENT.PATIENT_ID)))
                .from(AUDIT_EVENT)
                .where(AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()), AUDIT_EVENT.REQUEST_ID.eq(requestId))
                .fetch(r -> new Event(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6())));
    }

    /** The patient and every record of hers: an event about any of them names her. */
    private static Set<UUID> recordsOfThePatient() {
        UUID c = clinic.id().value();
        return db.tenants().inClinic(clinic.id(), tx -> {
            Set<UUID> ids = new HashSet<>();
            ids.add(patient);
            ids.addAll(tx.select(PATIENT_VISIT.ID).from(PATIENT_VISIT)
                    .where(PATIENT_VISIT.CLINIC_ID.eq(c), PATIENT_VISIT.PATIENT_ID.eq(patient)).fetch(PATIENT_VISIT.ID));
            ids.addAll(tx.select(TEST_ORDER.ID).from(TEST_ORDER)
                    .where(TEST_ORDER.CLINIC_ID.eq(c), TEST_ORDER.PATIENT_ID.eq(patient)).fetch(TEST_ORDER.ID));
            ids.addAll(tx.select(PRESCRIPTION.ID).from(PRESCRIPTION)
                    .where(PRESCRIPTION.CLINIC_ID.eq(c), PRESCRIPTION.PATIENT_ID.eq(patient)).fetch(PRESCRIPTION.ID));
            ids.addAll(tx.select(MEDICAL_REPORT.ID).from(MEDICAL_REPORT)
                    .where(MEDICAL_REPORT.CLINIC_ID.eq(c), MEDICAL_REPORT.PATIENT_ID.eq(patient)).fetch(MEDICAL_REPORT.ID));
            ids.addAll(tx.select(DOCTOR_NOTE.ID).from(DOCTOR_NOTE)
                    .where(DOCTOR_NOTE.CLINIC_ID.eq(c), DOCTOR_NOTE.PATIENT_ID.eq(patient)).fetch(DOCTOR_NOTE.ID));
            return ids;
        });
    }
}
