package io.santkrupa.cli;

import io.santkrupa.reporting.Report;
import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.ReportingFixture;
import io.santkrupa.testing.ReportingFixture.ReportedClinic;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import org.jooq.Field;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code report NAME} as a DBA runs it, against the test database as its DBA login (a member of
 * the reporting role only): each report as a table and as CSV with the figures written, the list
 * and the help, and clear refusals -- an unknown report, a bad date, a period where none fits, an
 * unknown clinic, a login that is not a DBA's.
 */
@ExtendWith(TestDatabaseExtension.class)
class ReportCommandTest {

    private static ReportedClinic one;
    private static ReportedClinic two;

    @BeforeAll
    static void twoClinics(TestDatabase db) {
        one = ReportingFixture.create(db, 1);
        two = ReportingFixture.create(db, 2);
    }

    private static CommandRunner.Run report(TestDatabase db, String... args) {
        return CommandRunner.reportingAs(db, db.dba())
                .run(Stream.concat(Stream.of("report"), Arrays.stream(args)).toArray(String[]::new));
    }

    /** A table's rows as column name -> cell, from its header. */
    private static List<Map<String, String>> table(String printed) {
        List<String> lines = printed.lines().toList();
        List<String> header = Arrays.asList(lines.getFirst().split("\\s{2,}"));
        return lines.stream().skip(1).map(line -> {
            String[] cells = line.split("\\s{2,}");
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), i < cells.length ? cells[i] : "");
            }
            return row;
        }).toList();
    }

    @Test
    void every_report_prints_its_views_columns_with_the_clinics_rows(TestDatabase db) {
        for (Report report : Report.values()) {
            var run = report(db, report.key(), "--clinic", two.slug());
            assertThat(run.exitCode()).as(run.toString()).isZero();
            List<String> columns = report.columns().stream().map(Field::getName).toList();
            assertThat(run.out().lines().findFirst().orElseThrow().split("\\s{2,}")).as(report.key())
                    .containsExactlyElementsOf(columns).doesNotContain("clinic_id");
            assertThat(table(run.out())).as(report.key()).isNotEmpty()
                    .allMatch(row -> row.get("clinic_slug").equals(two.slug()));
        }
    }

    @Test
    void the_clinics_report_counts_what_each_clinic_uses(TestDatabase db) {
        var run = report(db, "clinics");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        Map<String, Map<String, String>> bySlug = new LinkedHashMap<>();
        table(run.out()).forEach(row -> bySlug.put(row.get("clinic_slug"), row));
        for (ReportedClinic clinic : List.of(one, two)) {
            Map<String, String> row = bySlug.get(clinic.slug());
            assertThat(row).as(clinic.slug()).isNotNull();
            assertThat(row.get("clinic_name")).startsWith("Test Clinic ");
            assertThat(row.get("subscription_status")).isEqualTo("trial");
            assertThat(row.get("patients")).isEqualTo(String.valueOf(clinic.patients()));
            assertThat(row.get("active_doctors")).isEqualTo("1");
            assertThat(row.get("active_staff")).isEqualTo("4");
            assertThat(row.get("visits")).isEqualTo(String.valueOf(clinic.visits()));
            assertThat(row.get("lab_orders")).isEqualTo(String.valueOf(clinic.labOrders()));
            assertThat(row.get("last_check_in_at")).endsWith(" UTC");
        }
    }

    @Test
    void subscriptions_and_storage_show_limits_beside_usage_and_the_files_bytes(TestDatabase db) {
        var subscriptions = report(db, "subscriptions", "--clinic", two.slug());
        assertThat(subscriptions.exitCode()).as(subscriptions.toString()).isZero();
        var row = table(subscriptions.out()).getFirst();
        assertThat(List.of(row.get("subscription_status"), row.get("subscription_ends_on"), row.get("days_left"),
                row.get("max_doctors"), row.get("active_doctors"), row.get("max_receptionists"),
                row.get("active_receptionists"), row.get("max_patients"), row.get("patients"), row.get("changes"),
                row.get("last_change_kind")))
                .containsExactly("trial", "-", "-", "10", "1", "5", "1", "500", "3", "1", "onboarded");

        var storage = report(db, "storage", "--clinic", two.slug(), "--csv");
        assertThat(storage.exitCode()).as(storage.toString()).isZero();
        List<String> lines = storage.out().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("clinic_slug,files,bytes,mib,pdf_files,image_files,largest_file_bytes,"
                + "medical_reports,lab_report_files,last_upload_at");
        assertThat(lines.get(1)).startsWith(String.join(",", two.slug(), String.valueOf(two.files()),
                String.valueOf(two.bytes()), "0.0", "2", "3", String.valueOf(two.largestFile()), "1", "1") + ",");
    }

    @Test
    void visits_per_day_for_a_period_as_a_table_and_as_csv(TestDatabase db) {
        var run = report(db, "visits-per-day", "--clinic", two.slug(), "--from", "2025-03", "--to", "2025-04-30");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(table(run.out())).extracting(row -> row.get("visit_date") + " " + row.get("visits") + " "
                        + row.get("completed") + " " + row.get("cancelled") + " " + row.get("no_shows"))
                .containsExactly("2025-03-03 2 2 0 0", "2025-03-20 1 0 1 0", "2025-04-02 1 0 0 1");

        var csv = report(db, "visits-per-day", "--clinic", two.slug(), "--from", "2025-03-01", "--to", "2025-03-31", "--csv");
        assertThat(csv.exitCode()).as(csv.toString()).isZero();
        assertThat(csv.out()).isEqualTo(
                "clinic_slug,visit_date,visits,patients,doctors,completed,cancelled,no_shows,still_open\r\n"
                        + two.slug() + ",2025-03-03,2,2,1,2,0,0,0\r\n"
                        + two.slug() + ",2025-03-20,1,1,1,0,1,0,0\r\n");
    }

    @Test
    void a_month_report_keeps_each_month_its_period_touches(TestDatabase db) {
        var run = report(db, "visits-per-month", "--clinic", two.slug(), "--from", "2025-03-15", "--to", "2025-04-30", "--csv");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo(
                "clinic_slug,visit_month,visits,patients,doctors,days_open,completed,cancelled,no_shows\r\n"
                        + two.slug() + ",2025-03-01,3,2,1,2,2,1,0\r\n"
                        + two.slug() + ",2025-04-01,1,1,1,1,0,0,1\r\n");

        var lab = report(db, "lab-turnaround", "--from", "2025-03", "--to", "2025-03", "--csv");
        assertThat(lab.exitCode()).as(lab.toString()).isZero();
        // orders of 4 and 8 hours in clinic two, 2 and 4 in clinic one; samples taken after one hour
        assertThat(lab.out().lines().toList()).contains(
                "clinic_slug,completed_month,lab_test_code,lab_test_name,completed,median_hours,p90_hours,max_hours,"
                        + "median_to_sample_hours,median_sample_to_result_hours",
                one.slug() + ",2025-03-01,HB,Haemoglobin,2,3.0,3.8,4.0,1.0,2.0",
                two.slug() + ",2025-03-01,HB,Haemoglobin,2,6.0,7.6,8.0,1.0,5.0");
    }

    @Test
    void csv_quotes_a_name_with_a_comma_or_a_quote(TestDatabase db) {
        var clinic = ClinicFixture.create(db);
        db.tenants().inClinic(clinic.id(), tx -> tx.update(CLINIC).set(CLINIC.NAME, "Shah \"Sunrise\" Clinic, Pune")
                .where(CLINIC.ID.eq(clinic.id().value())).execute());
        var run = report(db, "clinics", "--clinic", clinic.slug(), "--csv");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().split("\r\n")[1]).startsWith(clinic.slug() + ",\"Shah \"\"Sunrise\"\" Clinic, Pune\",trial,");
    }

    @Test
    void csv_fields_follow_rfc_4180() {
        assertThat(Csv.field("plain 1.5")).isEqualTo("plain 1.5");
        assertThat(Csv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(Csv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Csv.field("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(Csv.field("cr\r")).isEqualTo("\"cr\r\"");
        assertThat(Csv.field("")).isEmpty();
    }

    @Test
    void the_list_and_the_help_name_every_report_and_its_view(TestDatabase db) {
        for (String[] args : List.of(new String[] {"--list"}, new String[0])) {
            var run = report(db, args);
            assertThat(run.exitCode()).as(run.toString()).isZero();
            List<String> lines = run.out().lines().toList();
            assertThat(lines).hasSize(Report.values().length);
            for (Report report : Report.values()) {
                assertThat(lines).anyMatch(line -> line.startsWith(report.key() + " ") && line.endsWith("(" + report.viewName() + ")"));
            }
        }
        var help = report(db, "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--csv", "--clinic=SLUG", "--from=DATE", "--to=DATE", "REPORTING_DATABASE_URL",
                "santkrupa_dba", "Exit codes:");
        for (Report report : Report.values()) {
            assertThat(help.out()).containsPattern("(?m)^  " + report.key() + " +" + report.viewName().replace(".", "\\.") + "$");
        }
    }

    @Test
    void wrong_input_is_refused_with_a_message_and_exit_code_2(TestDatabase db) {
        Map<List<String>, String> refusals = new LinkedHashMap<>();
        refusals.put(List.of("visits"), "No report is called 'visits'. The reports: clinics, visits-per-day");
        refusals.put(List.of("visits-per-day", "--from", "2025-02-30"), "--from: a day as YYYY-MM-DD or a month as YYYY-MM, not '2025-02-30'");
        refusals.put(List.of("visits-per-day", "--to", "March"), "--to: a day as YYYY-MM-DD or a month as YYYY-MM, not 'March'");
        refusals.put(List.of("visits-per-month", "--from", "2025-04", "--to", "2025-03"), "--to: 2025-03 is before --from 2025-04");
        refusals.put(List.of("clinics", "--from", "2025-01-01"), "--from: the clinics report has no dates");
        refusals.put(List.of("storage", "--to", "2025-01"), "--to: the storage report has no dates");
        refusals.put(List.of("clinics", "--clinic", "Not A Slug"), "--clinic: a clinic's slug is lower-case letters");
        refusals.forEach((args, message) -> {
            var run = report(db, args.toArray(String[]::new));
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
            assertThat(run.err()).as(args.toString()).contains(message);
            assertThat(run.out()).as(args.toString()).isEmpty();
        });
        var unknownOption = report(db, "clinics", "--since", "2025-01-01");
        assertThat(unknownOption.exitCode()).isEqualTo(2);
        assertThat(unknownOption.err()).contains("Unknown options: '--since'");
    }

    @Test
    void an_unknown_clinic_is_not_found_with_exit_code_3(TestDatabase db) {
        var run = report(db, "visits-per-day", "--clinic", "no-such-clinic-here");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.err()).contains("No clinic has the slug 'no-such-clinic-here'.");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void only_a_dbas_login_may_report(TestDatabase db) throws Exception {
        var superuser = CommandRunner.reportingAs(db, db.superuser()).run("report", "clinics");
        assertThat(superuser.exitCode()).as(superuser.toString()).isEqualTo(1);
        assertThat(superuser.err()).contains("is a superuser", "membership of santkrupa_reporting");
        assertThat(superuser.out()).isEmpty();

        String url = db.config().jdbcUrl();
        for (String role : List.of("santkrupa_app", "santkrupa_owner", "santkrupa_platform", "santkrupa_reporting")) {
            CommandFailure refused = catchThrowableOfType(CommandFailure.class, () -> ReportingSource.open(new DatabaseOptions(),
                    Map.of("REPORTING_DATABASE_URL", url, "REPORTING_DATABASE_USER", role)));
            assertThat(refused).as(role).isNotNull();
            assertThat(refused.exitCode()).isEqualTo(2);
            assertThat(refused.getMessage()).contains("REPORTING_DATABASE_USER is " + role);
        }
        CommandFailure appDatabaseOnly = catchThrowableOfType(CommandFailure.class,
                () -> ReportingSource.open(new DatabaseOptions(), Map.of("DATABASE_URL", url)));
        assertThat(appDatabaseOnly.getMessage()).contains("reports never use the application's logins",
                "REPORTING_DATABASE_URL, REPORTING_DATABASE_USER and REPORTING_DATABASE_PASSWORD");
        var configured = ReportingSource.open(new DatabaseOptions(),
                Map.of("DATABASE_URL", url, "REPORTING_DATABASE_URL", url, "REPORTING_DATABASE_USER", "alice"));
        assertThat(configured.login().login().user()).isEqualTo("alice");
        assertThat(configured.embedded()).isEmpty();

        // the DBA's password from a file, as every secret may come (Docker secrets)
        java.nio.file.Path secret = java.nio.file.Files.createTempFile("reporting", ".secret");
        try {
            java.nio.file.Files.writeString(secret, "a DBA's long password\n");
            var fromFile = ReportingSource.open(new DatabaseOptions(), Map.of("REPORTING_DATABASE_URL", url,
                    "REPORTING_DATABASE_USER", "alice", "REPORTING_DATABASE_PASSWORD_FILE", secret.toString()));
            assertThat(fromFile.login().login().password()).isEqualTo("a DBA's long password");
            CommandFailure both = catchThrowableOfType(CommandFailure.class, () -> ReportingSource.open(new DatabaseOptions(),
                    Map.of("REPORTING_DATABASE_URL", url, "REPORTING_DATABASE_USER", "alice",
                            "REPORTING_DATABASE_PASSWORD", "x", "REPORTING_DATABASE_PASSWORD_FILE", secret.toString())));
            assertThat(both.exitCode()).isEqualTo(2);
            assertThat(both.getMessage()).contains("both set");
        } finally {
            java.nio.file.Files.delete(secret);
        }
    }
}
