package io.santkrupa.lab;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
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
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Completed orders no longer vanish: the lab's Completed tab lists them newest first, a page at
 * a time at a fixed query cost, and both tabs search by patient code, name or test.
 */
@ExtendWith(TestDatabaseExtension.class)
class LabHistoryTest {

    private static final Pattern ORDER_LINK = Pattern.compile("href=\"/clinic/[^/]+/lab/orders/([0-9a-f-]{36})\"");
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

    private static List<String> orderIds(String html) {
        List<String> ids = new ArrayList<>();
        Matcher m = ORDER_LINK.matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static String next(String html, String text) {
        Matcher m = Pattern.compile("href=\"([^\"]*)\">" + text + "<").matcher(html);
        return m.find() ? io.santkrupa.testing.Html.unescape(m.group(1)) : null;
    }

    @Test
    void completed_orders_are_listed_newest_first_a_page_at_a_time_at_a_fixed_cost() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        LabSeeds seeds = new LabSeeds(db, clinic);
        TestBrowser lab = ApiClient.signedIn(server, clinic, Role.LAB_TECHNICIAN);
        String list = "/clinic/" + clinic.slug() + "/lab";
        OffsetDateTime now = OffsetDateTime.now(server.clock);
        UUID open = seeds.order(clinic.row("patient"), clinic.row("lab_test"), now.minusHours(1), false);
        server.queries.reset();
        HttpResponse<String> few = lab.get(list + "?tab=completed");
        int fewQueries = server.queries.count();
        // the fixture's own completed order, not the open one
        assertThat(orderIds(few.body())).containsExactly(clinic.row("test_order").toString());
        assertThat(few.body()).contains("aria-current=\"page\">Completed<").contains("View results")
                .contains(">Completed</span>").doesNotContain(open.toString());
        assertThat(orderIds(lab.get(list).body())).containsExactly(open.toString());

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            // two a minute: ties on the minute, ordered by id within it
            expected.add(seeds.completed(clinic.row("patient"), clinic.row("lab_test"), clinic.row("lab_test_parameter"),
                    "13." + i, "normal", now.minusMinutes(i / 2)).toString());
        }
        expected.add(clinic.row("test_order").toString());
        server.queries.reset();
        HttpResponse<String> first = lab.get(list + "?tab=completed");
        assertThat(server.queries.count()).as("no query per row").isEqualTo(fewQueries);
        List<String> walked = new ArrayList<>(orderIds(first.body()));
        assertThat(walked).hasSize(25);
        String older = next(first.body(), "Older orders");
        assertThat(older).startsWith("?tab=completed&before=");
        HttpResponse<String> second = lab.get(list + older);
        walked.addAll(orderIds(second.body()));
        assertThat(next(second.body(), "Older orders")).isNull();
        assertThat(second.body()).contains(">First page<");
        // newest completion first; equal times by id, the later id first
        List<String> inOrder = db.tenants().inClinic(clinic.id(), tx -> tx.select(TEST_ORDER.ID).from(TEST_ORDER)
                .where(TEST_ORDER.STATUS.eq("completed"))
                .orderBy(TEST_ORDER.COMPLETED_AT.desc(), TEST_ORDER.ID.desc())
                .fetch(r -> r.value1().toString()));
        assertThat(inOrder).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(walked).containsExactlyElementsOf(inOrder);
    }

    @Test
    void both_tabs_search_by_patient_code_name_or_test_and_show_nothing_of_another_clinic() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        Clinic other = WebFixture.clinicWithLogins(db, server.hasher);
        LabSeeds seeds = new LabSeeds(db, clinic);
        TestBrowser lab = ApiClient.signedIn(server, clinic, Role.LAB_TECHNICIAN);
        String list = "/clinic/" + clinic.slug() + "/lab";
        OffsetDateTime now = OffsetDateTime.now(server.clock);
        UUID meena = seeds.patient("Meena", "Kulkarni", "female", LocalDate.of(1970, 1, 1));
        UUID[] sugar = seeds.test("FBS", "Fasting blood sugar", "Glucose", "mg/dL", "70", "100");
        UUID meenasSugar = seeds.completed(meena, sugar[0], sugar[1], "96", "normal", now.minusDays(1));
        UUID meenasOpen = seeds.order(meena, clinic.row("lab_test"), now.minusHours(2), true);
        UUID ashasSugar = seeds.completed(clinic.row("patient"), sugar[0], sugar[1], "150", "high", now.minusDays(2));
        // another clinic's Meena and sugar test: never found here
        LabSeeds otherSeeds = new LabSeeds(db, other);
        UUID otherMeena = otherSeeds.patient("Meena", "Kulkarni", "female", LocalDate.of(1970, 1, 1));
        UUID otherOrder = otherSeeds.completed(otherMeena, other.row("lab_test"), other.row("lab_test_parameter"), "12",
                "normal", now);

        assertThat(orderIds(lab.get(list + "?tab=completed&q=meena").body())).containsExactly(meenasSugar.toString());
        assertThat(orderIds(lab.get(list + "?tab=completed&q=Kulk").body())).containsExactly(meenasSugar.toString());
        assertThat(orderIds(lab.get(list + "?tab=completed&q=meena+kul").body())).containsExactly(meenasSugar.toString());
        assertThat(orderIds(lab.get(list + "?tab=completed&q=" + seeds.code(meena).toLowerCase()).body()))
                .containsExactly(meenasSugar.toString());
        assertThat(orderIds(lab.get(list + "?tab=completed&q=fasting").body()))
                .containsExactly(meenasSugar.toString(), ashasSugar.toString());
        assertThat(orderIds(lab.get(list + "?tab=completed&q=FBS").body()))
                .containsExactly(meenasSugar.toString(), ashasSugar.toString());
        assertThat(orderIds(lab.get(list + "?q=meena").body())).containsExactly(meenasOpen.toString());
        HttpResponse<String> none = lab.get(list + "?tab=completed&q=nobody");
        assertThat(orderIds(none.body())).isEmpty();
        assertThat(none.body()).contains("No completed orders for \"nobody\".");
        assertThat(lab.get(list + "?tab=completed&q=meena").body()).doesNotContain(otherOrder.toString());

        // the API's history says the same
        String token = ApiClient.token(server, db, clinic, Role.LAB_TECHNICIAN);
        JsonNode api = ApiClient.json(ApiClient.get(server, "/clinic/" + clinic.slug()
                + "/api/v1/test-orders?status=completed&q=fasting", token));
        assertThat(api.get("items")).extracting(item -> item.get("id").asText())
                .containsExactly(meenasSugar.toString(), ashasSugar.toString());
        assertThat(api.at("/items/0/status").asText()).isEqualTo("completed");
    }
}
