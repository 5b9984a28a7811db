package io.santkrupa.clinic;

import io.javalin.http.Context;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.web.Pages;
import io.santkrupa.web.RequestContext;
import org.jooq.DatePart;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR_NOTE;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static org.jooq.impl.DSL.count;

/**
 * The clinic admin's analytics: patients registered, visits per doctor, top diagnoses, tests
 * ordered against completed -- each one aggregate query over the chosen period, drawn as a
 * chart with its numbers in a table beside it.
 */
public final class AnalyticsPage {

    private static final DateTimeFormatter WEEK = DateTimeFormatter.ofPattern("dd MMM");

    /** A doctor's visits in one week, for the table under the visits chart. */
    public record DoctorWeek(String doctor, LocalDate weekStart, int visits) {
    }

    public record Diagnosis(String diagnosis, int count) {
    }

    private final TenantTransactions tenants;
    private final Pages pages;
    private final Clock clock;

    public AnalyticsPage(TenantTransactions tenants, Pages pages, Clock clock) {
        this.tenants = tenants;
        this.pages = pages;
        this.clock = clock;
    }

    public void show(Context ctx) {
        CurrentClinic current = RequestContext.clinic(ctx);
        ClinicId clinic = current.id();
        ZoneId zone = current.zone();
        int days = switch (String.valueOf(ctx.queryParam("days"))) {
            case "90" -> 90;
            case "365" -> 365;
            default -> 30;
        };
        LocalDate today = current.today(clock);
        // whole weeks (Monday first) of the clinic's calendar, so the first bar is not a partial week
        LocalDate firstWeek = today.minusDays(days).with(java.time.DayOfWeek.MONDAY);
        OffsetDateTime since = current.startOf(firstWeek);
        List<LocalDate> weeks = new ArrayList<>();
        for (LocalDate w = firstWeek; !w.isAfter(today); w = w.plusWeeks(1)) {
            weeks.add(w);
        }

        record Data(Map<LocalDate, Integer> registrations, List<DoctorWeek> visits, List<Diagnosis> diagnoses,
                    Map<LocalDate, int[]> tests) {
        }
        Data data = tenants.readInClinic(clinic, tx -> {
            // grouped by the output column's name: the zone is a bind value, and PostgreSQL takes two
            // binds of it (select list, GROUP BY) for two different expressions
            var week = weekOf(PATIENT.REGISTERED_AT, zone).as("registered_week");
            Map<LocalDate, Integer> registrations = new java.util.HashMap<>();
            tx.select(week, count()).from(PATIENT)
                    .where(PATIENT.CLINIC_ID.eq(clinic.value()), PATIENT.REGISTERED_AT.ge(since))
                    .groupBy(DSL.field(week.getUnqualifiedName()))
                    .forEach(r -> registrations.put(r.value1().toLocalDate(), r.value2()));

            // visit_date is already the clinic's day: truncated as a plain timestamp, no zone involved
            var visitWeek = DSL.trunc(PATIENT_VISIT.VISIT_DATE.cast(SQLDataType.LOCALDATETIME), DatePart.WEEK);
            List<DoctorWeek> visits = tx.select(APP_USER.FULL_NAME, visitWeek, count())
                    .from(PATIENT_VISIT)
                    .join(DOCTOR).on(DOCTOR.CLINIC_ID.eq(PATIENT_VISIT.CLINIC_ID), DOCTOR.ID.eq(PATIENT_VISIT.DOCTOR_ID))
                    .join(APP_USER).on(APP_USER.CLINIC_ID.eq(DOCTOR.CLINIC_ID), APP_USER.ID.eq(DOCTOR.USER_ID))
                    .where(PATIENT_VISIT.CLINIC_ID.eq(clinic.value()), PATIENT_VISIT.VISIT_DATE.ge(firstWeek),
                            PATIENT_VISIT.STATUS.notIn("cancelled"))
                    .groupBy(APP_USER.FULL_NAME, visitWeek)
                    .orderBy(APP_USER.FULL_NAME, visitWeek)
                    .fetch(r -> new DoctorWeek(r.value1(), r.value2().toLocalDate(), r.value3()));

            var normalized = DSL.lower(DSL.trim(DOCTOR_NOTE.DIAGNOSIS));
            List<Diagnosis> diagnoses = tx.select(normalized, count())
                    .from(DOCTOR_NOTE)
                    .where(DOCTOR_NOTE.CLINIC_ID.eq(clinic.value()), DOCTOR_NOTE.CREATED_AT.ge(since),
                            DSL.trim(DOCTOR_NOTE.DIAGNOSIS).ne(""))
                    .groupBy(normalized)
                    .orderBy(count().desc(), normalized)
                    .limit(10)
                    .fetch(r -> new Diagnosis(r.value1(), r.value2()));

            var orderWeek = weekOf(TEST_ORDER.ORDERED_AT, zone).as("ordered_week");
            Map<LocalDate, int[]> tests = new java.util.HashMap<>();
            tx.select(orderWeek, count(), count().filterWhere(TEST_ORDER.STATUS.eq("completed")))
                    .from(TEST_ORDER)
                    .where(TEST_ORDER.CLINIC_ID.eq(clinic.value()), TEST_ORDER.ORDERED_AT.ge(since))
                    .groupBy(DSL.field(orderWeek.getUnqualifiedName()))
                    .forEach(r -> tests.put(r.value1().toLocalDate(), new int[] {r.value2(), r.value3()}));
            return new Data(registrations, visits, diagnoses, tests);
        });

        BarChart registrations = BarChart.of("Patients registered per week", "registered", null,
                weeks.stream().map(w -> new BarChart.Point(w.format(WEEK), data.registrations().getOrDefault(w, 0), 0)).toList());
        BarChart visits = BarChart.of("Visits per week", "visits", null, weeks.stream().map(w -> new BarChart.Point(
                w.format(WEEK), data.visits().stream().filter(v -> v.weekStart().equals(w)).mapToInt(DoctorWeek::visits).sum(), 0))
                .toList());
        BarChart tests = BarChart.of("Tests ordered and completed per week", "ordered", "completed",
                weeks.stream().map(w -> {
                    int[] t = data.tests().getOrDefault(w, new int[] {0, 0});
                    return new BarChart.Point(w.format(WEEK), t[0], t[1]);
                }).toList());
        BarChart diagnoses = BarChart.of("Top diagnoses", "notes", null,
                data.diagnoses().stream().map(d -> new BarChart.Point(d.diagnosis(), d.count(), 0)).toList());

        pages.render(ctx, "analytics/analytics", Map.of("days", days, "since", firstWeek,
                "registrations", registrations, "visits", visits, "doctorWeeks", data.visits(), "tests", tests,
                "diagnoses", diagnoses, "diagnosisRows", data.diagnoses(), "title", "Analytics - Santkrupa"));
    }

    /**
     * The Monday (as a local date-time at midnight) of the clinic's week in which {@code at} falls:
     * the stored instant on the clinic's clock first ({@code timezone(zone, at)}), so a patient
     * registered at 00:30 IST on a Monday counts in that week, not the one before.
     */
    private static Field<LocalDateTime> weekOf(Field<OffsetDateTime> at, ZoneId zone) {
        Field<LocalDateTime> local = DSL.function(DSL.name("pg_catalog", "timezone"), SQLDataType.LOCALDATETIME,
                DSL.val(zone.getId()), at);
        return DSL.trunc(local, DatePart.WEEK);
    }
}
