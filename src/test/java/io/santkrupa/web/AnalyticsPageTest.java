package io.santkrupa.web;

import io.santkrupa.db.Ids;
import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.ClinicFixture.Clinic;
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
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR_NOTE;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static org.assertj.core.api.Assertions.assertThat;

/** The admin's analytics: the numbers match the clinic's records, drawn and tabulated, at a fixed cost. */
@ExtendWith(TestDatabaseExtension.class)
class AnalyticsPageTest {

    private static WebTestServer server;
    private static TestDatabase db;
    private static Clinic clinic;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        // the fixture has one "Viral fever" note and one completed order; add more of both
        for (String diagnosis : new String[] {" viral FEVER ", "Viral fever", "Hypertension"}) {
            UUID visit = Ids.newId();
            db.tenants().inClinic(clinic.id(), tx -> {
                tx.insertInto(PATIENT_VISIT).set(PATIENT_VISIT.CLINIC_ID, clinic.id().value()).set(PATIENT_VISIT.ID, visit)
                        .set(PATIENT_VISIT.PATIENT_ID, clinic.row("patient")).set(PATIENT_VISIT.DOCTOR_ID, clinic.row("doctor"))
                        .set(PATIENT_VISIT.VISIT_DATE, ClinicFixture.today().minusDays(2))
                        .set(PATIENT_VISIT.TOKEN_NUMBER, 100 + diagnosis.length()).set(PATIENT_VISIT.STATUS, "completed")
                        .execute();
                return tx.insertInto(DOCTOR_NOTE).set(DOCTOR_NOTE.CLINIC_ID, clinic.id().value()).set(DOCTOR_NOTE.ID, Ids.newId())
                        .set(DOCTOR_NOTE.VISIT_ID, visit).set(DOCTOR_NOTE.PATIENT_ID, clinic.row("patient"))
                        .set(DOCTOR_NOTE.DOCTOR_ID, clinic.row("doctor")).set(DOCTOR_NOTE.DIAGNOSIS, diagnosis).execute();
            });
        }
        db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(TEST_ORDER).set(TEST_ORDER.CLINIC_ID, clinic.id().value())
                .set(TEST_ORDER.ID, Ids.newId()).set(TEST_ORDER.PATIENT_ID, clinic.row("patient"))
                .set(TEST_ORDER.LAB_TEST_ID, clinic.row("lab_test")).set(TEST_ORDER.ORDERED_BY, clinic.row("doctor"))
                .execute());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void the_admin_sees_charts_with_the_numbers_beside_them() {
        TestBrowser admin = server.browser();
        admin.signIn(clinic.slug(), "admin", WebFixture.password("admin"));
        server.queries.reset();
        HttpResponse<String> page = admin.get("/clinic/" + clinic.slug() + "/analytics");
        assertThat(page.statusCode()).isEqualTo(200);
        // resolve slug; session (2); one read transaction: set_config + four aggregates
        assertThat(server.queries.count()).isEqualTo(8);
        String body = page.body().replaceAll("\\s+", " ");
        assertThat(body).contains("<td>viral fever</td><td>3</td>").contains("<td>hypertension</td><td>1</td>");
        assertThat(body.split("<svg role=\"img\"", -1).length - 1).isEqualTo(4);
        assertThat(body).contains("<title id=\"tests-title\">Tests ordered and completed per week</title>");
        // this week: two orders (the fixture's completed one and the new one), one completed
        assertThat(body).containsPattern("<tr><td>[0-9]{2} [A-Za-z]{3}</td><td>2</td><td>1</td></tr>");
        assertThat(admin.get("/clinic/" + clinic.slug() + "/analytics?days=365").statusCode()).isEqualTo(200);
        assertThat(admin.get("/clinic/" + clinic.slug() + "/analytics?days=garbage").statusCode()).isEqualTo(200);
    }
}
