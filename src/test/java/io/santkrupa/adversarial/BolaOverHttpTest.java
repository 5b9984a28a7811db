package io.santkrupa.adversarial;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.adversarial.Probe.Reply;
import io.santkrupa.adversarial.Probe.Request;
import io.santkrupa.db.Ids;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicSnapshot;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebTestServer;
import io.santkrupa.web.Json;
import io.santkrupa.web.Routes;
import io.santkrupa.web.Routes.Route;
import io.santkrupa.web.WriteScenarios;
import io.santkrupa.web.WriteScenarios.Write;
import io.santkrupa.web.auth.Permission;
import io.santkrupa.web.auth.PermissionMatrix;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * BOLA/IDOR over HTTP. Three {@link CanaryClinic}s; every {@code /clinic/{slug}} route read from
 * Javalin's router, pages and API, with every kind of id it takes -- record ids in the path,
 * ids in form fields and JSON bodies (the valid write of {@link WriteScenarios}, slot by slot:
 * {@link WriteSlots}), one-time link tokens, invitation codes and refresh tokens, cursors and ids
 * in query strings, patient codes, ETags in If-Match -- asked by an attacker clinic about a victim
 * clinic:
 * <ol>
 * <li>the attacker's users on the attacker's own URLs with the victim's ids: answered exactly as
 * the same request with a random id ({@link Probe#canonical}), for each id alone and all at once;</li>
 * <li>the attacker's sessions and tokens on the victim's URLs: exactly the unknown clinic's
 * answer (or, on public routes, the anonymous one);</li>
 * <li>random, malformed and re-encoded ids: never a server error, never a leak; an id re-encoded
 * (capitals, no dashes, braces, {@code urn:uuid:}) answered as the same encoding of a random id;</li>
 * </ol>
 * and every answer (status line, headers, redirects, body) free of the victim's and the
 * bystander's canaries, markers and row ids ({@link Needles}); the victim's and the bystander's
 * tables unchanged ({@link ClinicSnapshot}, before and after). Within a clinic: the fixture
 * patient asking for the other patient's records gets what a random id gets, and each role on
 * each route its permission does not grant gets the same 403 whether the id exists or not.
 *
 * <p>The short form ({@code mvn verify}): clinic B attacks clinic A, C looks on, with the roles
 * each route grants; re-encodings in capitals only; a few malformed ids. The long form
 * ({@code -Dadversarial=long}): all six ordered pairs, every role on every route, every
 * re-encoding and malformed id. Figures go to {@code target/adversarial/summary.md}.
 */
@ExtendWith(TestDatabaseExtension.class)
class BolaOverHttpTest {

    private static final boolean LONG = Adversarial.isLong();
    /** The order in which a route's first permitted role is chosen. */
    private static final List<Role> PREFERRED = List.of(Role.RECEPTIONIST, Role.DOCTOR, Role.LAB_TECHNICIAN,
            Role.CLINIC_ADMIN, Role.PATIENT);

    static final String FOREIGN_GET = "GET routes: another clinic's ids on the attacker's URLs (and random ids)";
    static final String FOREIGN_WRITE = "writes: another clinic's ids, codes and tokens in path and body (and random ones)";
    static final String FOREIGN_ETAG = "writes: another clinic's ETag and malformed If-Match";
    static final String FOREIGN_CREDENTIALS = "another clinic's sessions and tokens on the victim's URLs (and the unknown clinic's)";
    static final String QUERY = "cursors, patient codes and ids in query strings";
    static final String MALFORMED = "random and malformed ids";
    static final String ENCODED = "re-encoded ids (capitals, no dashes, braces, urn:uuid:)";
    static final String OTHER_PATIENT = "within a clinic: a patient asking for another patient's records";
    static final String OUTSIDE_PERMISSIONS = "within a clinic: each role outside its permissions";
    static final String SETUP = "setup: the victim's own requests (cursors, ETags) and the sign-in forms' pages";

    static final String LEAK = "leak: another clinic's (or patient's) data in an answer";
    static final String TOLD_APART = "a foreign value answered unlike a random one";
    static final String SERVER_ERROR = "server error";
    static final String UNCHANGED = "the victim's or bystander's rows changed";
    static final String NOT_403 = "a role outside its permission not refused with 403";
    static final String NOT_COVERED = "not covered";

    private static final List<String> MALFORMED_IDS = List.of("not-an-id", "1 OR 1=1", "' OR '1'='1",
            "00000000-0000-0000-0000-000000000000", "../../../../etc/passwd", "<script>alert(1)</script>",
            "-1", "99999999999999999999", "ffffffff-ffff-ffff-ffff-ffffffffffff", "x".repeat(3000), "null",
            "%00", "\u00e9\u0301", "\uD83D\uDE00", "{}", "[]", "0x1");
    private static final int MALFORMED_SHORT = 5;
    private static final List<Function<String, String>> ENCODINGS = List.of(
            id -> id.toUpperCase(Locale.ROOT), id -> id.replace("-", ""), id -> "{" + id + "}", id -> "urn:uuid:" + id,
            id -> " " + id + " ");
    private static final List<String> MALFORMED_IF_MATCH = List.of("\"999999\"", "W/\"1\"", "*", "\"1\", \"2\"",
            "\"-1\"", "garbage", "\"" + "9".repeat(40) + "\"");

    /** Ids, cursors and codes in query strings, by route: what the router cannot say (checked against it below). */
    private static final Map<String, List<QueryId>> QUERY_IDS = Map.ofEntries(
            Map.entry("GET /clinic/{slug}/patients", List.of(QueryId.code("q"), QueryId.id("after", "patient"))),
            Map.entry("GET /clinic/{slug}/patients/{patientId}", recordLists()),
            Map.entry("GET /clinic/{slug}/my-record", recordLists()),
            Map.entry("GET /clinic/{slug}/visits/{visitId}", List.of(QueryId.cursor("visitsBefore", "patient_visit"),
                    QueryId.cursor("prescriptionsBefore", "prescription"), QueryId.cursor("resultsBefore", "test_order"))),
            Map.entry("GET /clinic/{slug}/queue", queueIds()),
            Map.entry("GET /clinic/{slug}/queue/partial", queueIds()),
            Map.entry("GET /clinic/{slug}/audit", List.of(QueryId.record("record"), QueryId.cursor("before", "audit_event"))),
            Map.entry("GET /clinic/{slug}/lab", List.of(QueryId.cursor("after", "test_order"), QueryId.code("q"),
                    new QueryId("before", Kind.CURSOR, "test_order", "tab=completed&"))),
            Map.entry("GET /clinic/{slug}/catalog/medicines", List.of(QueryId.id("after", "medicine"))),
            Map.entry("GET /clinic/{slug}/catalog/lab-tests", List.of(QueryId.id("after", "lab_test"))),
            Map.entry("GET /clinic/{slug}/portal", List.of(QueryId.code("code"))),
            Map.entry("GET /clinic/{slug}/drafts", List.of(new QueryId("page", Kind.DRAFT_PAGE, "patient_visit", ""))),
            Map.entry("GET /clinic/{slug}/api/v1/visits", List.of(QueryId.id("doctorId", "doctor"))),
            Map.entry("GET /clinic/{slug}/api/v1/patients", List.of(QueryId.code("q"))),
            Map.entry("GET /clinic/{slug}/api/v1/test-orders", List.of(QueryId.code("q"))));

    enum Kind { ID, CURSOR, CODE, RECORD, DRAFT_PAGE }

    /** A query parameter naming a record: its kind, the table its value points into, fixed parameters before it. */
    record QueryId(String name, Kind kind, String table, String prefix) {
        static QueryId id(String name, String table) {
            return new QueryId(name, Kind.ID, table, "");
        }

        static QueryId cursor(String name, String table) {
            return new QueryId(name, Kind.CURSOR, table, "");
        }

        static QueryId code(String name) {
            return new QueryId(name, Kind.CODE, "patient", "");
        }

        static QueryId record(String name) {
            return new QueryId(name, Kind.RECORD, "patient", "");
        }
    }

    private static List<QueryId> recordLists() {
        return List.of(QueryId.id("visitsBefore", "patient_visit"), QueryId.cursor("notesBefore", "doctor_note"),
                QueryId.cursor("testsBefore", "test_order"), QueryId.cursor("rxBefore", "prescription"),
                QueryId.cursor("docsBefore", "medical_report"));
    }

    private static List<QueryId> queueIds() {
        return List.of(QueryId.id("doctor", "doctor"), QueryId.id("after", "patient_visit"), QueryId.id("visit", "patient_visit"));
    }

    /** A clinic with its users signed in: a browser (pages) and a token (API) per role, and its write scenarios. */
    record Side(String name, CanaryClinic clinic, Map<Role, TestBrowser> browsers, Map<Role, String> tokens,
                WriteScenarios scenarios) {
        String slug() {
            return clinic.slug();
        }
    }

    /** What the attacks on a victim need, gathered before its snapshot. */
    record Victim(Side side, Map<String, Write> writes, Map<String, String> apiCursors, Map<String, String> etags,
                  Needles needles, String cursorTime) {
    }

    private static TestDatabase db;
    private static WebTestServer server;
    private static AdversarialReport report;
    private static Probe probe;
    private static final List<Side> SIDES = new ArrayList<>();
    private static List<Route> routes;
    private static final Findings TOTALS = new Findings();
    private static long comparisons;
    private static long unstable;

    @BeforeAll
    static void start(TestDatabase database) {
        report = new AdversarialReport("10-bola-idor", "BOLA/IDOR over HTTP (BolaOverHttpTest)");
        db = database;
        server = new WebTestServer(db);
        probe = new Probe(server, report);
        for (String name : List.of("A", "B", "C")) {
            CanaryClinic clinic = CanaryClinic.create(db, server);
            Map<Role, TestBrowser> browsers = new EnumMap<>(Role.class);
            Map<Role, String> tokens = new EnumMap<>(Role.class);
            for (Role role : Role.values()) {
                browsers.put(role, ApiClient.signedIn(server, clinic.clinic, role));
                tokens.put(role, ApiClient.token(server, db, clinic.clinic, role));
            }
            SIDES.add(new Side(name, clinic, browsers, tokens, new WriteScenarios(db, server, clinic.clinic)));
        }
        routes = Routes.clinicRoutes(server.app());
    }

    @AfterAll
    static void finish() {
        if (report != null) {
            report.figure("clinics (each with its canary in every text column)", SIDES.size());
            report.figure("clinic routes walked (from the router)", routes == null ? 0 : routes.size());
            report.figure("attacker -> victim pairs", LONG ? 6 : 1);
            report.figure("answers compared with a random id's (pairs)", comparisons);
            report.figure("of which unstable pages (two random ids answered differently: status and leaks compared)", unstable);
            report.figure("leaks found", TOTALS.count(LEAK));
            report.figure("foreign value answered unlike a random one", TOTALS.count(TOLD_APART));
            report.figure("server errors (5xx)", probe == null ? 0 : probe.serverErrors());
            report.figure("victim or bystander tables changed", TOTALS.count(UNCHANGED));
            report.figure("roles outside their permission not refused with 403", TOTALS.count(NOT_403));
            report.note("Compared under `Probe.canonical`: status, headers sorted by name, body -- with Date, Content-Length, "
                    + "X-Request-Id (and the body's copies of it), RateLimit-Remaining/Reset, Set-Cookie values and the "
                    + "sign-in form's `_login` token normalised, and the asked-for value (id, code, cursor, slug) replaced "
                    + "by a placeholder in both answers. Nothing else is normalised.");
            report.note("A page that changes between two identical requests (e.g. the audit log, which records each read) "
                    + "is compared again with a second random id; when the two random answers differ too, the pair is "
                    + "counted as unstable and compared by status and leaks only.");
            report.note("CSRF on every state-changing form: see CsrfRouteWalkerTest's section; tokens and sessions: "
                    + "TokensAndSessionsTest's.");
            report.write();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void every_text_column_of_every_clinic_carries_its_canary() {
        for (Side side : SIDES) {
            assertThat(side.clinic().uncovered()).as(side.name() + ": text columns without the canary or a reason "
                    + "(CanaryClinic.NOT_CANARIED / SEEDED)").isEmpty();
            assertThat(side.clinic().canaried()).as(side.name() + ": canaried columns").hasSizeGreaterThan(40);
        }
        report.figure("text columns carrying the canary (per clinic)", SIDES.getFirst().clinic().canaried().size());
        report.figure("text columns left out, each with its reason", CanaryClinic.NOT_CANARIED.size());
    }

    @Test
    void the_query_ids_name_routes_of_the_router() {
        Set<String> known = new java.util.HashSet<>(routes.stream().map(Route::toString).toList());
        assertThat(known).as("routes of QUERY_IDS").containsAll(QUERY_IDS.keySet());
    }

    @TestFactory
    Stream<DynamicContainer> an_attacker_clinic_learns_and_changes_nothing_of_a_victim_clinic() {
        List<int[]> pairs = LONG
                ? List.of(new int[] {1, 0}, new int[] {2, 0}, new int[] {0, 1}, new int[] {2, 1}, new int[] {0, 2}, new int[] {1, 2})
                : List.<int[]>of(new int[] {1, 0});
        return pairs.stream().map(pair -> {
            Side attacker = SIDES.get(pair[0]);
            Side victim = SIDES.get(pair[1]);
            Side bystander = SIDES.get(3 - pair[0] - pair[1]);
            Victim[] prepared = new Victim[1];
            ClinicSnapshot[] before = new ClinicSnapshot[2];
            String label = attacker.name() + " attacks " + victim.name() + " (" + bystander.name() + " looks on)";
            return dynamicContainer(label, Stream.of(
                    dynamicTest("prepare: the victim's writes, cursors and ETags; snapshots", () -> {
                        prepared[0] = prepare(victim, bystander);
                        before[0] = ClinicSnapshot.of(db, victim.clinic().id());
                        before[1] = ClinicSnapshot.of(db, bystander.clinic().id());
                    }),
                    dynamicTest("the victim's ids on the attacker's own URLs (every GET route, each id)",
                            () -> finding(foreignIdsOnGets(attacker, prepared[0]))),
                    dynamicTest("the victim's ids, codes and tokens in every write (each slot, then all), and its ETags",
                            () -> finding(foreignIdsInWrites(attacker, prepared[0]))),
                    dynamicTest("the victim's cursors, patient codes and query ids on the attacker's lists",
                            () -> finding(foreignQueries(attacker, prepared[0]))),
                    dynamicTest("the attacker's sessions and tokens on the victim's URLs: the unknown clinic's answer",
                            () -> finding(foreignCredentials(attacker, prepared[0]))),
                    dynamicTest("random, malformed and re-encoded ids: no server error, no leak, re-encodings told apart from nothing",
                            () -> finding(malformedIds(attacker, prepared[0]))),
                    dynamicTest("the victim's and the bystander's rows are unchanged", () -> {
                        Findings f = new Findings();
                        List<String> victimChanged = ClinicSnapshot.of(db, victim.clinic().id()).changedSince(before[0]);
                        List<String> bystanderChanged = ClinicSnapshot.of(db, bystander.clinic().id()).changedSince(before[1]);
                        if (!victimChanged.isEmpty()) {
                            f.add(UNCHANGED, victim.name() + ": " + victimChanged);
                        }
                        if (!bystanderChanged.isEmpty()) {
                            f.add(UNCHANGED, bystander.name() + ": " + bystanderChanged);
                        }
                        finding(f);
                    })));
        });
    }

    @TestFactory
    Stream<DynamicContainer> within_a_clinic_nobody_reaches_past_their_own_records_or_permissions() {
        List<Side> clinics = LONG ? SIDES : List.of(SIDES.getFirst());
        return clinics.stream().map(side -> dynamicContainer("clinic " + side.name(), Stream.of(
                dynamicTest("the patient asks for the other patient's records: a random id's answer",
                        () -> finding(otherPatientsRecords(side))),
                dynamicTest("each role outside its permission: 403, the same whether the record exists or not",
                        () -> finding(outsidePermissions(side))))));
    }

    private static void finding(Findings f) {
        f.addTo(TOTALS);
        assertThat(f.isEmpty()).as(f.toString()).isTrue();
    }

    // ---- preparing a victim ----

    private static Victim prepare(Side victim, Side bystander) {
        Map<String, Write> writes = new LinkedHashMap<>();
        for (Route route : writeRoutes()) {
            writes.put(route.toString(), victim.scenarios().prepare(route.toString()));
        }
        Map<String, String> cursors = new LinkedHashMap<>();
        for (Route route : routes) {
            if (!route.isApi() || !route.isGet() || !route.params().stream().allMatch(p -> p.equals("patientId"))) {
                continue;
            }
            Role role = permitted(route).getFirst();
            Reply reply = probe.send(SETUP, Request.api("GET", route.concrete(victim.slug(), victim.clinic()::idForText)
                    + "?limit=1", victim.tokens().get(role), null));
            JsonNode body = json(reply);
            if (reply.status() == 200 && body != null && body.has("next")) {
                assertThat(body.get("next").isNull()).as(route + " (as " + role + ") has a next page to take a cursor from: "
                        + "seed more rows in CanaryClinic").isFalse();
                cursors.put(route.toString(), body.get("next").asText());
            }
        }
        assertThat(cursors).as("API lists with a cursor").hasSizeGreaterThanOrEqualTo(10);
        Map<String, String> etags = new LinkedHashMap<>();
        for (var write : writes.entrySet()) {
            if (!write.getValue().headers().containsKey("If-Match")) {
                continue;
            }
            Route get = readerOf(write.getKey());
            String path = get.concrete(victim.slug(), Probe.pathParams(write.getKey().substring(write.getKey().indexOf(' ') + 1),
                    write.getValue().path())::get);
            Reply reply = probe.send(SETUP, Request.api("GET", path, victim.tokens().get(permitted(get).getFirst()), null));
            assertThat(reply.status()).as(get + " for the ETag of " + write.getKey()).isEqualTo(200);
            etags.put(write.getKey(), reply.header("etag"));
        }
        Needles needles = Needles.none()
                .plusClinic("clinic " + victim.name(), victim.clinic(), CanaryClinic.idsOf(db, victim.clinic()))
                .plusClinic("clinic " + bystander.name(), bystander.clinic(), CanaryClinic.idsOf(db, bystander.clinic()));
        seenByItsOwnUsers(victim, needles);
        String cursorTime = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        return new Victim(victim, writes, cursors, etags, needles, cursorTime);
    }

    /**
     * The control: the victim's own users, on its own GET routes with its own ids, do see what the
     * attacks look for -- so its absence from the attacker's answers means something.
     */
    private static void seenByItsOwnUsers(Side victim, Needles needles) {
        int answered = 0;
        int showing = 0;
        List<String> blind = new ArrayList<>();
        for (Route route : routes) {
            if (!route.isGet() || route.permission() == Permission.PUBLIC) {
                continue;
            }
            Role role = permitted(route).getFirst();
            Reply reply = probe.send(SETUP, request(route, victim, role, route.concrete(victim.slug(), victim.clinic()::idForText)));
            if (reply.status() != 200) {
                continue;
            }
            answered++;
            List<String> found = needles.foundIn(reply.everything());
            if (found.stream().anyMatch(n -> n.contains("canary") || n.contains("marker"))) {
                showing++;
            } else if (KEY_PAGES.contains(route.toString())) {
                blind.add(route + " as " + role);
            }
        }
        assertThat(blind).as("the victim's own pages that should show its canary").isEmpty();
        report.figure("control: the victim's own GET answers (200) showing its canary or marker", showing + " of " + answered);
    }

    /** Pages and API answers that show a record's text: each must show the canary to the clinic's own user. */
    private static final Set<String> KEY_PAGES = Set.of("GET /clinic/{slug}/patients/{patientId}",
            "GET /clinic/{slug}/my-record", "GET /clinic/{slug}/api/v1/patients/{patientId}",
            "GET /clinic/{slug}/api/v1/my-record/notes", "GET /clinic/{slug}/api/v1/patients/{patientId}/documents",
            "GET /clinic/{slug}/visits/{visitId}", "GET /clinic/{slug}/audit", "GET /clinic/{slug}/staff",
            "GET /clinic/{slug}/catalog/medicines", "GET /clinic/{slug}/settings");

    /** The GET route that reads what a write with If-Match changes: the same path, or its parent. */
    private static Route readerOf(String write) {
        String template = write.substring(write.indexOf(' ') + 1);
        for (String candidate : List.of(template, template.substring(0, template.lastIndexOf('/')))) {
            for (Route route : routes) {
                if (route.isGet() && route.path().equals(candidate)) {
                    return route;
                }
            }
        }
        throw new AssertionError("no GET route reads what " + write + " changes");
    }

    // ---- 1. the victim's ids on the attacker's own URLs ----

    private static Findings foreignIdsOnGets(Side attacker, Victim victim) {
        Findings f = new Findings();
        for (Route route : routes) {
            if (!route.isGet() || route.params().isEmpty()) {
                continue;
            }
            List<String> params = route.params();
            for (Role role : rolesFor(route)) {
                for (int i = 0; i <= params.size(); i++) {
                    if (i == params.size() && params.size() < 2) {
                        break;
                    }
                    Map<String, String> foreign = new HashMap<>();
                    Map<String, String> random = new HashMap<>();
                    for (int j = 0; j < params.size(); j++) {
                        if (i == params.size() || i == j) {
                            String theirs = foreignValue(victim, params.get(j));
                            if (theirs == null) {
                                continue;
                            }
                            foreign.put(params.get(j), theirs);
                            random.put(params.get(j), WriteSlots.randomLike(theirs));
                        }
                    }
                    if (foreign.isEmpty()) {
                        f.add(NOT_COVERED, route + ": no value of the victim for " + params);
                        continue;
                    }
                    String fPath = route.concrete(attacker.slug(), p -> foreign.getOrDefault(p, attacker.clinic().idForText(p)));
                    String rPath = route.concrete(attacker.slug(), p -> random.getOrDefault(p, attacker.clinic().idForText(p)));
                    compare(f, victim.needles(), FOREIGN_GET, role + " " + route + " " + foreign.keySet(),
                            request(route, attacker, role, fPath), request(route, attacker, role, rPath),
                            asked(foreign, random));
                }
            }
        }
        return f;
    }

    /** The victim's value for a path parameter: its fixture row's id, or a live one-time link's token. */
    private static String foreignValue(Victim victim, String param) {
        if (param.equals("token")) {
            Write welcome = victim.writes().get("POST /clinic/{slug}/welcome/{token}");
            return Probe.pathParams("/clinic/{slug}/welcome/{token}", welcome.path()).get("token");
        }
        UUID id = victim.side().clinic().idFor(param);
        return id == null ? null : id.toString();
    }

    // ---- 2. the victim's ids in the attacker's writes ----

    private static Findings foreignIdsInWrites(Side attacker, Victim victim) {
        Findings f = new Findings();
        for (Route route : writeRoutes()) {
            String key = route.toString();
            Write mine = attacker.scenarios().prepare(key);
            Write theirs = victim.writes().get(key);
            List<String> mySlots = WriteSlots.of(key, mine);
            List<String> theirSlots = WriteSlots.of(key, theirs);
            if (mySlots.size() != theirSlots.size()) {
                f.add(NOT_COVERED, key + ": the two clinics' writes have " + mySlots.size() + " and " + theirSlots.size() + " slots");
                continue;
            }
            if (mySlots.isEmpty()) {
                continue; // nothing in it names a record (a new patient, signing in, the clinic's own settings)
            }
            for (int i = 0; i <= mySlots.size(); i++) {
                if (i == mySlots.size() && mySlots.size() < 2) {
                    break;
                }
                Map<Integer, String> foreign = new HashMap<>();
                Map<Integer, String> random = new HashMap<>();
                Map<String, String> asked = new HashMap<>();
                for (int j = 0; j < mySlots.size(); j++) {
                    if (i == mySlots.size() || i == j) {
                        String r = WriteSlots.randomLike(theirSlots.get(j));
                        foreign.put(j, theirSlots.get(j));
                        random.put(j, r);
                        asked.put(theirSlots.get(j), "{asked" + j + "}");
                        asked.put(r, "{asked" + j + "}");
                    }
                }
                Write f1 = WriteSlots.with(key, mine, foreign);
                Write r1 = WriteSlots.with(key, mine, random);
                compare(f, victim.needles(), FOREIGN_WRITE, key + " slot " + (i == mySlots.size() ? "all" : i),
                        () -> sendWrite(FOREIGN_WRITE, attacker, mine, f1), () -> sendWrite(FOREIGN_WRITE, attacker, mine, r1),
                        asked);
            }
            String etag = victim.etags().get(key);
            if (etag != null) {
                List<String> ifMatches = new ArrayList<>();
                ifMatches.add(etag);
                ifMatches.addAll(LONG ? MALFORMED_IF_MATCH : MALFORMED_IF_MATCH.subList(0, 2));
                for (String ifMatch : ifMatches) {
                    String r = WriteSlots.randomLike(theirSlots.getFirst());
                    Write f1 = withIfMatch(WriteSlots.with(key, mine, Map.of(0, theirSlots.getFirst())), ifMatch);
                    Write r1 = withIfMatch(WriteSlots.with(key, mine, Map.of(0, r)), ifMatch);
                    compare(f, victim.needles(), FOREIGN_ETAG, key + " If-Match " + ifMatch,
                            () -> sendWrite(FOREIGN_ETAG, attacker, mine, f1), () -> sendWrite(FOREIGN_ETAG, attacker, mine, r1),
                            Map.of(theirSlots.getFirst(), "{asked}", r, "{asked}"));
                }
            }
        }
        return f;
    }

    private static Write withIfMatch(Write write, String ifMatch) {
        Map<String, String> headers = new LinkedHashMap<>(write.headers());
        headers.put("If-Match", ifMatch);
        return new Write(write.clinic(), write.role(), write.formPage(), write.method(), write.path(), write.fields(),
                write.upload(), write.json(), headers, write.success(), write.writes());
    }

    /**
     * Sends {@code write} as {@code side}'s user of its role (a page's form with the session's CSRF
     * token; a public form with the token of its own page, {@code original}'s; the API with the
     * role's token).
     */
    private static Reply sendWrite(String category, Side side, Write original, Write write) {
        Probe.Upload upload = write.upload() == null ? null : new Probe.Upload(write.upload().field(),
                write.upload().fileName(), write.upload().contentType(), write.upload().content());
        if (write.isApi()) {
            String token = write.role() == null ? null : side.tokens().get(write.role());
            Request request = upload != null
                    ? new Request(write.method(), write.path(), Map.of(), token, write.headers(), write.fields(), null, upload)
                    : new Request(write.method(), write.path(), Map.of(), token, write.headers(), null, write.json(), null);
            return probe.send(category, request);
        }
        Map<String, String> form = new LinkedHashMap<>();
        Map<String, String> cookies;
        if (write.role() == null) {
            TestBrowser fresh = server.browser();
            report.request(SETUP);
            fresh.get(original.formPage());
            form.put("_login", String.valueOf(fresh.loginToken()));
            cookies = fresh.cookies;
        } else {
            TestBrowser browser = side.browsers().get(write.role());
            form.put("_csrf", browser.csrf());
            cookies = browser.cookies;
        }
        form.putAll(write.fields());
        return probe.send(category, new Request(write.method(), write.path(), Map.copyOf(cookies), null, Map.of(), form,
                null, upload));
    }

    // ---- 3. the victim's cursors, codes and ids in the attacker's query strings ----

    private static Findings foreignQueries(Side attacker, Victim victim) {
        Findings f = new Findings();
        CanaryClinic theirs = victim.side().clinic();
        for (Route route : routes) {
            List<QueryId> queryIds = QUERY_IDS.getOrDefault(route.toString(), List.of());
            String path = route.concrete(attacker.slug(), attacker.clinic()::idForText);
            for (QueryId query : queryIds) {
                String foreign = switch (query.kind()) {
                    case ID -> theirs.clinic.row(query.table()).toString();
                    case CURSOR -> victim.cursorTime() + "_" + theirs.clinic.row(query.table());
                    case CODE -> theirs.patientCode;
                    case RECORD -> "patient:" + theirs.clinic.row("patient");
                    case DRAFT_PAGE -> "/clinic/" + attacker.slug() + "/visits/" + theirs.clinic.row(query.table()) + "#note";
                };
                String theirId = theirs.clinic.row(query.table()).toString();
                String random = query.kind() == Kind.CODE ? WriteSlots.randomLike(foreign)
                        : foreign.replace(theirId, WriteSlots.randomLike(theirId));
                for (Role role : rolesFor(route)) {
                    compare(f, victim.needles(), QUERY, role + " " + route + " ?" + query.name(),
                            request(route, attacker, role, path + "?" + query.prefix() + query.name() + "=" + Probe.enc(foreign)),
                            request(route, attacker, role, path + "?" + query.prefix() + query.name() + "=" + Probe.enc(random)),
                            Map.of(foreign, "{asked}", random, "{asked}"));
                }
            }
            String cursor = victim.apiCursors().get(route.toString());
            if (cursor != null) {
                String random = randomCursor(cursor);
                for (Role role : rolesFor(route)) {
                    compare(f, victim.needles(), QUERY, role + " " + route + " ?cursor",
                            request(route, attacker, role, path + "?limit=1&cursor=" + Probe.enc(cursor)),
                            request(route, attacker, role, path + "?limit=1&cursor=" + Probe.enc(random)),
                            Map.of(cursor, "{asked}", random, "{asked}"));
                }
            }
        }
        return f;
    }

    /**
     * The same cursor with each id in it replaced by a fresh one, its other parts (a time, a name)
     * kept -- also inside a cursor that is base64url of "time_id" (the lab's orders).
     */
    static String randomCursor(String cursor) {
        String replaced = replaceIds(cursor);
        if (!replaced.equals(cursor)) {
            return replaced;
        }
        try {
            String decoded = new String(java.util.Base64.getUrlDecoder().decode(cursor), java.nio.charset.StandardCharsets.UTF_8);
            String inside = replaceIds(decoded);
            if (!inside.equals(decoded)) {
                return java.util.Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(inside.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (IllegalArgumentException notBase64) {
            // below
        }
        throw new AssertionError("a cursor with no id in it, to be told from a random one: " + cursor);
    }

    private static String replaceIds(String text) {
        Matcher m = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, WriteSlots.randomLike(m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    // ---- 4. the attacker's credentials on the victim's URLs ----

    private static Findings foreignCredentials(Side attacker, Victim victim) {
        Findings f = new Findings();
        Side theirs = victim.side();
        int n = 0;
        for (Route route : routes) {
            String path = route.concrete(theirs.slug(), p -> {
                String value = foreignValue(victim, p);
                return value == null ? Ids.newId().toString() : value;
            });
            String unknownSlug = "no-such-clinic-" + UUID.randomUUID().toString().substring(0, 8);
            String unknownPath = path.replaceFirst("^/clinic/[^/]+", "/clinic/" + unknownSlug);
            List<Role> roles = LONG ? List.of(Role.values()) : List.of(Role.values()[n++ % Role.values().length]);
            for (Role role : roles) {
                Request mine = request(route, attacker, role, path);
                String what = attacker.name() + "'s " + role + " on " + route;
                if (route.permission() == Permission.PUBLIC) {
                    // what anyone may see there: the same request without the attacker's session or token
                    Request anonymous = new Request(mine.method(), mine.path(), Map.of(), null, mine.headers(),
                            mine.form() == null ? null : withoutCsrf(mine.form()), mine.json(), mine.upload());
                    compare(f, Needles.none(), FOREIGN_CREDENTIALS, what + " (public: as anyone)",
                            () -> probe.send(FOREIGN_CREDENTIALS, mine), () -> probe.send(FOREIGN_CREDENTIALS, anonymous), Map.of());
                } else {
                    compare(f, victim.needles(), FOREIGN_CREDENTIALS, what + " (as on an unknown clinic)",
                            () -> probe.send(FOREIGN_CREDENTIALS, mine),
                            () -> probe.send(FOREIGN_CREDENTIALS, mine.withPath(unknownPath)),
                            Map.of(theirs.slug(), "{slug}", unknownSlug, "{slug}"));
                }
            }
        }
        return f;
    }

    private static Map<String, String> withoutCsrf(Map<String, String> form) {
        Map<String, String> copy = new LinkedHashMap<>(form);
        copy.remove("_csrf");
        return copy;
    }

    // ---- 5. random, malformed and re-encoded ids ----

    private static Findings malformedIds(Side attacker, Victim victim) {
        Findings f = new Findings();
        List<String> malformed = LONG ? MALFORMED_IDS : MALFORMED_IDS.subList(0, MALFORMED_SHORT);
        List<Function<String, String>> encodings = LONG ? ENCODINGS : ENCODINGS.subList(0, 1);
        for (Route route : routes) {
            if (route.params().isEmpty()) {
                continue;
            }
            for (String param : route.params()) {
                String theirs = foreignValue(victim, param);
                Role role = rolesFor(route).getFirst();
                List<String> values = new ArrayList<>(malformed);
                values.add(theirs == null || param.equals("token") ? Ids.newId().toString() : WriteSlots.randomLike(theirs));
                if (param.equals("patientId")) {
                    values.add(victim.side().clinic().patientCode); // a patient code where the id goes
                }
                for (String value : values) {
                    if (route.isGet()) {
                        String path = route.concrete(attacker.slug(), p -> p.equals(param) ? value : attacker.clinic().idForText(p));
                        check(f, victim.needles(), MALFORMED, role + " " + route + " " + param + "=" + shorten(value),
                                probe.send(MALFORMED, request(route, attacker, role, path)), Map.of(value, "{asked}"));
                    } else {
                        Write mine = attacker.scenarios().prepare(route.toString());
                        int slot = route.params().indexOf(param);
                        Write bad = WriteSlots.with(route.toString(), mine, Map.of(slot, value));
                        check(f, victim.needles(), MALFORMED, route + " " + param + "=" + shorten(value),
                                sendWrite(MALFORMED, attacker, mine, bad), Map.of(value, "{asked}"));
                    }
                    if (!LONG && !route.isGet()) {
                        break; // a write's own request is prepared afresh for each value: one malformed id in the short form
                    }
                }
                if (theirs == null || !route.isGet() || param.equals("token")) {
                    continue;
                }
                for (Function<String, String> encoding : encodings) {
                    String random = WriteSlots.randomLike(theirs);
                    String fValue = encoding.apply(theirs);
                    String rValue = encoding.apply(random);
                    compare(f, victim.needles(), ENCODED, role + " " + route + " " + param + "=" + fValue,
                            request(route, attacker, role, route.concrete(attacker.slug(),
                                    p -> p.equals(param) ? fValue : attacker.clinic().idForText(p))),
                            request(route, attacker, role, route.concrete(attacker.slug(),
                                    p -> p.equals(param) ? rValue : attacker.clinic().idForText(p))),
                            Map.of(fValue, "{asked}", rValue, "{asked}", theirs, "{asked}", random, "{asked}"));
                }
            }
        }
        return f;
    }

    private static String shorten(String value) {
        return value.length() > 40 ? value.substring(0, 20) + "...(" + value.length() + " chars)" : value;
    }

    // ---- within a clinic ----

    private static Findings otherPatientsRecords(Side side) {
        Findings f = new Findings();
        CanaryClinic clinic = side.clinic();
        Needles needles = Needles.none().plusOtherPatient(clinic);
        Map<String, UUID> theirs = clinic.otherPatientRows;
        Map<String, String> byParam = new LinkedHashMap<>();
        byParam.put("patientId", theirs.get("patient").toString());
        byParam.put("visitId", theirs.get("patient_visit").toString());
        byParam.put("orderId", theirs.get("test_order").toString());
        byParam.put("reportId", theirs.get("medical_report").toString());
        byParam.put("prescriptionId", theirs.get("prescription").toString());
        byParam.put("logoFileId", theirs.get("document_file").toString());
        byParam.put("fileId", theirs.get("report_file").toString());
        for (Route route : routes) {
            List<String> params = route.params().stream().filter(byParam::containsKey).toList();
            if (params.isEmpty() || route.permission() == Permission.PUBLIC) {
                continue;
            }
            for (String param : params) {
                String foreign = byParam.get(param);
                String random = WriteSlots.randomLike(foreign);
                String fPath = route.concrete(side.slug(), p -> p.equals(param) ? foreign : clinic.idForText(p));
                String rPath = route.concrete(side.slug(), p -> p.equals(param) ? random : clinic.idForText(p));
                compare(f, needles, OTHER_PATIENT, "the patient on " + route + " " + param,
                        request(route, side, Role.PATIENT, fPath), request(route, side, Role.PATIENT, rPath),
                        Map.of(foreign, "{asked}", random, "{asked}"));
            }
        }
        // the own record's lists, paged from the other patient's rows
        for (String route : List.of("GET /clinic/{slug}/my-record")) {
            Route r = routes.stream().filter(x -> x.toString().equals(route)).findFirst().orElseThrow();
            for (QueryId query : QUERY_IDS.get(route)) {
                UUID row = theirs.get(query.table());
                String foreign = query.kind() == Kind.CURSOR ? Instant.now().truncatedTo(ChronoUnit.SECONDS) + "_" + row
                        : row.toString();
                String random = foreign.replace(row.toString(), WriteSlots.randomLike(row.toString()));
                String path = "/clinic/" + side.slug() + "/my-record?" + query.name() + "=";
                compare(f, needles, OTHER_PATIENT, "the patient's " + route + " ?" + query.name(),
                        request(r, side, Role.PATIENT, path + Probe.enc(foreign)),
                        request(r, side, Role.PATIENT, path + Probe.enc(random)),
                        Map.of(foreign, "{asked}", random, "{asked}"));
            }
        }
        return f;
    }

    private static Findings outsidePermissions(Side side) {
        Findings f = new Findings();
        Needles none = Needles.none();
        int n = 0;
        for (Route route : routes) {
            if (route.permission() == Permission.PUBLIC) {
                continue;
            }
            List<Role> refused = List.of(Role.values()).stream().filter(r -> !PermissionMatrix.allows(r, route.permission()))
                    .toList();
            if (refused.isEmpty()) {
                continue;
            }
            List<Role> roles = LONG ? refused : List.of(refused.get(n++ % refused.size()));
            for (Role role : roles) {
                Map<String, String> random = new HashMap<>();
                route.params().forEach(p -> random.put(p, WriteSlots.randomLike(side.clinic().idForText(p))));
                String real = route.concrete(side.slug(), side.clinic()::idForText);
                String made = route.concrete(side.slug(), p -> random.getOrDefault(p, side.clinic().idForText(p)));
                Map<String, String> asked = new HashMap<>();
                route.params().forEach(p -> {
                    asked.put(side.clinic().idForText(p), "{" + p + "}");
                    asked.put(random.get(p), "{" + p + "}");
                });
                Reply[] first = new Reply[1];
                compare(f, none, OUTSIDE_PERMISSIONS, role + " on " + route + " (" + route.permission() + ")", () -> {
                    first[0] = probe.send(OUTSIDE_PERMISSIONS, request(route, side, role, real));
                    return first[0];
                }, () -> probe.send(OUTSIDE_PERMISSIONS, request(route, side, role, made)), asked);
                if (first[0].status() != 403) {
                    f.add(NOT_403, role + " on " + route + " -> " + first[0].status());
                }
            }
        }
        return f;
    }

    // ---- requests and comparisons ----

    /** {@code role}'s request of {@code side} for the route at {@code path}: a page with its session, the API with its token. */
    private static Request request(Route route, Side side, Role role, String path) {
        String method = route.method().name();
        if (route.isApi()) {
            return Request.api(method, path, side.tokens().get(role), method.equals("GET") ? null : "{}");
        }
        return Request.page(method, path, side.browsers().get(role), Map.of());
    }

    private static List<Role> rolesFor(Route route) {
        return LONG ? List.of(Role.values()) : permitted(route);
    }

    /** The roles the route's permission grants, the preferred first (every role for a public route). */
    private static List<Role> permitted(Route route) {
        List<Role> roles = PREFERRED.stream().filter(r -> PermissionMatrix.allows(r, route.permission())).toList();
        return roles.isEmpty() ? List.of(Role.DOCTOR) : roles;
    }

    private static List<Route> writeRoutes() {
        return routes.stream().filter(r -> !r.isGet()).toList();
    }

    private static Map<String, String> asked(Map<String, String> foreign, Map<String, String> random) {
        Map<String, String> asked = new HashMap<>();
        foreign.forEach((param, value) -> asked.put(value, "{" + param + "}"));
        random.forEach((param, value) -> asked.put(value, "{" + param + "}"));
        return asked;
    }

    private static void compare(Findings f, Needles needles, String category, String what, Request foreign, Request random,
                                Map<String, String> asked) {
        compare(f, needles, category, what, () -> probe.send(category, foreign), () -> probe.send(category, random), asked);
    }

    /**
     * The foreign request's answer and the random one's, canonical, must be equal; when they are
     * not, a second random request tells a real difference (the two random ones agree) from a page
     * that changes by itself (they do not: then only the statuses are compared). Both answers are
     * searched for leaks.
     */
    private static void compare(Findings f, Needles needles, String category, String what,
                                java.util.function.Supplier<Reply> foreign, java.util.function.Supplier<Reply> random,
                                Map<String, String> asked) {
        Reply a = foreign.get();
        Reply b = random.get();
        comparisons++;
        check(f, needles, category, what, a, asked);
        check(f, needles, category, what + " (random)", b, asked);
        String ca = Probe.canonical(a, asked);
        String cb = Probe.canonical(b, asked);
        if (ca.equals(cb)) {
            return;
        }
        Reply c = random.get();
        String cc = Probe.canonical(c, asked);
        if (cb.equals(cc) || ca.equals(cc)) {
            if (!ca.equals(cc)) {
                f.add(TOLD_APART, what + ": " + a.status() + " vs " + b.status() + " " + Probe.firstDifference(ca, cb));
            }
            return;
        }
        unstable++;
        if (a.status() != b.status() && b.status() == c.status()) {
            f.add(TOLD_APART, what + " (a page that changes by itself): " + a.status() + " vs " + b.status());
        }
    }

    private static void check(Findings f, Needles needles, String category, String what, Reply reply,
                              Map<String, String> asked) {
        if (reply.status() >= 500) {
            f.add(SERVER_ERROR, category + ": " + what + " -> " + reply.status());
        }
        for (String found : needles.foundIn(Probe.canonical(reply, asked))) {
            f.add(LEAK, category + ": " + what + " -> " + reply.status() + ": " + found);
        }
    }

    private static JsonNode json(Reply reply) {
        String type = reply.header("content-type");
        if (type == null || !type.startsWith("application/json")) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(reply.body());
        } catch (IOException e) {
            return null;
        }
    }
}
