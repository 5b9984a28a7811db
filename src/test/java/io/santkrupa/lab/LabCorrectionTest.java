package io.santkrupa.lab;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.santkrupa.web.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER_CORRECTION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A wrong value on a completed order is corrected, never silently edited: the lab gives a reason,
 * the earlier value is kept, the new one is judged again, and the doctor and the patient see the
 * corrected results, that they were corrected, when, and why.
 */
@ExtendWith(TestDatabaseExtension.class)
class LabCorrectionTest {

    private static TestDatabase db;
    private static WebTestServer server;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static int corrections(Clinic clinic, UUID order) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(TEST_ORDER_CORRECTION,
                TEST_ORDER_CORRECTION.TEST_ORDER_ID.eq(order)));
    }

    @Test
    void the_lab_corrects_a_completed_value_with_a_reason_and_everyone_sees_the_correction() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        LabSeeds seeds = new LabSeeds(db, clinic);
        UUID hb = clinic.row("lab_test_parameter");
        UUID order = seeds.completed(clinic.row("patient"), clinic.row("lab_test"), hb, "11.2", "low",
                OffsetDateTime.now(server.clock).minusHours(1));
        String path = "/clinic/" + clinic.slug() + "/lab/orders/" + order;
        TestBrowser lab = ApiClient.signedIn(server, clinic, Role.LAB_TECHNICIAN);

        HttpResponse<String> completed = lab.get(path);
        assertThat(completed.body()).contains("href=\"" + path + "/correct\" role=\"button\" class=\"lab-outline\">Correct results</a>")
                .doesNotContain("action=\"" + path + "/results\"");
        // results of a completed order cannot be saved the ordinary way
        HttpResponse<String> direct = lab.post(path + "/results", Map.of("value_" + hb, "12.1", "version", "1",
                "action", "save"));
        assertThat(direct.statusCode()).isEqualTo(409);
        assertThat(direct.body()).contains("can only be changed by a correction, with its reason");

        // without a reason: refused at the reason, the typed value kept, nothing written
        HttpResponse<String> form = lab.get(path + "/correct");
        assertThat(form.statusCode()).isEqualTo(200);
        Map<String, String> fields = LabSeeds.formFields(form.body(), path + "/correct");
        assertThat(fields).containsEntry("value_" + hb, "11.2");
        fields.put("value_" + hb, "12.1");
        HttpResponse<String> noReason = lab.postMultipart(path + "/correct", fields, "report", null, null, null);
        assertThat(noReason.statusCode()).isEqualTo(422);
        assertThat(noReason.body()).contains("id=\"error_reason\" class=\"error-message\">Say why the results are corrected");
        assertThat(Html.inputValue(noReason.body(), "value_" + hb)).hasValue("12.1");
        assertThat(corrections(clinic, order)).isZero();
        assertThat(seeds.result(order, hb).value1()).isEqualByComparingTo("11.2");

        // nothing changed: refused
        Map<String, String> same = LabSeeds.formFields(form.body(), path + "/correct");
        same.put("reason", "Checked again");
        HttpResponse<String> unchanged = lab.postMultipart(path + "/correct", same, "report", null, null, null);
        assertThat(unchanged.statusCode()).isEqualTo(409);
        assertThat(unchanged.body()).contains("Nothing was corrected");

        // with the reason: corrected, judged again, the earlier value kept
        fields = LabSeeds.formFields(noReason.body(), path + "/correct");
        fields.put("reason", "Typed 11.2; the analyser printout reads 12.1");
        HttpResponse<String> corrected = lab.postMultipart(path + "/correct", fields, "report", null, null, null);
        assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(303);
        var stored = seeds.result(order, hb);
        assertThat(stored.value1()).isEqualByComparingTo("12.1");
        assertThat(stored.value2()).isEqualTo("normal");
        assertThat(seeds.status(order)).isEqualTo("completed");
        var correction = db.tenants().inClinic(clinic.id(), tx -> tx.selectFrom(TEST_ORDER_CORRECTION)
                .where(TEST_ORDER_CORRECTION.TEST_ORDER_ID.eq(order)).fetchSingle());
        assertThat(correction.getReason()).isEqualTo("Typed 11.2; the analyser printout reads 12.1");
        assertThat(LabQueries.changes(correction.getChanges())).containsExactly(
                new LabQueries.Change("Haemoglobin", "g/dL", "11.2", "low", "12.1", "normal"));
        // audited by id and counts: the reason may name the patient, so it stays out of the log
        String detail = db.tenants().inClinic(clinic.id(), tx -> tx.select(AUDIT_EVENT.DETAIL).from(AUDIT_EVENT)
                .where(AUDIT_EVENT.ENTITY_ID.eq(order), AUDIT_EVENT.ACTION.eq("test_order.correct"))
                .fetchSingle(AUDIT_EVENT.DETAIL));
        assertThat(detail).isEqualTo("correction " + correction.getId() + ": 1 value(s)").doesNotContain("analyser");

        String page = lab.get(path + "?corrected").body();
        assertThat(page).contains("Correction saved").contains(">Corrected</span>")
                .contains("Typed 11.2; the analyser printout reads 12.1").contains("Haemoglobin: 11.2 g/dL (Low) → 12.1 g/dL");

        String chart = ApiClient.signedIn(server, clinic, Role.DOCTOR)
                .get("/clinic/" + clinic.slug() + "/patients/" + clinic.row("patient")).body();
        assertThat(chart).contains("12.1 g/dL").contains("The lab corrected these results on")
                .contains("Typed 11.2; the analyser printout reads 12.1");
        String own = ApiClient.signedIn(server, clinic, Role.PATIENT).get("/clinic/" + clinic.slug() + "/my-record").body();
        assertThat(own).contains("12.1 g/dL").contains("The lab corrected these results on")
                .contains("Typed 11.2; the analyser printout reads 12.1");
        String patientToken = ApiClient.token(server, db, clinic, Role.PATIENT);
        JsonNode reports = ApiClient.json(ApiClient.get(server, "/clinic/" + clinic.slug() + "/api/v1/my-record/test-reports",
                patientToken));
        JsonNode mine = null;
        for (JsonNode report : reports.get("items")) {
            if (report.get("id").asText().equals(order.toString())) {
                mine = report;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.get("correctionReason").asText()).isEqualTo("Typed 11.2; the analyser printout reads 12.1");
        assertThat(mine.get("correctedAt").isNull()).isFalse();
    }

    @Test
    void a_correction_can_replace_the_report_file_and_keeps_that_it_did() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        UUID order = clinic.row("test_order"); // the fixture's completed order, with a report file
        String path = "/clinic/" + clinic.slug() + "/lab/orders/" + order;
        TestBrowser lab = ApiClient.signedIn(server, clinic, Role.LAB_TECHNICIAN);
        byte[] right = ReportFileContent.pdf(4_000);
        int files = StoredFiles.count(db, clinic);
        Map<String, String> fields = LabSeeds.formFields(lab.get(path + "/correct").body(), path + "/correct");
        fields.put("reason", "The attached report was another patient's");

        HttpResponse<String> corrected = lab.postMultipart(path + "/correct", fields, "report", "right.pdf",
                "application/pdf", right);

        assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(303);
        assertThat(StoredFiles.reportOf(db, clinic, order)).isEqualTo(right);
        assertThat(StoredFiles.count(db, clinic)).as("the wrong file replaced, not kept").isEqualTo(files);
        assertThat(lab.get(path).body()).contains("The report file was replaced.")
                .contains("The attached report was another patient&#39;s");
        String detail = db.tenants().inClinic(clinic.id(), tx -> tx.select(AUDIT_EVENT.DETAIL).from(AUDIT_EVENT)
                .where(AUDIT_EVENT.ENTITY_ID.eq(order), AUDIT_EVENT.ACTION.eq("test_order.correct"))
                .fetchSingle(AUDIT_EVENT.DETAIL));
        assertThat(detail).as("the audit trail says the file was replaced").endsWith(": 0 value(s), report file");
    }

    @Test
    void only_a_completed_order_is_corrected_and_the_api_corrects_with_if_match() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        LabSeeds seeds = new LabSeeds(db, clinic);
        UUID hb = clinic.row("lab_test_parameter");
        UUID open = seeds.order(clinic.row("patient"), clinic.row("lab_test"), OffsetDateTime.now(server.clock), true);
        TestBrowser lab = ApiClient.signedIn(server, clinic, Role.LAB_TECHNICIAN);
        String openPath = "/clinic/" + clinic.slug() + "/lab/orders/" + open;
        HttpResponse<String> notYet = lab.get(openPath + "/correct");
        assertThat(notYet.statusCode()).isEqualTo(303);
        assertThat(notYet.headers().firstValue("Location")).hasValue(openPath);

        String token = ApiClient.token(server, db, clinic, Role.LAB_TECHNICIAN);
        String api = "/clinic/" + clinic.slug() + "/api/v1/test-orders/";
        String body = Json.write(Map.of("results", List.of(Map.of("parameterId", hb.toString(), "value", 12.4)),
                "reason", "Recalibrated analyser"));
        HttpResponse<String> openOne = ApiClient.send(server, "POST", api + open + "/corrections", token, body,
                Map.of("If-Match", "\"1\""));
        assertThat(openOne.statusCode()).as(openOne.body()).isEqualTo(409);

        UUID done = seeds.completed(clinic.row("patient"), clinic.row("lab_test"), hb, "18.0", "high",
                OffsetDateTime.now(server.clock));
        HttpResponse<String> read = ApiClient.get(server, api + done, token);
        String etag = read.headers().firstValue("ETag").orElseThrow();
        assertThat(ApiClient.send(server, "POST", api + done + "/corrections", token, body, Map.of()).statusCode())
                .as("If-Match is required").isEqualTo(428);
        HttpResponse<String> noReason = ApiClient.send(server, "POST", api + done + "/corrections", token,
                Json.write(Map.of("results", List.of(Map.of("parameterId", hb.toString(), "value", 12.4)), "reason", " ")),
                Map.of("If-Match", etag));
        assertThat(noReason.statusCode()).isEqualTo(422);
        assertThat(ApiClient.fieldErrors(ApiClient.json(noReason))).containsExactly("reason");

        HttpResponse<String> corrected = ApiClient.send(server, "POST", api + done + "/corrections", token, body,
                Map.of("If-Match", etag));
        assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(200);
        JsonNode order = ApiClient.json(corrected);
        assertThat(order.at("/parameters/0/result/flag").asText()).isEqualTo("normal");
        assertThat(order.at("/corrections/0/reason").asText()).isEqualTo("Recalibrated analyser");
        assertThat(order.at("/corrections/0/changes/0/before").asText()).isEqualTo("18");
        assertThat(order.at("/corrections/0/changes/0/beforeFlag").asText()).isEqualTo("high");
        assertThat(ApiClient.send(server, "POST", api + done + "/corrections", token, body, Map.of("If-Match", etag))
                .statusCode()).as("the same version again is stale").isEqualTo(412);
        int version = db.tenants().inClinic(clinic.id(), tx -> tx.select(TEST_ORDER.VERSION).from(TEST_ORDER)
                .where(TEST_ORDER.ID.eq(done)).fetchSingle(TEST_ORDER.VERSION));
        assertThat(corrected.headers().firstValue("ETag")).hasValue("\"" + version + "\"");
    }
}
