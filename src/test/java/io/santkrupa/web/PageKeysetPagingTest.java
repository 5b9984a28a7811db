package io.santkrupa.web;

import io.santkrupa.db.Ids;
import io.santkrupa.db.jooq.santkrupa_platform.Routines;
import io.santkrupa.web.auth.SecretToken;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.Paging;
import io.santkrupa.testing.Paging.Order;
import io.santkrupa.testing.Paging.Row;
import io.santkrupa.testing.PlatformConsoleFixture;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST;
import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICINE;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;
import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_AUDIT_EVENT;
import static io.santkrupa.web.RecordSeeds.letters;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Every keyset-paged list of the pages -- the clinics' and the platform console's -- walked
 * page by page through its own "next" link, as a person clicks through it: the pages are
 * disjoint, each full but the last, and together every row of the list in its order. Each list
 * is seeded in a clinic of its own (the platform's with a text of its own) so that two rows with
 * the same sort key sit on either side of every page boundary, with ids only a tie-breaker puts
 * in order; rows are told apart by what the page shows of them (a marker in a reason, advice,
 * remark, diagnosis or detail, or the link to the row).
 */
@ExtendWith(TestDatabaseExtension.class)
class PageKeysetPagingTest {

    private static final String UUID_RE = "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})";

    private static TestDatabase db;
    private static WebTestServer server;
    private static RecordSeeds seeds;
    private static final Map<String, Consumer<Clinic>> LISTS = new LinkedHashMap<>();

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        seeds = new RecordSeeds(db);
        clinicLists();
        recordLists();
        platformLists();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @TestFactory
    Stream<DynamicTest> every_page_list_pages_disjointly_through_every_row_in_order_with_ties_across_page_boundaries() {
        return LISTS.entrySet().stream().map(list -> dynamicTest(list.getKey(),
                () -> list.getValue().accept(ClinicFixture.create(db))));
    }

    private static void clinicLists() {
        LISTS.put("the audit log (50 a page), newest first", c -> {
            List<Row> rows = Paging.rows(50, Order.NEWEST_FIRST, "PgA");
            seeds.insert(c, tx -> Paging.shuffled(rows).forEach(r -> tx.insertInto(AUDIT_EVENT)
                    .set(AUDIT_EVENT.CLINIC_ID, c.id().value()).set(AUDIT_EVENT.ID, r.id())
                    .set(AUDIT_EVENT.OCCURRED_AT, RecordSeeds.newest(r)).set(AUDIT_EVENT.ACTOR_ROLE, "doctor")
                    .set(AUDIT_EVENT.ACTION, "paging.audit").set(AUDIT_EVENT.DETAIL, r.marker()).execute()));
            walk(browser(c, Role.CLINIC_ADMIN), "/clinic/" + c.slug() + "/audit?action=paging.audit", marker("PgA"),
                    next("[^\"]*before=[^\"]*", ">Older events"), Paging.markers(rows), 50);
        });
        LISTS.put("the lab's work list (25 a page), oldest order first", c -> {
            List<Row> rows = Paging.rows(25, Order.ASCENDING, "PgO");
            seeds.openOrders(c, c.row("patient"), rows, RecordSeeds::oldest);
            walk(browser(c, Role.LAB_TECHNICIAN), "/clinic/" + c.slug() + "/lab", link("/lab/orders/"),
                    next("\\?after=[^\"]*", ">More orders"), Paging.ids(rows), 25);
        });
        LISTS.put("a doctor's queue of the day (50 a page), by token (unique: no ties)", c -> {
            List<Row> rows = Paging.rows(50, Order.ASCENDING, "PgQ");
            UUID doctor = seeds.doctor(c, "Dr Queue");
            seeds.visits(c, seeds.newPatient(c), doctor, rows, r -> OffsetDateTime.now(server.clock),
                    r -> rows.indexOf(r) + 1);
            walk(browser(c, Role.RECEPTIONIST), "/clinic/" + c.slug() + "/queue?doctor=" + doctor, marker("PgQ"),
                    next("/clinic/[^\"]*/queue\\?doctor=[^\"]*after=[^\"]*", " rel=\"next\""), Paging.markers(rows), 50);
        });
        LISTS.put("patients found by name (25 a page): the same names broken by id", c -> {
            List<Row> rows = Paging.rows(25, Order.ASCENDING, "PgP");
            String last = "Pgl" + letters(RecordSeeds.next());
            seeds.patients(c, rows, r -> "Pg" + letters(r.rank()), r -> last, r -> "+91 98200 55555");
            walk(browser(c, Role.RECEPTIONIST), "/clinic/" + c.slug() + "/patients?q=" + last, link("/patients/"),
                    next("\\?q=[^\"]*after=[^\"]*", " rel=\"next\""), Paging.ids(rows), 25);
        });
        LISTS.put("patients found by the first digits of their phone (25 a page): the same numbers broken by id", c -> {
            List<Row> rows = Paging.rows(25, Order.ASCENDING, "PgP");
            String start = "+9197" + (100 + RecordSeeds.next() % 900);
            seeds.patients(c, rows, r -> "Phone", r -> "Pg" + letters(r.rank()), r -> start + "%05d".formatted(r.rank()));
            walk(browser(c, Role.RECEPTIONIST), "/clinic/" + c.slug() + "/patients?q=" + URLEncoder.encode(start,
                    StandardCharsets.UTF_8), link("/patients/"), next("\\?q=[^\"]*after=[^\"]*", " rel=\"next\""),
                    Paging.ids(rows), 25);
        });
        LISTS.put("patients found by the last digits of their phone (25 a page): the same numbers broken by id", c -> {
            List<Row> rows = Paging.rows(25, Order.ASCENDING, "PgP");
            // the list's key is the number's digits reversed: the rank, reversed, just before the common ending
            String end = String.valueOf(70000 + RecordSeeds.next() % 10000);
            seeds.patients(c, rows, r -> "Phone", r -> "Pg" + letters(r.rank()),
                    r -> "+919" + new StringBuilder("%04d".formatted(r.rank())).reverse() + end);
            walk(browser(c, Role.RECEPTIONIST), "/clinic/" + c.slug() + "/patients?q=" + end, link("/patients/"),
                    next("\\?q=[^\"]*after=[^\"]*", " rel=\"next\""), Paging.ids(rows), 25);
        });
        LISTS.put("staff accounts (25 a page), by username (unique: no ties)", c -> {
            List<Row> rows = Paging.rows(25, Order.ASCENDING, "PgS");
            seeds.insert(c, tx -> Paging.shuffled(rows).forEach(r -> tx.insertInto(APP_USER)
                    .set(APP_USER.CLINIC_ID, c.id().value()).set(APP_USER.ID, r.id())
                    .set(APP_USER.USERNAME, "pgs" + letters(rows.indexOf(r))).set(APP_USER.PASSWORD_HASH, "not-a-real-hash")
                    .set(APP_USER.ROLE, "lab_technician").set(APP_USER.FULL_NAME, r.marker()).execute()));
            // the fixture's staff are listed too, by username among the seeded ones
            List<String> expected = db.tenants().inClinic(c.id(), tx -> tx.select(APP_USER.ID, APP_USER.USERNAME)
                    .from(APP_USER).where(APP_USER.CLINIC_ID.eq(c.id().value()), APP_USER.ROLE.ne("patient"))
                    .fetch().stream().sorted(Comparator.comparing(r -> r.value2())).map(r -> r.value1().toString())
                    .toList());
            walk(browser(c, Role.CLINIC_ADMIN), "/clinic/" + c.slug() + "/staff", link("/staff/"),
                    next("\\?role=[^\"]*after=[^\"]*", ">Next page"), expected, 25);
        });
        LISTS.put("the medicine catalog (25 a page), by name, then form: the same names broken by form", c -> {
            List<Row> rows = Paging.rows(25, Order.ASCENDING, "PgM");
            List<String> forms = List.of("capsule", "drops", "syrup", "tablet");
            seeds.insert(c, tx -> Paging.shuffled(rows).forEach(r -> tx.insertInto(MEDICINE)
                    .set(MEDICINE.CLINIC_ID, c.id().value()).set(MEDICINE.ID, r.id())
                    .set(MEDICINE.NAME, "Pgmed" + letters(r.rank()))
                    .set(MEDICINE.FORM, forms.get(ApiKeysetPagingTest.placeInRank(rows, r)))
                    .set(MEDICINE.STRENGTH, "10 mg").execute()));
            walk(browser(c, Role.CLINIC_ADMIN), "/clinic/" + c.slug() + "/catalog/medicines?q=pgmed",
                    link("/catalog/medicines/"), next("\\?q=[^\"]*after=[^\"]*", ">Next page"), Paging.ids(rows), 25);
        });
        LISTS.put("the lab test catalog (25 a page), by name (unique: no ties)", c -> {
            List<Row> rows = Paging.rows(25, Order.ASCENDING, "PgL");
            seeds.insert(c, tx -> Paging.shuffled(rows).forEach(r -> tx.insertInto(LAB_TEST)
                    .set(LAB_TEST.CLINIC_ID, c.id().value()).set(LAB_TEST.ID, r.id()).set(LAB_TEST.CODE, r.marker().toUpperCase())
                    .set(LAB_TEST.NAME, "Pgtest " + letters(rows.indexOf(r))).execute()));
            walk(browser(c, Role.CLINIC_ADMIN), "/clinic/" + c.slug() + "/catalog/lab-tests?q=pgtest",
                    link("/catalog/lab-tests/"), next("\\?q=[^\"]*after=[^\"]*", ">Next page"), Paging.ids(rows), 25);
        });
    }

    /** The chart (staff) and the own record (the patient): four lists each; the consultation page: three. */
    private static void recordLists() {
        for (boolean own : new boolean[] {false, true}) {
            String page = own ? "the patient's own record" : "a patient's chart";
            LISTS.put(page + ": visits (25 a page), newest first", c -> {
                List<Row> rows = Paging.rows(25, Order.NEWEST_FIRST, "PgV");
                UUID patient = seeds.newPatient(c);
                seeds.visits(c, patient, rows, RecordSeeds::newest);
                walkRecord(c, patient, own, "visitsBefore", rows, 25);
            });
            LISTS.put(page + ": prescriptions (10 a page), newest first", c -> {
                List<Row> rows = Paging.rows(10, Order.NEWEST_FIRST, "PgR");
                UUID patient = seeds.newPatient(c);
                seeds.prescriptions(c, patient, rows, RecordSeeds::newest);
                walkRecord(c, patient, own, "rxBefore", rows, 10);
            });
            LISTS.put(page + ": test results (10 a page), newest completion first", c -> {
                List<Row> rows = Paging.rows(10, Order.NEWEST_FIRST, "PgT");
                UUID patient = seeds.newPatient(c);
                seeds.completedOrders(c, patient, rows, RecordSeeds::newest);
                walkRecord(c, patient, own, "testsBefore", rows, 10);
            });
            LISTS.put(page + ": clinical notes (10 a page), newest first", c -> {
                List<Row> rows = Paging.rows(10, Order.NEWEST_FIRST, "PgN");
                UUID patient = seeds.newPatient(c);
                seeds.notes(c, patient, rows, RecordSeeds::newest);
                walkRecord(c, patient, own, "notesBefore", rows, 10);
            });
            LISTS.put(page + ": documents (10 a page), newest upload first", c -> {
                List<Row> rows = Paging.rows(10, Order.NEWEST_FIRST, "PgD");
                UUID patient = seeds.newPatient(c);
                seeds.documents(c, patient, rows, RecordSeeds::newest);
                walkRecord(c, patient, own, "docsBefore", rows, 10);
            });
        }
        LISTS.put("the consultation page: the patient's other visits (25 a page), newest first", c -> {
            List<Row> rows = Paging.rows(25, Order.NEWEST_FIRST, "PgV");
            UUID patient = seeds.newPatient(c);
            seeds.visits(c, patient, rows, RecordSeeds::newest);
            walkConsultation(c, patient, "visitsBefore", rows, 25);
        });
        LISTS.put("the consultation page: earlier prescriptions (10 a page), newest first", c -> {
            List<Row> rows = Paging.rows(10, Order.NEWEST_FIRST, "PgR");
            UUID patient = seeds.newPatient(c);
            seeds.prescriptions(c, patient, rows, RecordSeeds::newest);
            walkConsultation(c, patient, "prescriptionsBefore", rows, 10);
        });
        LISTS.put("the consultation page: earlier tests (10 a page), newest order first", c -> {
            List<Row> rows = Paging.rows(10, Order.NEWEST_FIRST, "PgO");
            UUID patient = seeds.newPatient(c);
            seeds.openOrders(c, patient, rows, RecordSeeds::newest);
            walkConsultation(c, patient, "resultsBefore", rows, 10);
        });
    }

    /** The platform console's lists: the clinics (three orders) and the platform's audit log. */
    private static void platformLists() {
        LISTS.put("the platform's clinics (25 a page) by name: the same names broken by id", c -> {
            String text = token();
            List<Row> rows = Paging.rows(25, Order.ASCENDING, "");
            db.platform().run(tx -> {
                Paging.shuffled(rows).forEach(r -> provision(tx, r.id(), text, rows.indexOf(r), "Pg clinic "
                        + letters(r.rank())));
                return null;
            });
            walkClinics(text, "name", rows.stream().map(r -> slug(text, rows.indexOf(r))).toList());
        });
        LISTS.put("the platform's clinics (25 a page), newest first: the same times broken by id", c -> {
            String text = token();
            List<Row> rows = Paging.rows(25, Order.NEWEST_FIRST, "");
            // one transaction per time, oldest first: a transaction's clinics share its time
            for (int rank = rows.getLast().rank(); rank >= 0; rank--) {
                int current = rank;
                db.platform().run(tx -> {
                    Paging.shuffled(rows).stream().filter(r -> r.rank() == current)
                            .forEach(r -> provision(tx, r.id(), text, rows.indexOf(r), "Pg clinic " + text));
                    return null;
                });
            }
            walkClinics(text, "newest", rows.stream().map(r -> slug(text, rows.indexOf(r))).toList());
        });
        LISTS.put("the platform's clinics (25 a page) by web address (unique: no ties)", c -> {
            String text = token();
            List<Row> rows = Paging.rows(25, Order.ASCENDING, "");
            db.platform().run(tx -> {
                Paging.shuffled(rows).forEach(r -> provision(tx, r.id(), text, rows.indexOf(r), "Pg clinic " + text));
                return null;
            });
            walkClinics(text, "slug", rows.stream().map(r -> slug(text, rows.indexOf(r))).toList());
        });
        LISTS.put("the platform's audit log (50 a page), newest first", c -> {
            String action = "paging." + token();
            List<Row> rows = Paging.rows(50, Order.NEWEST_FIRST, "PgE");
            db.platform().run(tx -> {
                Paging.shuffled(rows).forEach(r -> tx.insertInto(PLATFORM_AUDIT_EVENT)
                        .set(PLATFORM_AUDIT_EVENT.ID, r.id()).set(PLATFORM_AUDIT_EVENT.OCCURRED_AT, RecordSeeds.newest(r))
                        .set(PLATFORM_AUDIT_EVENT.ACTOR, "cli:paging").set(PLATFORM_AUDIT_EVENT.ACTION, action)
                        .set(PLATFORM_AUDIT_EVENT.DETAIL, r.marker()).execute());
                return null;
            });
            walk(PlatformConsoleFixture.signedIn(server, db).browser(), "/platform/audit?action=" + action,
                    marker("PgE"), next("/platform/audit\\?[^\"]*before=[^\"]*", ">Older events"),
                    Paging.markers(rows), 50);
        });
    }

    /** Six random lower-case letters: a text only one list's rows carry. */
    private static String token() {
        StringBuilder text = new StringBuilder();
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 6; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    private static String slug(String text, int index) {
        return "pg-" + text + "-" + letters(index);
    }

    /** A clinic onboarded as the platform does it (provision_clinic), in the city {@code text}: what the list's search finds. */
    private static void provision(org.jooq.DSLContext tx, UUID id, String text, int index, String name) {
        Routines.provisionClinic(tx.configuration(), id, slug(text, index), "P" + text.toUpperCase() + "%03d".formatted(index),
                name, "", text, "", "", "", "", "", "REG-" + text + "-" + index, "Asia/Kolkata", "IN", "trial", null, 10, 500, 5,
                Ids.newId(), "admin", "Clinic Admin", "", Ids.newId(), SecretToken.generate().hash(),
                OffsetDateTime.now().plusDays(3), Ids.newId(), Ids.newId(), "paging test", "");
    }

    private static void walkClinics(String text, String sort, List<String> slugs) {
        walk(PlatformConsoleFixture.signedIn(server, db).browser(), "/platform?q=" + text + "&sort=" + sort,
                Pattern.compile("href=\"/platform/clinics/(pg-" + text + "-[a-z]{3})\""),
                next("/platform\\?q=[^\"]*after=[^\"]*", ">Next page"), slugs, 25);
    }

    // ---- walking ----

    private static void walk(TestBrowser browser, String path, Pattern row, Pattern next, List<String> expected,
                             int pageSize) {
        List<List<String>> pages = Paging.htmlPages(browser, path, row, next, expected.size() / pageSize + 3);
        Paging.assertPaged(path, pages, expected, pageSize);
    }

    /** One list of a patient's record page, as a doctor reads the chart or the patient their own record. */
    private static void walkRecord(Clinic c, UUID patient, boolean own, String parameter, List<Row> rows, int pageSize) {
        TestBrowser browser;
        String path;
        if (own) {
            seeds.insert(c, tx -> tx.update(APP_USER).set(APP_USER.PATIENT_ID, patient)
                    .where(APP_USER.CLINIC_ID.eq(c.id().value()), APP_USER.USERNAME.eq("asha")).execute());
            browser = browser(c, Role.PATIENT);
            path = "/clinic/" + c.slug() + "/my-record";
        } else {
            browser = browser(c, Role.DOCTOR);
            path = "/clinic/" + c.slug() + "/patients/" + patient;
        }
        walk(browser, path, marker(rows.getFirst().marker().substring(0, 3)),
                next("[^\"]*\\?" + parameter + "=[^\"]*", " rel=\"next\""), Paging.markers(rows), pageSize);
    }

    /** One history list of the consultation page of the patient's visit in consultation with the fixture's doctor. */
    private static void walkConsultation(Clinic c, UUID patient, String parameter, List<Row> rows, int pageSize) {
        UUID visit = Ids.newId();
        OffsetDateTime now = OffsetDateTime.now(server.clock);
        seeds.insert(c, tx -> tx.insertInto(PATIENT_VISIT)
                .set(PATIENT_VISIT.CLINIC_ID, c.id().value()).set(PATIENT_VISIT.ID, visit)
                .set(PATIENT_VISIT.PATIENT_ID, patient).set(PATIENT_VISIT.DOCTOR_ID, c.row("doctor"))
                .set(PATIENT_VISIT.VISIT_DATE, LocalDate.now(server.clock)).set(PATIENT_VISIT.TOKEN_NUMBER, RecordSeeds.next())
                .set(PATIENT_VISIT.STATUS, "in_consultation").set(PATIENT_VISIT.CHECKED_IN_AT, now)
                .set(PATIENT_VISIT.STARTED_AT, now).execute());
        walk(browser(c, Role.DOCTOR), "/clinic/" + c.slug() + "/visits/" + visit,
                marker(rows.getFirst().marker().substring(0, 3)),
                next("[^\"]*\\?" + parameter + "=[^\"]*", ">Older"), Paging.markers(rows), pageSize);
    }

    /** The fixture user of {@code role} signed in (their password set first: fixture clinics have none). */
    private static TestBrowser browser(Clinic c, Role role) {
        String username = WebFixture.USERNAMES.get(role);
        String hash = WebFixture.hash(WebFixture.password(username));
        seeds.insert(c, tx -> tx.update(APP_USER).set(APP_USER.PASSWORD_HASH, hash)
                .where(APP_USER.CLINIC_ID.eq(c.id().value()), APP_USER.USERNAME.eq(username)).execute());
        return ApiClient.signedIn(server, c, role);
    }

    /** A marker {@code prefix} + 3 digits wherever the page shows it. */
    private static Pattern marker(String prefix) {
        return Pattern.compile("(" + Pattern.quote(prefix) + "[0-9]{3})");
    }

    /** A link to one row: {@code /clinic/<slug>} + {@code prefix} + the row's id, nothing after it. */
    private static Pattern link(String prefix) {
        return Pattern.compile("href=\"/clinic/[^/\"]+" + Pattern.quote(prefix) + UUID_RE + "\"");
    }

    /** The "next" link: an href matching {@code href}, followed by {@code after} (its text or attribute). */
    private static Pattern next(String href, String after) {
        return Pattern.compile("href=\"(" + href + ")\"" + Pattern.quote(after));
    }
}
