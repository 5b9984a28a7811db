package io.santkrupa.cli;

import io.santkrupa.platform.ClinicRegistry;
import io.santkrupa.platform.PlatformAudit;
import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static io.santkrupa.cli.PlatformCommandTesting.Names;
import static org.assertj.core.api.Assertions.assertThat;

/** The platform's clinics with their limits and usage counts, as a table or as JSON, a page at a time. */
@ExtendWith(TestDatabaseExtension.class)
class ListClinicsCommandTest {

    @Test
    void the_table_shows_each_clinic_with_its_status_limits_and_usage_counts(TestDatabase db) {
        var clinic = ClinicFixture.create(db);
        var run = CommandRunner.over(db).run("list-clinics", "--search", clinic.slug());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.getFirst()).startsWith("SLUG").contains("STATUS", "UNTIL", "LIMITS D/P/R", "PATIENTS", "DOCTORS",
                "STAFF", "VISITS/MONTH", "STORAGE", "AWAITING ADMIN");
        assertThat(lines).hasSize(2);
        var usage = new ClinicRegistry(db.platform(), new PlatformAudit(), Clock.systemUTC()).find(clinic.slug())
                .orElseThrow().usage();
        assertThat(usage.patients()).isPositive();
        assertThat(usage.storageBytes()).isPositive();
        assertThat(lines.get(1).split("\\s{2,}")).containsExactly(clinic.slug(), "Test Clinic " + clinic.slug().substring(5),
                "trial", "-", "10/500/5", String.valueOf(usage.patients()), String.valueOf(usage.activeDoctors()),
                String.valueOf(usage.activeStaff()), String.valueOf(usage.visitsThisMonth()), usage.storage(), "yes");
    }

    @Test
    void the_json_has_every_clinic_with_its_counts_and_the_next_cursor(TestDatabase db) {
        var clinic = ClinicFixture.create(db);
        var run = CommandRunner.over(db).run("list-clinics", "--search", clinic.slug(), "--json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        var json = run.json();
        assertThat(json.get("next").isNull()).isTrue();
        var listed = json.get("clinics").get(0);
        assertThat(listed.get("slug").asText()).isEqualTo(clinic.slug());
        assertThat(listed.get("code").asText()).isEqualTo(clinic.code());
        assertThat(listed.get("status").asText()).isEqualTo("trial");
        assertThat(listed.get("limits").get("doctors").asInt()).isEqualTo(10);
        assertThat(listed.get("usage").get("patients").asLong()).isEqualTo(1);
        assertThat(listed.get("usage").get("activeDoctors").asLong()).isEqualTo(1);
        assertThat(listed.get("usage").get("visitsThisMonth").asLong()).isEqualTo(1);
        assertThat(listed.get("usage").get("storageBytes").asLong()).isPositive();
        assertThat(listed.get("awaitingFirstAdmin").asBoolean()).isTrue();
        assertThat(listed.get("createdAt").asText()).isNotBlank();
    }

    @Test
    void a_page_ends_with_a_cursor_that_lists_the_rest(TestDatabase db) {
        String city = "Town-" + Names.fresh().slug();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Names names = Names.fresh();
            assertThat(CommandRunner.over(db).run(names.createClinic("--city", city)).exitCode()).isZero();
            created.add(names.slug());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var run = cursor == null
                    ? CommandRunner.over(db).run("list-clinics", "--search", city, "--sort", "slug", "--limit", "2", "--json")
                    : CommandRunner.over(db).run("list-clinics", "--search", city, "--sort", "slug", "--limit", "2", "--json",
                    "--cursor", cursor);
            assertThat(run.exitCode()).as(run.toString()).isZero();
            run.json().get("clinics").forEach(clinic -> seen.add(clinic.get("slug").asText()));
            cursor = run.json().get("next").isNull() ? null : run.json().get("next").asText();
        } while (cursor != null);

        assertThat(seen).containsExactlyElementsOf(created.stream().sorted().toList());
        var firstPage = CommandRunner.over(db).run("list-clinics", "--search", city, "--limit", "2");
        assertThat(firstPage.out()).contains("More: list-clinics --cursor ");
    }

    @Test
    void a_wrong_status_sort_or_limit_is_refused_at_its_option_with_exit_2(TestDatabase db) {
        var run = CommandRunner.over(db).run("list-clinics", "--status", "closed", "--sort", "oldest", "--limit", "0");
        var json = CommandRunner.over(db).run("list-clinics", "--limit", "1000", "--json");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--status: Use trial, active, expired or suspended.", "--sort: Use name, newest or slug.",
                "--limit: Limit must be from 1 to 100.");
        assertThat(json.exitCode()).isEqualTo(2);
        assertThat(json.errorJson().get("fields").get("--limit").asText()).isEqualTo("Limit must be from 1 to 100.");
    }

    @Test
    void no_clinic_matching_says_so(TestDatabase db) {
        var run = CommandRunner.over(db).run("list-clinics", "--search", "no clinic is called this");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("No clinics.\n");
    }
}
