package io.santkrupa.web;

import io.santkrupa.db.Ids;
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
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR_NOTE;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin's analytics on the clinic's calendar: today's numbers; visits per day and how they
 * ended, no-shows included; registrations, tests, doctors and diagnoses -- each a chart with the
 * values of its axis and its numbers in a table, at a fixed number of queries.
 *
 * <p>The server's clock stands at 00:30 IST on Thursday 11 March 2027 (19:00 UTC on the 10th),
 * so what happened in the half hour since midnight is the clinic's "today" while UTC is still
 * on the 10th.
 */
@ExtendWith(TestDatabaseExtension.class)
class AnalyticsPageTest {

    private static final Instant NOW = Instant.parse("2027-03-10T19:00:00Z");
    private static final LocalDate TODAY = LocalDate.of(2027, 3, 11);

    private static WebTestServer server;
    private static TestDatabase db;
    private static Clinic clinic;
    private static final AtomicInteger TOKENS = new AtomicInteger(1);

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        server.clock.setTo(NOW);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
        // today: one waiting, one seen, one no-show
        visit(TODAY, "waiting", "");
        visit(TODAY, "completed", "");
        visit(TODAY, "no_show", "");
        // two days ago: two seen (both with a diagnosis), one cancelled, one no-show
        visit(TODAY.minusDays(2), "completed", " viral FEVER ");
        visit(TODAY.minusDays(2), "completed", "Hypertension");
        visit(TODAY.minusDays(2), "cancelled", "");
        visit(TODAY.minusDays(2), "no_show", "");
        // 30 days ago: the day before the 30 days shown
        visit(TODAY.minusDays(30), "completed", "Viral fever");
        // registered at 00:15 IST today (18:45 UTC yesterday) and at 23:45 IST yesterday
        patient(Instant.parse("2027-03-10T18:45:00Z"));
        patient(Instant.parse("2027-03-10T18:15:00Z"));
        // a test ordered two days ago and completed at 00:10 IST today
        db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(TEST_ORDER).set(TEST_ORDER.CLINIC_ID, clinic.id().value())
                .set(TEST_ORDER.ID, Ids.newId()).set(TEST_ORDER.PATIENT_ID, clinic.row("patient"))
                .set(TEST_ORDER.LAB_TEST_ID, clinic.row("lab_test")).set(TEST_ORDER.ORDERED_BY, clinic.row("doctor"))
                .set(TEST_ORDER.ORDERED_AT, at("2027-03-09T05:00:00Z")).set(TEST_ORDER.STATUS, "completed")
                .set(TEST_ORDER.SAMPLE_COLLECTED_AT, at("2027-03-09T06:00:00Z"))
                .set(TEST_ORDER.COMPLETED_AT, at("2027-03-10T18:40:00Z"))
                .execute());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void todays_numbers_and_each_days_visits_with_their_no_shows_on_the_clinics_calendar() {
        TestBrowser admin = admin();
        server.queries.reset();
        HttpResponse<String> page = admin.get("/clinic/" + clinic.slug() + "/analytics");

        assertThat(page.statusCode()).isEqualTo(200);
        // resolve slug; session (2); one read transaction: set context, today, visits, registrations, tests, doctors,
        // diagnoses
        assertThat(server.queries.count()).isEqualTo(10);
        String body = page.body().replaceAll("\\s+", " ");
        assertThat(body).contains("<h2 id=\"today-heading\">Today, Thu 11 Mar 2027</h2>")
                .contains("<li><strong>1</strong> registered</li>").contains("<li><strong>3</strong> visits</li>")
                .contains("<li><strong>1</strong> waiting</li>").contains("<li><strong>1</strong> seen</li>")
                .contains("<li><strong>1</strong> no-shows</li>").contains("<li><strong>0</strong> cancelled</li>");
        assertThat(body).contains("From Wed 10 Feb 2027 to today");
        // per day: visits, seen, no-shows, cancelled
        assertThat(row(body, "Day", "Tue 9 Mar 2027", "Visits")).containsExactly("4", "2", "1", "1");
        assertThat(row(body, "Day", "Thu 11 Mar 2027", "Visits")).containsExactly("3", "1", "1", "0");
        assertThat(row(body, "Day", "Wed 10 Mar 2027", "Visits")).containsExactly("0", "0", "0", "0");
        assertThat(body).doesNotContain("Tue 9 Feb 2027");
        assertThat(body).contains("<tfoot><tr><th scope=\"row\" data-label=\"\">Total</th><td data-label=\"Visits\">7</td>"
                + "<td data-label=\"Seen\">3</td><td data-label=\"No-shows\">2</td><td data-label=\"Cancelled\">1</td></tr></tfoot>");
        // registrations and tests by the clinic's day of their stored time
        assertThat(row(body, "Day", "Wed 10 Mar 2027", "Registered")).containsExactly("1");
        assertThat(row(body, "Day", "Thu 11 Mar 2027", "Registered")).containsExactly("1");
        assertThat(row(body, "Day", "Tue 9 Mar 2027", "Ordered")).containsExactly("1", "0");
        assertThat(row(body, "Day", "Thu 11 Mar 2027", "Ordered")).containsExactly("0", "1");
        // the doctors and the diagnoses of the period, the one a month ago left out
        assertThat(body).contains("<td data-label=\"Doctor\">doctor</td><td data-label=\"Visits\">7</td>"
                + "<td data-label=\"Seen\">3</td><td data-label=\"No-shows\">2 (29%)</td>");
        assertThat(body).contains("<td data-label=\"Diagnosis\">viral fever</td><td data-label=\"Consultations\">1</td>")
                .contains("<td data-label=\"Diagnosis\">hypertension</td><td data-label=\"Consultations\">1</td>");
    }

    @Test
    void each_chart_spans_the_width_with_the_values_of_its_axis_and_its_bars_titled() {
        String body = admin().get("/clinic/" + clinic.slug() + "/analytics").body().replaceAll("\\s+", " ");

        assertThat(body.split("<svg class=\"plot[^\"]*\" role=\"img\"", -1)).hasSize(6);
        assertThat(body).contains("<title id=\"visits-title\">Visits per day, by how they ended</title>")
                .contains("<title id=\"tests-title\">Tests ordered and completed per day</title>");
        // the visits chart's axis: 0 to 4 in ones (the busiest day had 4)
        Matcher axis = Pattern.compile("<svg class=\"y-axis\"[^>]*>(.*?)</svg>").matcher(body);
        assertThat(axis.find()).isTrue();
        assertThat(Pattern.compile(">(\\d+)</text>").matcher(axis.group(1)).results().map(m -> m.group(1)).toList())
                .containsExactly("0", "1", "2", "3", "4");
        // stacked: the day's seen, no-shows and cancelled, each a bar of its own colour, named when pointed at
        assertThat(body).contains("class=\"s-seen\"><title>Tue 9 Mar 2027 \u2013 Seen: 2</title>")
                .contains("class=\"s-noshow\"><title>Tue 9 Mar 2027 \u2013 No-shows: 1</title>")
                .contains("class=\"s-cancelled\"><title>Tue 9 Mar 2027 \u2013 Cancelled: 1</title>");
        // thirty columns, a bar in per cent of the width; six labels across, today's last
        assertThat(body).contains("<svg class=\"plot\" role=\"img\" aria-labelledby=\"visits-title\" width=\"100%\"");
        assertThat(body).contains("text-anchor=\"end\" class=\"major\">11 Mar</text>");
        // a legend names the colours
        assertThat(body).contains("<span class=\"swatch s-noshow\" aria-hidden=\"true\"></span>No-shows");
        // the doctors' ranking: the name over its bar, the value at its end
        assertThat(body).contains("<text x=\"0\" y=\"19\" class=\"name\">doctor</text>");
    }

    @Test
    void longer_periods_count_per_week_and_per_month_and_anything_else_is_thirty_days() {
        TestBrowser admin = admin();
        String week = admin.get("/clinic/" + clinic.slug() + "/analytics?days=7").body().replaceAll("\\s+", " ");
        assertThat(week).contains("From Fri 5 Mar 2027 to today").contains("<td data-label=\"Day\">Fri 5 Mar 2027</td>");

        String quarter = admin.get("/clinic/" + clinic.slug() + "/analytics?days=90").body().replaceAll("\\s+", " ");
        assertThat(row(quarter, "Week", "Week of Mon 8 Mar 2027", "Visits")).containsExactly("7", "3", "2", "1");
        assertThat(quarter).contains("Visits per week, by how they ended");

        String year = admin.get("/clinic/" + clinic.slug() + "/analytics?days=365").body().replaceAll("\\s+", " ");
        assertThat(row(year, "Month", "March 2027", "Visits")).containsExactly("7", "3", "2", "1");
        assertThat(row(year, "Month", "February 2027", "Visits")).containsExactly("1", "1", "0", "0");
        assertThat(year).contains("<td data-label=\"Month\">April 2026</td>").doesNotContain("March 2026");

        assertThat(admin.get("/clinic/" + clinic.slug() + "/analytics?days=garbage").body())
                .contains("<option value=\"30\" selected>");
    }

    /** The numbers of a table's row, after its first cell, for the table whose second column is {@code second}. */
    private static List<String> row(String body, String unit, String label, String second) {
        Matcher m = Pattern.compile("<tr><td data-label=\"" + unit + "\">" + Pattern.quote(label) + "</td>"
                + "<td data-label=\"" + second + "\">(\\d+)</td>((?:<td data-label=\"[^\"]+\">[^<]*</td>)*)</tr>").matcher(body);
        assertThat(m.find()).as(label + " in the table of " + second).isTrue();
        List<String> values = new java.util.ArrayList<>(List.of(m.group(1)));
        Pattern.compile(">([^<]*)</td>").matcher(m.group(2)).results().forEach(r -> values.add(r.group(1)));
        return values;
    }

    private static TestBrowser admin() {
        TestBrowser admin = server.browser();
        assertThat(admin.signIn(clinic.slug(), "admin", WebFixture.password("admin")).statusCode()).isEqualTo(303);
        return admin;
    }

    private static OffsetDateTime at(String instant) {
        return Instant.parse(instant).atOffset(ZoneOffset.UTC);
    }

    private static void visit(LocalDate day, String status, String diagnosis) {
        UUID visit = Ids.newId();
        db.tenants().inClinic(clinic.id(), tx -> {
            tx.insertInto(PATIENT_VISIT).set(PATIENT_VISIT.CLINIC_ID, clinic.id().value()).set(PATIENT_VISIT.ID, visit)
                    .set(PATIENT_VISIT.PATIENT_ID, clinic.row("patient")).set(PATIENT_VISIT.DOCTOR_ID, clinic.row("doctor"))
                    .set(PATIENT_VISIT.VISIT_DATE, day).set(PATIENT_VISIT.TOKEN_NUMBER, TOKENS.getAndIncrement())
                    .set(PATIENT_VISIT.STATUS, status)
                    .set(PATIENT_VISIT.CHECKED_IN_AT, day.atTime(10, 0).atOffset(ZoneOffset.ofHoursMinutes(5, 30)))
                    .execute();
            if (!diagnosis.isEmpty()) {
                tx.insertInto(DOCTOR_NOTE).set(DOCTOR_NOTE.CLINIC_ID, clinic.id().value()).set(DOCTOR_NOTE.ID, Ids.newId())
                        .set(DOCTOR_NOTE.VISIT_ID, visit).set(DOCTOR_NOTE.PATIENT_ID, clinic.row("patient"))
                        .set(DOCTOR_NOTE.DOCTOR_ID, clinic.row("doctor")).set(DOCTOR_NOTE.DIAGNOSIS, diagnosis)
                        .set(DOCTOR_NOTE.CREATED_AT, day.atTime(10, 30).atOffset(ZoneOffset.ofHoursMinutes(5, 30)))
                        .execute();
            }
            return null;
        });
    }

    private static void patient(Instant registeredAt) {
        int n = TOKENS.getAndIncrement();
        db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(PATIENT)
                .set(PATIENT.CLINIC_ID, clinic.id().value()).set(PATIENT.ID, Ids.newId())
                .set(PATIENT.CODE, "PT-" + clinic.code() + "-2027-" + (500 + n))
                .set(PATIENT.FIRST_NAME, "Meera").set(PATIENT.LAST_NAME, "Joshi " + n).set(PATIENT.GENDER, "female")
                .set(PATIENT.REGISTERED_AT, registeredAt.atOffset(ZoneOffset.UTC))
                .execute());
    }
}
