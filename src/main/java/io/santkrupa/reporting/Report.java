package io.santkrupa.reporting;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;
import static io.santkrupa.db.jooq.santkrupa_reporting.Tables.CLINIC_USAGE;
import static io.santkrupa.db.jooq.santkrupa_reporting.Tables.LAB_TURNAROUND;
import static io.santkrupa.db.jooq.santkrupa_reporting.Tables.STORAGE_PER_CLINIC;
import static io.santkrupa.db.jooq.santkrupa_reporting.Tables.SUBSCRIPTION_OVERVIEW;
import static io.santkrupa.db.jooq.santkrupa_reporting.Tables.VISITS_PER_DAY;
import static io.santkrupa.db.jooq.santkrupa_reporting.Tables.VISITS_PER_MONTH;

/**
 * The DBAs' cross-clinic reports: each one view of santkrupa_reporting (V070-V076), read as the
 * reporting role, optionally narrowed to one clinic and, for the reports by day or month, to a
 * period. Every column of the view but {@code clinic_id} is shown, in the view's order.
 */
public enum Report {

    CLINICS("clinics", "Every clinic with its usage: patients, active doctors and staff, portal accounts, visits "
            + "(all, and this month in the clinic's time zone), prescriptions, lab orders, last check-in.",
            CLINIC_USAGE, CLINIC_USAGE.CLINIC_SLUG, null, Periods.NONE, List.of(CLINIC_USAGE.CLINIC_SLUG.asc())),
    DAILY_VISITS("visits-per-day", "Visits per clinic per day (the clinic's local day): visits, patients, "
            + "doctors, completed, cancelled, no-shows, still open.",
            VISITS_PER_DAY, VISITS_PER_DAY.CLINIC_SLUG, VISITS_PER_DAY.VISIT_DATE, Periods.DAYS,
            List.of(VISITS_PER_DAY.CLINIC_SLUG.asc(), VISITS_PER_DAY.VISIT_DATE.asc())),
    MONTHLY_VISITS("visits-per-month", "Visits per clinic per month: visits, patients, doctors, days open, "
            + "completed, cancelled, no-shows.",
            VISITS_PER_MONTH, VISITS_PER_MONTH.CLINIC_SLUG, VISITS_PER_MONTH.VISIT_MONTH, Periods.MONTHS,
            List.of(VISITS_PER_MONTH.CLINIC_SLUG.asc(), VISITS_PER_MONTH.VISIT_MONTH.asc())),
    SUBSCRIPTIONS("subscriptions", "Each clinic's subscription: status, end date, days left, limits beside active "
            + "doctors, receptionists and patients, and its last change.",
            SUBSCRIPTION_OVERVIEW, SUBSCRIPTION_OVERVIEW.CLINIC_SLUG, null, Periods.NONE,
            List.of(SUBSCRIPTION_OVERVIEW.CLINIC_SLUG.asc())),
    TURNAROUND("lab-turnaround", "Lab turnaround per clinic, month of completion and test: completed "
            + "orders; median, 90th percentile and longest hours from order to result; medians to sample and from "
            + "sample to result.",
            LAB_TURNAROUND, LAB_TURNAROUND.CLINIC_SLUG, LAB_TURNAROUND.COMPLETED_MONTH, Periods.MONTHS,
            List.of(LAB_TURNAROUND.CLINIC_SLUG.asc(), LAB_TURNAROUND.COMPLETED_MONTH.asc(),
                    LAB_TURNAROUND.LAB_TEST_CODE.asc())),
    STORAGE("storage", "Uploaded files per clinic, largest first: files, bytes, MiB, PDFs, images, largest file, "
            + "patients' documents, lab report files, last upload.",
            STORAGE_PER_CLINIC, STORAGE_PER_CLINIC.CLINIC_SLUG, null, Periods.NONE,
            List.of(STORAGE_PER_CLINIC.BYTES.desc(), STORAGE_PER_CLINIC.CLINIC_SLUG.asc()));

    /** Whether a report has a period, and of which grain. */
    public enum Periods {
        NONE, DAYS, MONTHS
    }

    /** What a report is narrowed to; empty means every clinic, every period. */
    public record Filter(Optional<String> clinicSlug, Optional<LocalDate> from, Optional<LocalDate> to) {
        public static final Filter NONE = new Filter(Optional.empty(), Optional.empty(), Optional.empty());
    }

    private final String key;
    private final String description;
    private final Table<?> view;
    private final Field<String> clinicSlug;
    private final Field<LocalDate> period;
    private final Periods periods;
    private final List<SortField<?>> order;

    Report(String key, String description, Table<?> view, Field<String> clinicSlug, Field<LocalDate> period,
           Periods periods, List<SortField<?>> order) {
        this.key = key;
        this.description = description;
        this.view = view;
        this.clinicSlug = clinicSlug;
        this.period = period;
        this.periods = periods;
        this.order = order;
    }

    /** The name a DBA types: {@code report visits-per-day}. */
    public String key() {
        return key;
    }

    public String description() {
        return description;
    }

    /** The view, as a DBA selects from it in psql: santkrupa_reporting.visits_per_day. */
    public String viewName() {
        return view.getSchema().getName() + "." + view.getName();
    }

    public Periods periods() {
        return periods;
    }

    public static Optional<Report> named(String key) {
        return Arrays.stream(values()).filter(report -> report.key.equals(key)).findFirst();
    }

    /** The columns shown: the view's, but its clinic_id (the slug names the clinic). */
    public List<Field<?>> columns() {
        return Arrays.stream(view.fields()).filter(field -> !field.getName().equals("clinic_id")).toList();
    }

    /**
     * The report's rows. A month report keeps each month that overlaps the period: from the first
     * day of {@code from}'s month to {@code to}.
     */
    public Result<Record> rows(DSLContext dsl, Filter filter) {
        Condition where = DSL.noCondition();
        if (filter.clinicSlug().isPresent()) {
            where = where.and(clinicSlug.eq(filter.clinicSlug().get()));
        }
        if (period != null && filter.from().isPresent()) {
            LocalDate from = filter.from().get();
            where = where.and(period.ge(periods == Periods.MONTHS ? from.withDayOfMonth(1) : from));
        }
        if (period != null && filter.to().isPresent()) {
            where = where.and(period.le(filter.to().get()));
        }
        return dsl.select(columns()).from(view).where(where).orderBy(order).fetch();
    }

    /** Whether a clinic has this slug (the reporting role reads the whole registry). */
    public static boolean clinicExists(DSLContext dsl, String slug) {
        return dsl.fetchExists(CLINIC, CLINIC.SLUG.eq(slug));
    }
}
