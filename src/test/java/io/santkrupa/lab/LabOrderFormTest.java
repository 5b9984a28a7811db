package io.santkrupa.lab;

import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.Html;
import io.santkrupa.testing.ReportFileContent;
import io.santkrupa.testing.StoredFiles;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order page's one form: uploading the report saves what was typed with it, a refused save
 * gives every typed value back (and says the file must be chosen again), and completing is its
 * own button that names what is missing.
 */
@ExtendWith(TestDatabaseExtension.class)
class LabOrderFormTest {

    private static final byte[] PDF = ReportFileContent.pdf(3_000);
    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;
    private static LabSeeds seeds;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        seeds = new LabSeeds(db, clinic);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String path(UUID order) {
        return "/clinic/" + clinic.slug() + "/lab/orders/" + order;
    }

    private static String field() {
        return "value_" + clinic.row("lab_test_parameter");
    }

    private static UUID collected() {
        return seeds.order(clinic.row("patient"), clinic.row("lab_test"), OffsetDateTime.now(server.clock).minusHours(1),
                true);
    }

    private static String remarks(UUID order) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.select(TEST_ORDER.REMARKS).from(TEST_ORDER)
                .where(TEST_ORDER.ID.eq(order)).fetchSingle(TEST_ORDER.REMARKS));
    }

    @Test
    void the_page_has_one_form_with_save_and_a_separate_save_and_complete_and_no_checkbox() {
        UUID order = collected();
        TestBrowser lab = ApiClient.signedIn(server, clinic, Role.LAB_TECHNICIAN);
        String page = lab.get(path(order)).body();
        assertThat(LabSeeds.count(page, "<form method=\"post\"")).as("the results form only (sign-out is inline)")
                .isEqualTo(1);
        assertThat(page).contains("enctype=\"multipart/form-data\" action=\"" + path(order) + "/results\"")
                .contains(">Save results</button>").contains("value=\"complete\" class=\"lab-complete\">Save and complete</button>")
                .contains(">Upload</button>").doesNotContain("type=\"checkbox\" name=\"complete\"")
                .contains("data-unsaved-warning").contains("/static/unsaved-changes.js");
    }

    @Test
    void uploading_the_report_keeps_and_saves_the_values_typed_beside_it() {
        UUID order = collected();
        TestBrowser lab = ApiClient.signedIn(server, clinic, Role.LAB_TECHNICIAN);
        Map<String, String> form = LabSeeds.formFields(lab.get(path(order)).body(), path(order) + "/results");
        form.put(field(), "11.2");
        form.put("remarks", "Haemolysed sample repeated");
        form.put("action", "save");

        HttpResponse<String> uploaded = lab.postMultipart(path(order) + "/results", form, "report", "hb-report.pdf",
                "application/pdf", PDF);

        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(303);
        assertThat(StoredFiles.reportOf(db, clinic, order)).isEqualTo(PDF);
        assertThat(seeds.result(order, clinic.row("lab_test_parameter")).value1()).isEqualByComparingTo("11.2");
        assertThat(remarks(order)).isEqualTo("Haemolysed sample repeated");
        assertThat(seeds.status(order)).as("uploading does not complete").isEqualTo("sample_collected");
        HttpResponse<String> page = lab.get(path(order) + "?" + uploaded.headers().firstValue("Location").orElseThrow()
                .replaceAll(".*\\?", ""));
        assertThat(page.body()).contains("Report file attached.").contains("Download hb-report.pdf");
        assertThat(Html.inputValue(page.body(), field())).hasValue("11.2");
        assertThat(page.body()).contains("Haemolysed sample repeated</textarea>");
    }

    @Test
    void a_refused_save_gives_back_every_typed_value_and_stores_no_file() {
        UUID order = collected();
        TestBrowser lab = ApiClient.signedIn(server, clinic, Role.LAB_TECHNICIAN);
        Map<String, String> form = LabSeeds.formFields(lab.get(path(order)).body(), path(order) + "/results");
        form.put(field(), "eleven");
        form.put("remarks", "Please call the doctor");
        form.put("action", "save");
        int files = StoredFiles.count(db, clinic);

        HttpResponse<String> refused = lab.postMultipart(path(order) + "/results", form, "report", "hb-report.pdf",
                "application/pdf", PDF);

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(StoredFiles.count(db, clinic)).as("nothing written").isEqualTo(files);
        assertThat(seeds.result(order, clinic.row("lab_test_parameter"))).isNull();
        assertThat(remarks(order)).isEmpty();
        assertThat(Html.inputValue(refused.body(), field())).hasValue("eleven");
        assertThat(refused.body()).contains("Please call the doctor</textarea>")
                .contains("Enter a number, e.g. 13.5 (g/dL).")
                .contains("Not attached, as nothing was saved: choose hb-report.pdf again.");
    }

    @Test
    void save_and_complete_names_the_missing_values_and_completes_nothing() {
        UUID order = collected();
        TestBrowser lab = ApiClient.signedIn(server, clinic, Role.LAB_TECHNICIAN);
        Map<String, String> form = LabSeeds.formFields(lab.get(path(order)).body(), path(order) + "/results");
        form.put("remarks", "Sample slightly lipaemic");
        form.put("action", "complete");

        HttpResponse<String> refused = lab.postMultipart(path(order) + "/results", form, "report", null, null, null);

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("Not completed: Haemoglobin has no value. Enter every value, or attach "
                + "the report file, to complete the order.").contains("Needed to complete the order.")
                .contains("aria-invalid=\"true\"").contains("Sample slightly lipaemic</textarea>");
        assertThat(seeds.status(order)).isEqualTo("sample_collected");
        assertThat(remarks(order)).isEmpty();

        // "Save results" keeps the order open; "Save and complete" with the value completes it
        form = LabSeeds.formFields(refused.body(), path(order) + "/results");
        form.put(field(), "13.1");
        form.put("action", "save");
        assertThat(lab.postMultipart(path(order) + "/results", form, "report", null, null, null).statusCode()).isEqualTo(303);
        assertThat(seeds.status(order)).isEqualTo("sample_collected");
        assertThat(lab.get(path(order) + "?saved").body()).contains("Results saved. The order is not completed yet.");
        form = LabSeeds.formFields(lab.get(path(order)).body(), path(order) + "/results");
        form.put("action", "complete");
        assertThat(lab.postMultipart(path(order) + "/results", form, "report", null, null, null).statusCode()).isEqualTo(303);
        assertThat(seeds.status(order)).isEqualTo("completed");
        assertThat(remarks(order)).isEqualTo("Sample slightly lipaemic");
    }

    @Test
    void a_save_from_a_stale_page_with_a_file_says_to_choose_it_again() {
        UUID order = collected();
        TestBrowser lab = ApiClient.signedIn(server, clinic, Role.LAB_TECHNICIAN);
        Map<String, String> form = LabSeeds.formFields(lab.get(path(order)).body(), path(order) + "/results");
        db.tenants().inClinic(clinic.id(), tx -> tx.update(TEST_ORDER).set(TEST_ORDER.VERSION, TEST_ORDER.VERSION.plus(1))
                .where(TEST_ORDER.ID.eq(order)).execute());
        form.put(field(), "12.4");
        form.put("action", "save");
        int files = StoredFiles.count(db, clinic);

        HttpResponse<String> stale = lab.postMultipart(path(order) + "/results", form, "report", "late.pdf",
                "application/pdf", PDF);

        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.body()).contains("Someone else changed this order")
                .contains("Not attached, as nothing was saved: choose late.pdf again.");
        assertThat(Html.inputValue(stale.body(), field())).hasValue("12.4");
        assertThat(StoredFiles.count(db, clinic)).isEqualTo(files);
    }
}
