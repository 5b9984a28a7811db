package io.santkrupa.lab;

import io.santkrupa.db.Ids;
import io.santkrupa.testing.ClinicFixture;
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
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_RESULT;
import static org.assertj.core.api.Assertions.assertThat;

/** The lab technician's day: work list, sample, results against ranges, report file, completion. */
@ExtendWith(TestDatabaseExtension.class)
class LabWorkTest {

    private static final byte[] PDF = "%PDF-1.4\n% a lab report\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    private static WebTestServer server;
    private static TestDatabase db;
    private static Clinic clinic;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A fresh order of the fixture's haemoglobin test (normal 12.0 – 15.5 g/dL) for the fixture patient. */
    private static UUID newOrder(Clinic c, UUID patient) {
        UUID id = Ids.newId();
        db.tenants().inClinic(c.id(), tx -> tx.insertInto(TEST_ORDER)
                .set(TEST_ORDER.CLINIC_ID, c.id().value()).set(TEST_ORDER.ID, id)
                .set(TEST_ORDER.PATIENT_ID, patient).set(TEST_ORDER.LAB_TEST_ID, c.row("lab_test"))
                .set(TEST_ORDER.ORDERED_BY, c.row("doctor")).set(TEST_ORDER.CLINICAL_NOTES, "Suspected anaemia")
                .execute());
        return id;
    }

    private static TestBrowser signedIn(String username) {
        TestBrowser browser = server.browser();
        assertThat(browser.signIn(clinic.slug(), username, WebFixture.password(username)).statusCode()).isEqualTo(303);
        return browser;
    }

    private static String orderPath(UUID order) {
        return "/clinic/" + clinic.slug() + "/lab/orders/" + order;
    }

    /** The results form as the lab's page last showed it: {@code fields} plus its hidden version. */
    static Map<String, String> resultsForm(HttpResponse<String> page, Map<String, String> fields) {
        Map<String, String> form = new java.util.HashMap<>(fields);
        form.put("version", Html.inputValue(page.body(), "version").orElseThrow());
        return form;
    }

    private static String status(UUID order) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.select(TEST_ORDER.STATUS).from(TEST_ORDER)
                .where(TEST_ORDER.ID.eq(order)).fetchSingle(TEST_ORDER.STATUS));
    }

    @Test
    void the_work_list_shows_open_orders_with_the_minimum_patient_data_at_a_fixed_query_cost() {
        Clinic busy = WebFixture.clinicWithLogins(db, server.hasher);
        newOrder(busy, busy.row("patient"));
        TestBrowser lab = server.browser();
        lab.signIn(busy.slug(), "lab", WebFixture.password("lab"));
        server.queries.reset();
        HttpResponse<String> few = lab.get("/clinic/" + busy.slug() + "/lab");
        int fewQueries = server.queries.count();
        assertThat(few.statusCode()).isEqualTo(200);
        assertThat(few.body()).contains("Haemoglobin").contains("Asha Patil").contains("Collect the sample")
                .contains(">Ordered</span>").doesNotContain("+919820000001").doesNotContain("98200 00001")
                .doesNotContain("Penicillin").doesNotContain(">ordered<").doesNotContain("sample_collected<");

        for (int i = 0; i < 30; i++) {
            newOrder(busy, busy.row("patient"));
        }
        server.queries.reset();
        HttpResponse<String> many = lab.get("/clinic/" + busy.slug() + "/lab");
        assertThat(server.queries.count()).isEqualTo(fewQueries);
        assertThat(many.body().split(">Collect the sample<", -1).length - 1).isEqualTo(25);
        String more = many.body().replaceAll("(?s).*href=\"\\?after=([^\"]+)\".*", "$1");
        HttpResponse<String> second = lab.get("/clinic/" + busy.slug() + "/lab?after=" + more);
        assertThat(second.body().split(">Collect the sample<", -1).length - 1).isEqualTo(6);
    }

    @Test
    void collect_enter_results_flag_the_out_of_range_value_and_complete() {
        UUID order = newOrder(clinic, clinic.row("patient"));
        TestBrowser lab = signedIn("lab");
        lab.get(orderPath(order));
        // the page shows no results form before the sample: a hand-made post, at the order's version
        int version = db.tenants().inClinic(clinic.id(), tx -> tx.select(TEST_ORDER.VERSION).from(TEST_ORDER)
                .where(TEST_ORDER.ID.eq(order)).fetchSingle(TEST_ORDER.VERSION));
        HttpResponse<String> early = lab.post(orderPath(order) + "/results",
                Map.of("value_" + clinic.row("lab_test_parameter"), "11.2", "version", String.valueOf(version)));
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(early.body()).contains("Collect the sample before entering results.");

        assertThat(lab.post(orderPath(order) + "/collect", Map.of()).statusCode()).isEqualTo(303);
        assertThat(status(order)).isEqualTo("sample_collected");
        lab.get(orderPath(order));
        HttpResponse<String> again = lab.post(orderPath(order) + "/collect", Map.of());
        assertThat(again.statusCode()).isEqualTo(409);

        String field = "value_" + clinic.row("lab_test_parameter");
        HttpResponse<String> page = lab.get(orderPath(order));
        HttpResponse<String> invalid = lab.post(orderPath(order) + "/results", resultsForm(page, Map.of(field, "eleven")));
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(invalid.body()).contains("Enter a number, e.g. 13.5 (g/dL).").contains("value=\"eleven\"")
                .contains("aria-invalid=\"true\"");
        int written = db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(TEST_RESULT, TEST_RESULT.TEST_ORDER_ID.eq(order)));
        assertThat(written).isZero();

        HttpResponse<String> saved = lab.post(orderPath(order) + "/results",
                resultsForm(invalid, Map.of(field, "11.2", "action", "complete")));
        assertThat(saved.statusCode()).isEqualTo(303);
        assertThat(status(order)).isEqualTo("completed");
        var stored = db.tenants().inClinic(clinic.id(), tx -> tx.select(TEST_RESULT.IS_ABNORMAL, TEST_RESULT.FLAG)
                .from(TEST_RESULT).where(TEST_RESULT.TEST_ORDER_ID.eq(order)).fetchSingle());
        assertThat(stored.value1()).isTrue();
        assertThat(stored.value2()).isEqualTo("low");

        HttpResponse<String> done = lab.get(orderPath(order));
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains(">Low</strong>").contains("11.2").contains(">Completed</span>")
                .doesNotContain("Save results").doesNotContain("out of range").doesNotContain("Out of range");
        int audited = db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(AUDIT_EVENT, AUDIT_EVENT.ENTITY_ID.eq(order),
                AUDIT_EVENT.ACTION.in("test_order.collect", "test_order.complete")));
        assertThat(audited).isEqualTo(2);
        int reads = db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(AUDIT_EVENT, AUDIT_EVENT.ENTITY_ID.eq(order),
                AUDIT_EVENT.ACTION.eq("test_order.read")));
        assertThat(reads).as("every view of the order's page is audited").isGreaterThanOrEqualTo(4);
    }

    @Test
    void a_report_file_is_checked_by_its_content_stored_and_served_only_to_those_allowed() {
        UUID patient = clinic.row("patient");
        UUID order = newOrder(clinic, patient);
        TestBrowser lab = signedIn("lab");
        lab.get(orderPath(order));
        lab.post(orderPath(order) + "/collect", Map.of());
        lab.get(orderPath(order));

        HttpResponse<String> fake = lab.postFile(orderPath(order) + "/report", "report", "report.pdf", "application/pdf",
                "just text pretending".getBytes(StandardCharsets.UTF_8));
        assertThat(fake.statusCode()).isEqualTo(422);
        assertThat(fake.body()).contains("Only PDF, PNG, JPEG and WebP files can be uploaded.");
        byte[] tooBig = new byte[ReportFiles.MAX_BYTES + 1];
        System.arraycopy(PDF, 0, tooBig, 0, PDF.length);
        lab.get(orderPath(order));
        HttpResponse<String> big = lab.postFile(orderPath(order) + "/report", "report", "big.pdf", "application/pdf", tooBig);
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(big.body()).contains("larger than 10 MB");

        lab.get(orderPath(order));
        HttpResponse<String> uploaded = lab.postFile(orderPath(order) + "/report", "report", "../../etc/Hb report.pdf",
                "text/plain", PDF);
        assertThat(uploaded.statusCode()).isEqualTo(303);
        HttpResponse<byte[]> file = lab.download(orderPath(order) + "/report");
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(PDF);
        assertThat(file.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(file.headers().firstValue("Content-Disposition")).hasValueSatisfying(d ->
                assertThat(d).startsWith("attachment;").contains("Hb_report.pdf").doesNotContain(".."));

        TestBrowser doctor = signedIn("doctor");
        assertThat(doctor.download("/clinic/" + clinic.slug() + "/orders/" + order + "/report").body()).isEqualTo(PDF);
        assertThat(signedIn("reception").download("/clinic/" + clinic.slug() + "/orders/" + order + "/report").statusCode())
                .isEqualTo(403);

        TestBrowser patientBrowser = signedIn("asha");
        String own = "/clinic/" + clinic.slug() + "/my-record/orders/" + order + "/report";
        assertThat(patientBrowser.download(own).statusCode()).as("not before the order is completed").isEqualTo(404);
        lab.post(orderPath(order) + "/results", resultsForm(lab.get(orderPath(order)), Map.of("action", "complete")));
        assertThat(status(order)).isEqualTo("completed");
        assertThat(patientBrowser.download(own).body()).isEqualTo(PDF);

        UUID otherPatient = Ids.newId();
        db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(PATIENT).set(PATIENT.CLINIC_ID, clinic.id().value())
                .set(PATIENT.ID, otherPatient).set(PATIENT.CODE, "PT-" + clinic.code() + "-2026-777")
                .set(PATIENT.FIRST_NAME, "Other").set(PATIENT.LAST_NAME, "Person").execute());
        UUID othersOrder = newOrder(clinic, otherPatient);
        db.tenants().inClinic(clinic.id(), tx -> tx.update(TEST_ORDER).set(TEST_ORDER.REPORT_FILE_ID,
                tx.select(TEST_ORDER.REPORT_FILE_ID).from(TEST_ORDER).where(TEST_ORDER.ID.eq(order)).asField())
                .where(TEST_ORDER.ID.eq(othersOrder)).execute());
        assertThat(patientBrowser.download("/clinic/" + clinic.slug() + "/my-record/orders/" + othersOrder + "/report")
                .statusCode()).as("another patient's report").isEqualTo(404);

        Clinic other = ClinicFixture.create(db);
        assertThat(doctor.download("/clinic/" + clinic.slug() + "/orders/" + other.row("test_order") + "/report").statusCode())
                .as("another clinic's order").isEqualTo(404);
        assertThat(Arrays.equals(doctor.download("/clinic/" + clinic.slug() + "/orders/not-an-id/report").body(), PDF)).isFalse();
    }
    @Test
    void replacing_the_report_deletes_the_earlier_file_so_nothing_is_left_orphaned() {
        Clinic own = WebFixture.clinicWithLogins(db, server.hasher);
        UUID order = newOrder(own, own.row("patient"));
        String path = "/clinic/" + own.slug() + "/lab/orders/" + order;
        TestBrowser lab = server.browser();
        lab.signIn(own.slug(), "lab", WebFixture.password("lab"));
        lab.get(path);
        lab.post(path + "/collect", Map.of());
        int before = StoredFiles.count(db, own);
        byte[] first = ReportFileContent.pdf(5_000);
        byte[] second = ReportFileContent.png(5_000);

        lab.get(path);
        assertThat(lab.postFile(path + "/report", "report", "first.pdf", "application/pdf", first).statusCode())
                .isEqualTo(303);
        assertThat(lab.get(path).body()).contains("Replace the report");
        HttpResponse<String> replaced = lab.postFile(path + "/report", "report", "second.png", "image/png", second);

        assertThat(replaced.statusCode()).isEqualTo(303);
        assertThat(StoredFiles.reportOf(db, own, order)).isEqualTo(second);
        assertThat(StoredFiles.count(db, own)).as("one file for the order, the first one gone").isEqualTo(before + 1);
        assertThat(StoredFiles.unreferenced(db, own)).isEmpty();
        assertThat(lab.download(path + "/report").body()).isEqualTo(second);
        var audited = db.tenants().inClinic(own.id(), tx -> tx.select(AUDIT_EVENT.DETAIL).from(AUDIT_EVENT)
                .where(AUDIT_EVENT.ENTITY_ID.eq(order), AUDIT_EVENT.ACTION.eq("test_order.report_upload"))
                .orderBy(AUDIT_EVENT.OCCURRED_AT).fetch(AUDIT_EVENT.DETAIL));
        assertThat(audited).as("the log keeps that there was an earlier file")
                .containsExactly(first.length + " bytes", second.length + " bytes, replacing the earlier file");

        lab.get(path);
        HttpResponse<String> refused = lab.postFile(path + "/report", "report", "third.pdf", "application/pdf",
                "not a report".getBytes(StandardCharsets.UTF_8));
        assertThat(refused.statusCode()).as("a refused file replaces nothing").isEqualTo(422);
        assertThat(StoredFiles.reportOf(db, own, order)).isEqualTo(second);
        assertThat(StoredFiles.count(db, own)).isEqualTo(before + 1);
    }
}
