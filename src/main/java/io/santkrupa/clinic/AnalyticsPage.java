package io.santkrupa.clinic;

import io.javalin.http.Context;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.visit.DeskDay;
import io.santkrupa.visit.VisitStatus;
import io.santkrupa.web.Pages;
import io.santkrupa.web.RequestContext;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR_NOTE;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static org.jooq.impl.DSL.count;

/**
 * The clinic admin's analytics, on the clinic's calendar: today's numbers, then over a chosen
 * period -- per day for a week or a month, per week for three months, per month for a year --
 * the visits and how they ended (seen, no-show, cancelled), patients registered, tests ordered
 * and completed, visits per doctor and the top diagnoses. Each is a chart with its numbers in a
 * table beside it; every figure is one aggregate query in one read transaction, whatever the
 * clinic's size.
 */
public final class AnalyticsPage {

    private static final DateTimeFormatter AXIS_DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
    private static final DateTimeFormatter LONG_DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter AXIS_MONTH = DateTimeFormatter.ofPattern("MMM", Locale.ENGLISH);
    private static final DateTimeFormatter LONG_MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);

    /** The periods offered, and the unit each is counted in. */
    public enum Period {
        WEEK(7, ChronoUnit.DAYS, "Last 7 days, per day"),
        MONTH(30, ChronoUnit.DAYS, "Last 30 days, per day"),
        QUARTER(90, ChronoUnit.WEEKS, "Last 3 months, per week"),
        YEAR(365, ChronoUnit.MONTHS, "Last 12 months, per month");

        final int days;
        final ChronoUnit unit;
        final String words;

        Period(int days, ChronoUnit unit, String words) {
            this.days = days;
            this.unit = unit;
            this.words = words;
        }

        static Period of(String days) {
            for (Period p : values()) {
                if (String.valueOf(p.days).equals(days)) {
                    return p;
                }
            }
            return MONTH;
        }

        /** The first day of the first column: whole weeks from a Monday, whole months from the 1st. */
        LocalDate first(LocalDate today) {
            return switch (unit) {
                case WEEKS -> today.minusDays(days).with(DayOfWeek.MONDAY);
                case MONTHS -> today.withDayOfMonth(1).minusMonths(11);
                default -> today.minusDays(days - 1L);
            };
        }

        /** The first day of the column that {@code day} falls in. */
        LocalDate columnOf(LocalDate day) {
            return switch (unit) {
                case WEEKS -> day.with(DayOfWeek.MONDAY);
                case MONTHS -> day.withDayOfMonth(1);
                default -> day;
            };
        }

        public int getDays() {
            return days;
        }

        public String getWords() {
            return words;
        }
    }

    /** What happened on a day (or in a week or month) of the clinic. */
    public record Figures(long registered, long visits, long seen, long noShows, long cancelled, long testsOrdered,
                          long testsCompleted) {
        static final Figures NONE = new Figures(0, 0, 0, 0, 0, 0, 0);

        Figures plus(Figures o) {
            return new Figures(registered + o.registered, visits + o.visits, seen + o.seen, noShows + o.noShows,
                    cancelled + o.cancelled, testsOrdered + o.testsOrdered, testsCompleted + o.testsCompleted);
        }

        /** Checked in and not yet ended: waiting or in consultation. */
        public long open() {
            return visits - seen - noShows - cancelled;
        }
    }

    /** A column of the period: its first day, its names (on the axis, in the table) and its figures. */
    public record Column(LocalDate day, String axisLabel, String label, Figures figures) {
    }

    /** A doctor's visits over the period and how they ended. */
    public record DoctorVisits(String doctor, long visits, long seen, long noShows, long cancelled) {
        /** The share of visits that were no-shows, in whole per cent. */
        public long noShowPercent() {
            return visits == 0 ? 0 : Math.round(100.0 * noShows / visits);
        }
    }

    public record Diagnosis(String diagnosis, long count) {
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
        Period period = Period.of(String.valueOf(ctx.queryParam("days")));
        LocalDate today = current.today(clock);
        LocalDate first = period.first(today);
        OffsetDateTime since = current.startOf(first);

        record Data(DeskDay today, Map<LocalDate, Figures> days, List<DoctorVisits> doctors, List<Diagnosis> diagnoses) {
        }
        Data data = tenants.readInClinic(clinic, tx -> new Data(
                DeskDay.load(tx, clinic, today, current.startOf(today), current.startOf(today.plusDays(1))),
                days(tx, clinic, current.zone(), first, today, since),
                doctors(tx, clinic, first, today),
                diagnoses(tx, clinic, since)));

        List<Column> columns = columns(period, first, today, data.days());
        Figures total = columns.stream().map(Column::figures).reduce(Figures.NONE, Figures::plus);
        Map<String, Object> model = new HashMap<>();
        model.put("today", today);
        model.put("desk", data.today());
        model.put("period", period);
        model.put("periods", Period.values());
        model.put("fromDate", first);
        model.put("columns", columns);
        model.put("total", total);
        model.put("unit", switch (period.unit) {
            case WEEKS -> "Week";
            case MONTHS -> "Month";
            default -> "Day";
        });
        model.put("visits", chart(columns, "visits", "Visits per " + unitWord(period) + ", by how they ended", true,
                List.of(new BarChart.Series("Seen", "s-seen"), new BarChart.Series("No-shows", "s-noshow"),
                        new BarChart.Series("Cancelled", "s-cancelled"),
                        new BarChart.Series("Waiting or in consultation", "s-open")),
                Figures::seen, Figures::noShows, Figures::cancelled, Figures::open));
        model.put("registrations", chart(columns, "registrations", "Patients registered per " + unitWord(period), false,
                List.of(new BarChart.Series("Registered", "s-main")), Figures::registered));
        model.put("tests", chart(columns, "tests", "Tests ordered and completed per " + unitWord(period), false,
                List.of(new BarChart.Series("Ordered", "s-main"), new BarChart.Series("Completed", "s-seen")),
                Figures::testsOrdered, Figures::testsCompleted));
        model.put("doctors", data.doctors());
        model.put("doctorChart", RankingChart.of("doctors", "Visits per doctor", "visits",
                data.doctors().stream().map(d -> new RankingChart.Item(d.doctor(), d.visits())).toList()));
        model.put("diagnoses", data.diagnoses());
        model.put("diagnosisChart", RankingChart.of("diagnoses", "Top diagnoses", "consultations",
                data.diagnoses().stream().map(d -> new RankingChart.Item(d.diagnosis(), d.count())).toList()));
        model.put("title", "Analytics - Santkrupa");
        pages.render(ctx, "analytics/analytics", model);
    }

    private static String unitWord(Period period) {
        return switch (period.unit) {
            case WEEKS -> "week";
            case MONTHS -> "month";
            default -> "day";
        };
    }

    @SafeVarargs
    private static BarChart chart(List<Column> columns, String id, String title, boolean stacked,
                                  List<BarChart.Series> series, ToLongFunction<Figures>... values) {
        List<BarChart.Point> points = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            long[] v = new long[values.length];
            for (int s = 0; s < values.length; s++) {
                v[s] = values[s].applyAsLong(c.figures());
            }
            points.add(new BarChart.Point(c.axisLabel(), c.label(), v));
        }
        return BarChart.of(id, title, series, stacked, points);
    }

    /** The period's columns, each day's figures added to the column it falls in; empty columns are zeros. */
    static List<Column> columns(Period period, LocalDate first, LocalDate today, Map<LocalDate, Figures> days) {
        List<Column> columns = new ArrayList<>();
        for (LocalDate start = first; !start.isAfter(today); start = start.plus(1, period.unit)) {
            LocalDate end = start.plus(1, period.unit);
            Figures figures = Figures.NONE;
            for (LocalDate d = start; d.isBefore(end) && !d.isAfter(today); d = d.plusDays(1)) {
                figures = figures.plus(days.getOrDefault(d, Figures.NONE));
            }
            String axis = period.unit == ChronoUnit.MONTHS ? AXIS_MONTH.format(start) : AXIS_DAY.format(start);
            String label = switch (period.unit) {
                case WEEKS -> "Week of " + LONG_DAY.format(start);
                case MONTHS -> LONG_MONTH.format(start);
                default -> LONG_DAY.format(start);
            };
            columns.add(new Column(start, axis, label, figures));
        }
        return columns;
    }

    /**
     * Each day's figures from {@code first} to {@code today}: visits by their own day (already the
     * clinic's), registrations and tests by the clinic's day of their stored instant.
     */
    private static Map<LocalDate, Figures> days(DSLContext tx, ClinicId clinic, ZoneId zone, LocalDate first,
                                                LocalDate today, OffsetDateTime since) {
        Map<LocalDate, Figures> days = new HashMap<>();
        tx.select(PATIENT_VISIT.VISIT_DATE, count(), status(VisitStatus.COMPLETED), status(VisitStatus.NO_SHOW),
                        status(VisitStatus.CANCELLED))
                .from(PATIENT_VISIT)
                .where(PATIENT_VISIT.CLINIC_ID.eq(clinic.value()), PATIENT_VISIT.VISIT_DATE.between(first, today))
                .groupBy(PATIENT_VISIT.VISIT_DATE)
                .forEach(r -> days.merge(r.value1(), new Figures(0, r.value2(), r.value3(), r.value4(), r.value5(), 0, 0),
                        Figures::plus));

        // grouped by the output column's name: the zone is a bind value, and PostgreSQL takes two
        // binds of it (select list, GROUP BY) for two different expressions
        var registered = localDay(PATIENT.REGISTERED_AT, zone).as("registered_day");
        tx.select(registered, count()).from(PATIENT)
                .where(PATIENT.CLINIC_ID.eq(clinic.value()), PATIENT.REGISTERED_AT.ge(since))
                .groupBy(DSL.field(registered.getUnqualifiedName()))
                .forEach(r -> days.merge(r.value1(), new Figures(r.value2(), 0, 0, 0, 0, 0, 0), Figures::plus));

        // a test counts on the day it was ordered, and again on the day it was completed
        var tests = DSL.select(localDay(TEST_ORDER.ORDERED_AT, zone).as("day"), DSL.inline(1).as("ordered"),
                        DSL.inline(0).as("completed"))
                .from(TEST_ORDER)
                .where(TEST_ORDER.CLINIC_ID.eq(clinic.value()), TEST_ORDER.ORDERED_AT.ge(since))
                .unionAll(DSL.select(localDay(TEST_ORDER.COMPLETED_AT, zone), DSL.inline(0), DSL.inline(1))
                        .from(TEST_ORDER)
                        .where(TEST_ORDER.CLINIC_ID.eq(clinic.value()), TEST_ORDER.COMPLETED_AT.ge(since)))
                .asTable("test_day");
        Field<LocalDate> day = tests.field("day", LocalDate.class);
        tx.select(day, DSL.sum(tests.field("ordered", Integer.class)), DSL.sum(tests.field("completed", Integer.class)))
                .from(tests)
                .groupBy(day)
                .forEach(r -> days.merge(r.value1(), new Figures(0, 0, 0, 0, 0, r.value2().longValue(),
                        r.value3().longValue()), Figures::plus));
        return days;
    }

    private static List<DoctorVisits> doctors(DSLContext tx, ClinicId clinic, LocalDate first, LocalDate today) {
        return tx.select(APP_USER.FULL_NAME, count(), status(VisitStatus.COMPLETED), status(VisitStatus.NO_SHOW),
                        status(VisitStatus.CANCELLED))
                .from(PATIENT_VISIT)
                .join(DOCTOR).on(DOCTOR.CLINIC_ID.eq(PATIENT_VISIT.CLINIC_ID), DOCTOR.ID.eq(PATIENT_VISIT.DOCTOR_ID))
                .join(APP_USER).on(APP_USER.CLINIC_ID.eq(DOCTOR.CLINIC_ID), APP_USER.ID.eq(DOCTOR.USER_ID))
                .where(PATIENT_VISIT.CLINIC_ID.eq(clinic.value()), PATIENT_VISIT.VISIT_DATE.between(first, today))
                .groupBy(APP_USER.ID, APP_USER.FULL_NAME)
                .orderBy(count().desc(), APP_USER.FULL_NAME)
                .fetch(r -> new DoctorVisits(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    private static List<Diagnosis> diagnoses(DSLContext tx, ClinicId clinic, OffsetDateTime since) {
        var normalized = DSL.lower(DSL.trim(DOCTOR_NOTE.DIAGNOSIS));
        return tx.select(normalized, count())
                .from(DOCTOR_NOTE)
                .where(DOCTOR_NOTE.CLINIC_ID.eq(clinic.value()), DOCTOR_NOTE.CREATED_AT.ge(since),
                        DSL.trim(DOCTOR_NOTE.DIAGNOSIS).ne(""))
                .groupBy(normalized)
                .orderBy(count().desc(), normalized)
                .limit(10)
                .fetch(r -> new Diagnosis(r.value1(), r.value2()));
    }

    private static Field<Integer> status(VisitStatus status) {
        return count().filterWhere(PATIENT_VISIT.STATUS.eq(status.dbValue()));
    }

    /** The clinic's calendar day of a stored instant: {@code timezone(zone, at)::date}. */
    private static Field<LocalDate> localDay(Field<OffsetDateTime> at, ZoneId zone) {
        return DSL.function(DSL.name("pg_catalog", "timezone"), SQLDataType.LOCALDATETIME, DSL.val(zone.getId()), at)
                .cast(SQLDataType.LOCALDATE);
    }
}
