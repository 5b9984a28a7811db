package io.santkrupa.reporting;

import io.santkrupa.db.DatabaseRoles;
import io.santkrupa.testing.ReportingFixture;
import io.santkrupa.testing.ReportingFixture.ReportedClinic;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import static io.santkrupa.db.jooq.santkrupa_reporting.Tables.CLINIC_USAGE;
import static io.santkrupa.db.jooq.santkrupa_reporting.Tables.LAB_TURNAROUND;
import static io.santkrupa.db.jooq.santkrupa_reporting.Tables.STORAGE_PER_CLINIC;
import static io.santkrupa.db.jooq.santkrupa_reporting.Tables.SUBSCRIPTION_OVERVIEW;
import static io.santkrupa.db.jooq.santkrupa_reporting.Tables.VISITS_PER_DAY;
import static io.santkrupa.db.jooq.santkrupa_reporting.Tables.VISITS_PER_MONTH;
import static io.santkrupa.testing.ReportingFixture.APRIL_DAY;
import static io.santkrupa.testing.ReportingFixture.FIRST_DAY;
import static io.santkrupa.testing.ReportingFixture.SECOND_DAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The DBAs' report views, read as a DBA's login (a member of the reporting role, nothing more):
 * every clinic's figures as written, nothing writable through them or under them, and no column
 * that names a secret or a patient's free text -- read from the catalog, so a view added later is
 * held to the same.
 */
@ExtendWith(TestDatabaseExtension.class)
class ReportingViewsTest {

    private static final LocalDate MARCH = LocalDate.of(2025, 3, 1);
    private static final LocalDate APRIL = LocalDate.of(2025, 4, 1);

    /**
     * Column names that would show a secret or what was typed about a person: any word of the
     * snake_case name (so "ip" is caught, "subscription" is not).
     */
    private static final Pattern NOT_A_REPORT_COLUMN = Pattern.compile(
            "(.*_)?(password|hash|token|csrf|secret|key|mac|sha256|checksum|content|name|username|phone|mobile|email"
                    + "|address|notes?|remarks?|reason|complaint|diagnosis|advice|instructions?|allergies|title|detail"
                    + "|text|ip|agent|dob|birth)(_.*)?");
    /** The two names a report may show: the clinic's and its lab test's (a catalog's, not a person's). */
    private static final Set<String> NAMES_SHOWN = Set.of("clinic_name", "lab_test_name");

    private static List<ReportedClinic> clinics;

    @BeforeAll
    static void threeClinics(TestDatabase db) {
        clinics = List.of(ReportingFixture.create(db, 1), ReportingFixture.create(db, 2), ReportingFixture.create(db, 3));
    }

    private static void asDba(TestDatabase db, Consumer<DSLContext> work) throws SQLException {
        try (Connection dba = db.connectAsReporting()) {
            work.accept(DSL.using(dba, SQLDialect.POSTGRES));
        }
    }

    @Test
    void the_dba_reads_every_clinics_usage_and_subscription(TestDatabase db) throws SQLException {
        asDba(db, dsl -> {
            for (ReportedClinic clinic : clinics) {
                var usage = dsl.selectFrom(CLINIC_USAGE).where(CLINIC_USAGE.CLINIC_SLUG.eq(clinic.slug())).fetchSingle();
                assertThat(usage.getClinicId()).isEqualTo(clinic.clinic().id().value());
                assertThat(usage.getSubscriptionStatus()).isEqualTo("trial");
                assertThat(usage.getPatients()).isEqualTo(1L + clinic.n()).isEqualTo(clinic.patients());
                assertThat(usage.getActiveDoctors()).isEqualTo(1L);
                assertThat(usage.getActiveStaff()).as("admin, doctor, receptionist, lab").isEqualTo(4L);
                assertThat(usage.getPortalAccounts()).isEqualTo(1L);
                assertThat(usage.getVisits()).isEqualTo(clinic.visits())
                        .isEqualTo(1L + clinic.n() + (clinic.n() >= 2 ? 1 : 0) + 1);
                assertThat(usage.getPrescriptions()).isEqualTo(1L);
                assertThat(usage.getLabOrders()).isEqualTo(3L).isEqualTo(clinic.labOrders());

                var subscription = dsl.selectFrom(SUBSCRIPTION_OVERVIEW)
                        .where(SUBSCRIPTION_OVERVIEW.CLINIC_SLUG.eq(clinic.slug())).fetchSingle();
                assertThat(subscription.getSubscriptionStatus()).isEqualTo("trial");
                assertThat(subscription.getSubscriptionEndsOn()).isNull();
                assertThat(subscription.getDaysLeft()).isNull();
                assertThat(List.of(subscription.getMaxDoctors(), subscription.getMaxReceptionists(),
                        subscription.getMaxPatients())).containsExactly(10, 5, 500);
                assertThat(List.of(subscription.getActiveDoctors(), subscription.getActiveReceptionists(),
                        subscription.getPatients())).containsExactly(1L, 1L, 1L + clinic.n());
                assertThat(subscription.getChanges()).isEqualTo(1L);
                assertThat(subscription.getLastChangeKind()).isEqualTo("onboarded");
                assertThat(subscription.getLastChangeAt()).isNotNull();
            }
        });
    }

    @Test
    void the_dba_reads_every_clinics_visits_per_day_and_month(TestDatabase db) throws SQLException {
        asDba(db, dsl -> {
            for (ReportedClinic clinic : clinics) {
                int n = clinic.n();
                var days = dsl.selectFrom(VISITS_PER_DAY)
                        .where(VISITS_PER_DAY.CLINIC_SLUG.eq(clinic.slug()), VISITS_PER_DAY.VISIT_DATE.lt(APRIL.plusMonths(1)))
                        .orderBy(VISITS_PER_DAY.VISIT_DATE).fetch();
                List<String> expected = new ArrayList<>();
                expected.add(FIRST_DAY + " visits=" + n + " patients=" + n + " doctors=1 completed=" + n
                        + " cancelled=0 no_shows=0 open=0");
                if (n >= 2) {
                    expected.add(SECOND_DAY + " visits=1 patients=1 doctors=1 completed=0 cancelled=1 no_shows=0 open=0");
                }
                expected.add(APRIL_DAY + " visits=1 patients=1 doctors=1 completed=0 cancelled=0 no_shows=1 open=0");
                assertThat(days.map(d -> d.getVisitDate() + " visits=" + d.getVisits() + " patients=" + d.getPatients()
                        + " doctors=" + d.getDoctors() + " completed=" + d.getCompleted() + " cancelled=" + d.getCancelled()
                        + " no_shows=" + d.getNoShows() + " open=" + d.getStillOpen()))
                        .as(clinic.slug()).containsExactlyElementsOf(expected);

                var months = dsl.selectFrom(VISITS_PER_MONTH)
                        .where(VISITS_PER_MONTH.CLINIC_SLUG.eq(clinic.slug()), VISITS_PER_MONTH.VISIT_MONTH.le(APRIL))
                        .orderBy(VISITS_PER_MONTH.VISIT_MONTH).fetch();
                int cancelled = n >= 2 ? 1 : 0;
                assertThat(months.map(m -> m.getVisitMonth() + " visits=" + m.getVisits() + " patients=" + m.getPatients()
                        + " days=" + m.getDaysOpen() + " completed=" + m.getCompleted() + " cancelled=" + m.getCancelled()
                        + " no_shows=" + m.getNoShows()))
                        .as(clinic.slug()).containsExactly(
                                MARCH + " visits=" + (n + cancelled) + " patients=" + n + " days=" + (1 + cancelled)
                                        + " completed=" + n + " cancelled=" + cancelled + " no_shows=0",
                                APRIL + " visits=1 patients=1 days=1 completed=0 cancelled=0 no_shows=1");
                // and the fixture's own visit of today, in this month's row
                assertThat(dsl.fetchCount(VISITS_PER_MONTH, VISITS_PER_MONTH.CLINIC_SLUG.eq(clinic.slug()))).isEqualTo(3);
            }
        });
    }

    @Test
    void the_dba_reads_every_clinics_lab_turnaround_and_storage(TestDatabase db) throws SQLException {
        asDba(db, dsl -> {
            for (ReportedClinic clinic : clinics) {
                int n = clinic.n();
                var march = dsl.selectFrom(LAB_TURNAROUND)
                        .where(LAB_TURNAROUND.CLINIC_SLUG.eq(clinic.slug()), LAB_TURNAROUND.COMPLETED_MONTH.eq(MARCH))
                        .fetchSingle();
                assertThat(march.getLabTestCode()).isEqualTo("HB");
                assertThat(march.getLabTestName()).isEqualTo("Haemoglobin");
                assertThat(march.getCompleted()).isEqualTo(2L);
                // orders of 2n and 4n hours, samples taken after one
                assertThat(march.getMedianHours()).isEqualByComparingTo(BigDecimal.valueOf(3 * n));
                assertThat(march.getP90Hours()).isEqualByComparingTo(BigDecimal.valueOf(3.8 * n).setScale(1,
                        java.math.RoundingMode.HALF_UP));
                assertThat(march.getMaxHours()).isEqualByComparingTo(BigDecimal.valueOf(4 * n));
                assertThat(march.getMedianToSampleHours()).isEqualByComparingTo("1.0");
                assertThat(march.getMedianSampleToResultHours()).isEqualByComparingTo(BigDecimal.valueOf(3 * n - 1));

                var storage = dsl.selectFrom(STORAGE_PER_CLINIC)
                        .where(STORAGE_PER_CLINIC.CLINIC_SLUG.eq(clinic.slug())).fetchSingle();
                assertThat(storage.getFiles()).isEqualTo(clinic.files()).isEqualTo(3L + n);
                assertThat(storage.getBytes()).isEqualTo(clinic.bytes());
                assertThat(storage.getImageFiles()).isEqualTo(clinic.imageFiles()).isEqualTo(1L + n);
                assertThat(storage.getPdfFiles()).isEqualTo(clinic.pdfFiles()).isEqualTo(2L);
                assertThat(storage.getLargestFileBytes()).isEqualTo(clinic.largestFile());
                assertThat(storage.getMedicalReports()).isEqualTo(1L);
                assertThat(storage.getLabReportFiles()).isEqualTo(1L);
                assertThat(storage.getLastUploadAt()).isNotNull();
            }
        });
    }

    @Test
    void the_dba_can_write_nothing_through_the_views(TestDatabase db) throws SQLException {
        List<String> views = reportViews(db);
        assertThat(views).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(Report.values()).map(Report::viewName).toList());
        try (Connection dba = db.connectAsReporting()) {
            DSLContext dsl = DSL.using(dba, SQLDialect.POSTGRES);
            for (String view : views) {
                Table<Record> table = DSL.table(DSL.name(view.split("\\.")));
                var slug = DSL.field(DSL.name("clinic_slug"), String.class);
                long rows = dsl.fetchCount(table);
                assertRefused(view + " insert", () -> dsl.insertInto(table).defaultValues().execute());
                assertRefused(view + " update", () -> dsl.update(table).set(slug, slug).execute());
                assertRefused(view + " delete", () -> dsl.deleteFrom(table).execute());
                assertRefused(view + " truncate", () -> dsl.truncate(table).execute());
                assertThat(dsl.fetchCount(table)).as(view).isEqualTo(rows);
            }
        }
    }

    @Test
    void the_dba_can_write_no_table_under_the_views(TestDatabase db) throws SQLException {
        List<String> tables;
        try (Connection owner = db.connectAsOwner()) {
            tables = DSL.using(owner, SQLDialect.POSTGRES).fetch("""
                            SELECT n.nspname || '.' || c.relname FROM pg_catalog.pg_class c
                              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                             WHERE n.nspname = ? AND c.relkind IN ('r', 'p') ORDER BY 1""", DatabaseRoles.APP_SCHEMA)
                    .getValues(0, String.class);
        }
        assertThat(tables).hasSizeGreaterThan(20);
        try (Connection dba = db.connectAsReporting()) {
            DSLContext dsl = DSL.using(dba, SQLDialect.POSTGRES);
            for (String name : tables) {
                Table<Record> table = DSL.table(DSL.name(name.split("\\.")));
                var clinicId = DSL.field(DSL.name(name.endsWith(".clinic") ? "id" : "clinic_id"), org.jooq.impl.SQLDataType.UUID);
                assertRefused(name + " insert", () -> dsl.insertInto(table).defaultValues().execute(), "42501");
                assertRefused(name + " update", () -> dsl.update(table).set(clinicId, clinicId).execute(), "42501");
                assertRefused(name + " delete", () -> dsl.deleteFrom(table).execute(), "42501");
                assertRefused(name + " truncate", () -> dsl.truncate(table).execute(), "42501");
            }
        }
    }

    @Test
    void the_views_show_no_secret_and_nothing_typed_about_a_patient(TestDatabase db) throws SQLException {
        try (Connection owner = db.connectAsOwner()) {
            var columns = DSL.using(owner, SQLDialect.POSTGRES).fetch("""
                    SELECT c.relname, a.attname::text
                      FROM pg_catalog.pg_attribute a
                      JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
                      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = ? AND a.attnum > 0 AND NOT a.attisdropped
                     ORDER BY 1, a.attnum""", DatabaseRoles.REPORTING_SCHEMA);
            assertThat(columns).hasSizeGreaterThan(40);
            List<String> named = columns.stream()
                    .filter(row -> NOT_A_REPORT_COLUMN.matcher(row.get(1, String.class)).matches())
                    .filter(row -> !NAMES_SHOWN.contains(row.get(1, String.class)))
                    .map(row -> row.get(0, String.class) + "." + row.get(1, String.class))
                    .toList();
            assertThat(named).as("report columns named like a secret or a patient's free text").isEmpty();
            // the check would catch one: the pattern is no accident
            assertThat(Set.of("password_hash", "token_hash", "sha256", "first_name", "last_name", "phone", "address",
                    "notes", "reason", "remarks", "clinical_notes", "diagnosis"))
                    .allMatch(name -> NOT_A_REPORT_COLUMN.matcher(name).matches());
        }
    }

    @Test
    void roles_other_than_reporting_see_nothing_through_the_views(TestDatabase db) throws SQLException {
        try (Connection app = db.connectAsApp(); Connection platform = db.connectAsPlatform()) {
            for (Connection role : List.of(app, platform)) {
                DSLContext dsl = DSL.using(role, SQLDialect.POSTGRES);
                assertRefused("clinic_usage", () -> dsl.fetchCount(CLINIC_USAGE), "42501");
            }
        }
    }

    private static List<String> reportViews(TestDatabase db) throws SQLException {
        try (Connection owner = db.connectAsOwner()) {
            return DSL.using(owner, SQLDialect.POSTGRES).fetch("""
                            SELECT n.nspname || '.' || c.relname FROM pg_catalog.pg_class c
                              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                             WHERE n.nspname = ? ORDER BY 1""", DatabaseRoles.REPORTING_SCHEMA)
                    .getValues(0, String.class);
        }
    }

    /**
     * Refused: no privilege (42501), not writable at all (a view over more than one table, 55000),
     * or no table to truncate (42809).
     */
    private static void assertRefused(String what, Runnable statement) {
        assertRefused(what, statement, "42501", "55000", "42809");
    }

    private static void assertRefused(String what, Runnable statement, String... states) {
        Throwable thrown = catchThrowable(statement::run);
        assertThat(thrown).as(what + " must be refused").isInstanceOf(DataAccessException.class);
        assertThat(((DataAccessException) thrown).sqlState()).as(what + ": " + thrown.getMessage()).isIn((Object[]) states);
    }
}
