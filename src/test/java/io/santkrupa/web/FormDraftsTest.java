package io.santkrupa.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.ConsultationFixture;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR_NOTE;
import static io.santkrupa.db.jooq.santkrupa.Tables.FORM_DRAFT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing typed is lost, through real HTTP: a note saved after the session ended is not written
 * but carried through the sign-in page and kept -- for the same person only -- as a draft of
 * its page; drafts are each person's own, bounded, never hold a password, and go once their
 * form is saved; "stay signed in" extends the session.
 */
@ExtendWith(TestDatabaseExtension.class)
class FormDraftsTest {

    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"(kept\\.[^\"]+|_draft)\" value=\"([^\"]*)\">");

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;
    private static Clinic other;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        other = WebFixture.clinicWithLogins(db, server.hasher);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_note_saved_after_the_session_ended_is_carried_through_the_sign_in_and_kept_for_its_page() {
        TestBrowser doctor = signedIn("doctor");
        UUID visit = startedVisit(doctor);
        String page = page(visit);
        doctor.get(page);
        server.clock.advance(Duration.ofMinutes(16));

        HttpResponse<String> ended = doctor.post(page + "/note", note(page, "Fever and cough for four days"));

        assertThat(ended.statusCode()).isEqualTo(401);
        assertThat(ended.body()).contains("id=\"session-ended\"").contains("what you typed is kept");
        Map<String, String> carried = carried(ended.body());
        assertThat(carried).containsEntry("_draft", page + "#note")
                .containsEntry("kept.chiefComplaint", "Fever and cough for four days")
                .containsEntry("kept.diagnosis", "Viral fever")
                .doesNotContainKey("kept._csrf");
        assertThat(noteOf(visit)).as("nothing written without a session").isNull();

        Map<String, String> signIn = new LinkedHashMap<>(carried);
        signIn.put("username", "doctor");
        signIn.put("password", "wrong");
        HttpResponse<String> mistyped = doctor.post("/clinic/" + clinic.slug() + "/login", signIn);
        assertThat(mistyped.statusCode()).isEqualTo(401);
        assertThat(carried(mistyped.body())).as("a mistyped password loses nothing").isEqualTo(carried);

        signIn.put("password", WebFixture.password("doctor"));
        HttpResponse<String> back = doctor.post("/clinic/" + clinic.slug() + "/login", signIn);

        assertThat(back.statusCode()).isEqualTo(303);
        assertThat(back.headers().firstValue("Location")).hasValue(page + "#note");
        JsonNode drafts = drafts(doctor, page);
        assertThat(drafts.at("/drafts/0/form").asText()).isEqualTo("note");
        assertThat(drafts.at("/drafts/0/fields/chiefComplaint").asText()).isEqualTo("Fever and cough for four days");
        assertThat(noteOf(visit)).isNull();

        // saved at last: the draft goes with it
        doctor.get(page);
        HttpResponse<String> saved = doctor.post(page + "/note", note(page, "Fever and cough for four days"));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        assertThat(noteOf(visit)).isEqualTo("Fever and cough for four days");
        assertThat(drafts(doctor, page).get("drafts")).isEmpty();
    }

    @Test
    void someone_else_signing_in_on_that_screen_gets_no_draft_and_starts_at_home() {
        TestBrowser doctor = signedIn("doctor");
        UUID visit = startedVisit(doctor);
        String page = page(visit);
        doctor.get(page);
        server.clock.advance(Duration.ofMinutes(16));
        Map<String, String> carried = carried(doctor.post(page + "/note", note(page, "Private complaint")).body());

        Map<String, String> signIn = new LinkedHashMap<>(carried);
        signIn.put("username", "reception");
        signIn.put("password", WebFixture.password("reception"));
        HttpResponse<String> other = doctor.post("/clinic/" + clinic.slug() + "/login", signIn);

        assertThat(other.statusCode()).isEqualTo(303);
        assertThat(other.headers().firstValue("Location")).hasValue("/clinic/" + clinic.slug() + "/");
        assertThat(draftRows(visit)).isZero();
    }

    @Test
    void a_form_without_a_draft_posted_without_a_session_goes_back_to_its_page_after_signing_in() {
        String queue = "/clinic/" + clinic.slug() + "/queue";
        HttpResponse<String> response = server.browser().post(queue + "/" + UUID.randomUUID() + "/status",
                Map.of("to", "cancelled"), Map.of("Referer", server.url(queue + "?doctor=" + UUID.randomUUID()),
                        "Accept", "text/html,application/xhtml+xml"));
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).hasValue("/clinic/" + clinic.slug() + "/login?next="
                + URLEncoder.encode(queue, StandardCharsets.UTF_8));
    }

    @Test
    void a_form_posted_without_a_session_from_no_page_of_this_clinic_goes_to_the_clinics_home_after_signing_in() {
        String home = "/clinic/" + clinic.slug() + "/login?next=" + URLEncoder.encode("/clinic/" + clinic.slug() + "/",
                StandardCharsets.UTF_8);
        String form = "/clinic/" + clinic.slug() + "/queue/" + UUID.randomUUID() + "/status";
        for (Map<String, String> from : java.util.List.of(Map.<String, String>of(),
                Map.of("Referer", server.url("/clinic/" + other.slug() + "/queue")),
                Map.of("Referer", server.url("/clinic/" + clinic.slug() + "-other/queue")),
                Map.of("Referer", "not a link"))) {
            HttpResponse<String> response = server.browser().post(form, Map.of("to", "cancelled"), from);
            assertThat(response.statusCode()).as(from.toString()).isEqualTo(303);
            assertThat(response.headers().firstValue("Location")).as(from.toString()).hasValue(home);
        }
    }

    @Test
    void the_pages_own_requests_sent_without_a_session_hear_401_and_are_not_sent_to_sign_in() {
        // session.js keeps drafts and the session alive in the background: a redirect to a page would be lost on it
        for (String path : java.util.List.of("/drafts", "/session/keepalive")) {
            HttpResponse<String> response = server.browser().post("/clinic/" + clinic.slug() + path,
                    Map.of("page", "/clinic/" + clinic.slug() + "/patients/new"), Map.of("Accept", "application/json"));
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.headers().firstValue("Location")).as(path).isEmpty();
        }
    }

    @Test
    void a_draft_is_its_authors_alone_bounded_and_never_holds_a_password() {
        TestBrowser doctor = signedIn("doctor");
        UUID visit = startedVisit(doctor);
        String page = page(visit);
        doctor.get(page);

        HttpResponse<String> kept = doctor.post("/clinic/" + clinic.slug() + "/drafts", Map.of("_draft", page + "#note",
                "chiefComplaint", "Headache", "password", "secret", "newPassword", "secret"));
        assertThat(kept.statusCode()).as(kept.body()).isEqualTo(200);
        assertThat(kept.body()).contains("idleSecondsLeft");
        JsonNode mine = drafts(doctor, page);
        assertThat(mine.at("/drafts/0/fields/chiefComplaint").asText()).isEqualTo("Headache");
        assertThat(mine.at("/drafts/0/fields").has("password")).isFalse();
        assertThat(mine.at("/drafts/0/fields").has("newPassword")).isFalse();

        // another doctor of the clinic does not see it
        UUID colleague = ConsultationFixture.doctor(db, server.hasher, clinic, "drafts-colleague");
        assertThat(colleague).isNotNull();
        TestBrowser theOther = signedIn("drafts-colleague");
        theOther.get("/clinic/" + clinic.slug() + "/");
        assertThat(drafts(theOther, page).get("drafts")).isEmpty();

        // another clinic's pages, malformed names, control characters, too many fields: refused, nothing kept
        for (Map<String, String> refused : java.util.List.of(
                Map.of("_draft", "/clinic/" + other.slug() + "/visits/" + visit + "#note", "chiefComplaint", "x"),
                Map.of("_draft", page, "chiefComplaint", "x"),
                Map.of("_draft", page + "#note", "chief complaint", "x"),
                Map.of("_draft", page + "#note", "chiefComplaint", "bell\u0007"),
                Map.of("_draft", page + "#note", "chiefComplaint", "x".repeat(10_001)),
                Map.of("_draft", page + "#note"))) {
            HttpResponse<String> response = doctor.post("/clinic/" + clinic.slug() + "/drafts", refused);
            assertThat(response.statusCode()).as(refused.keySet().toString()).isEqualTo(422);
        }
        Map<String, String> many = new LinkedHashMap<>(Map.of("_draft", page + "#note"));
        for (int i = 0; i < 61; i++) {
            many.put("field" + i, "x");
        }
        assertThat(doctor.post("/clinic/" + clinic.slug() + "/drafts", many).statusCode()).isEqualTo(422);
        assertThat(drafts(doctor, page).at("/drafts/0/fields/chiefComplaint").asText()).isEqualTo("Headache");

        assertThat(doctor.post("/clinic/" + clinic.slug() + "/drafts/discard", Map.of("_draft", page + "#note"))
                .statusCode()).isEqualTo(200);
        assertThat(drafts(doctor, page).get("drafts")).isEmpty();
    }

    @Test
    void saving_one_form_of_a_page_keeps_the_draft_of_another() {
        TestBrowser doctor = signedIn("doctor");
        UUID visit = startedVisit(doctor);
        String page = page(visit);
        doctor.get(page);
        doctor.post("/clinic/" + clinic.slug() + "/drafts", Map.of("_draft", page + "#note", "chiefComplaint", "Typed, not saved"));

        HttpResponse<String> prescribed = doctor.post(page + "/prescriptions", Map.of("_draft", page + "#new-prescription",
                "medicine_1", clinic.row("medicine").toString(), "dose_1", "1 tablet", "frequency_1", "Twice a day",
                "duration_1", "3"));

        assertThat(prescribed.statusCode()).as(prescribed.body()).isEqualTo(303);
        assertThat(drafts(doctor, page).at("/drafts/0/fields/chiefComplaint").asText()).isEqualTo("Typed, not saved");
    }

    @Test
    void stay_signed_in_extends_the_session_and_the_page_says_how_long_it_has() {
        TestBrowser doctor = signedIn("doctor");
        HttpResponse<String> home = doctor.get("/clinic/" + clinic.slug() + "/");
        assertThat(home.body()).containsPattern("data-session-left=\"(89\\d|900)\"").contains("id=\"session-warning\"");
        server.clock.advance(Duration.ofMinutes(14));
        HttpResponse<String> stay = doctor.post("/clinic/" + clinic.slug() + "/session/keepalive", Map.of());
        assertThat(stay.statusCode()).isEqualTo(200);
        assertThat(stay.body()).as("fifteen minutes again").matches("\\{\"idleSecondsLeft\":(89\\d|900)\\}");
        server.clock.advance(Duration.ofMinutes(14));
        assertThat(doctor.get("/clinic/" + clinic.slug() + "/").statusCode()).as("still signed in").isEqualTo(200);
    }

    private static Map<String, String> note(String page, String complaint) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("_draft", page + "#note");
        form.put("chiefComplaint", complaint);
        form.put("diagnosis", "Viral fever");
        form.put("notes", "");
        form.put("version", "");
        return form;
    }

    private static Map<String, String> carried(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(body);
        while (m.find()) {
            fields.put(m.group(1), m.group(2).replace("&#39;", "'").replace("&quot;", "\"").replace("&amp;", "&"));
        }
        return fields;
    }

    private static JsonNode drafts(TestBrowser browser, String page) {
        HttpResponse<String> response = browser.get("/clinic/" + clinic.slug() + "/drafts?page="
                + URLEncoder.encode(page, StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(200);
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(response.body(), e);
        }
    }

    private static TestBrowser signedIn(String username) {
        TestBrowser browser = server.browser();
        assertThat(browser.signIn(clinic.slug(), username, WebFixture.password(username)).statusCode()).isEqualTo(303);
        return browser;
    }

    private static UUID startedVisit(TestBrowser doctor) {
        UUID patient = ConsultationFixture.patient(db, server.hasher, clinic, "Draft", null);
        UUID visit = ConsultationFixture.waitingVisit(db, clinic, patient, server.clock.clinicToday());
        doctor.get(page(visit));
        assertThat(doctor.post(page(visit) + "/start", Map.of()).statusCode()).isEqualTo(303);
        return visit;
    }

    private static String page(UUID visit) {
        return "/clinic/" + clinic.slug() + "/visits/" + visit;
    }

    private static String noteOf(UUID visit) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.select(DOCTOR_NOTE.CHIEF_COMPLAINT).from(DOCTOR_NOTE)
                .where(DOCTOR_NOTE.CLINIC_ID.eq(clinic.id().value()), DOCTOR_NOTE.VISIT_ID.eq(visit))
                .fetchOne(DOCTOR_NOTE.CHIEF_COMPLAINT));
    }

    private static int draftRows(UUID visit) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(FORM_DRAFT,
                FORM_DRAFT.CLINIC_ID.eq(clinic.id().value()), FORM_DRAFT.PAGE.eq(page(visit))));
    }
}
