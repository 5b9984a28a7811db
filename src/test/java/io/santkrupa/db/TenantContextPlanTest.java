package io.santkrupa.db;

import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The verifying current_clinic_id() costs one call per statement, not one per row, and the
 * (clinic_id, ...) indexes keep serving the request path's query shapes. Plans as the app role, in
 * a context the application issued, with sequential scans priced out (the test clinics are too
 * small for the planner to want an index otherwise): each plan calls the function exactly once --
 * as a one-time filter beside the query's own clinic_id, or as the index condition where the
 * query has none -- and every scan is an index scan whose condition starts at the clinic (the
 * linter makes every tenant index lead with clinic_id; which one the planner picks on a clinic of
 * a few rows is its business).
 */
@ExtendWith(TestDatabaseExtension.class)
class TenantContextPlanTest {

    private static final Pattern KEYED = Pattern.compile("Index Cond: \\(+clinic_id = ");
    private static final Pattern CALL = Pattern.compile("current_clinic_id\\(\\)");

    private static TestDatabase db;
    private static Clinic clinic;

    @BeforeAll
    static void aClinic(TestDatabase database) {
        db = database;
        clinic = ClinicFixture.create(db);
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                arguments("point lookup", """
                        SELECT * FROM santkrupa.patient WHERE clinic_id = {0} AND id = {1}""", true),
                arguments("name prefix search", """
                        SELECT id, first_name, last_name FROM santkrupa.patient
                         WHERE clinic_id = {0} AND last_name_key >= 'pa' AND last_name_key < 'pb'
                         ORDER BY last_name_key, first_name_key, id LIMIT 20""", true),
                arguments("phone prefix search", """
                        SELECT id FROM santkrupa.patient
                         WHERE clinic_id = {0} AND phone_key >= '9198' AND phone_key < '9199'
                         ORDER BY phone_key, id LIMIT 20""", true),
                arguments("the day's visits with their patients", """
                        SELECT v.token_number, p.first_name FROM santkrupa.patient_visit v
                          JOIN santkrupa.patient p ON p.clinic_id = v.clinic_id AND p.id = v.patient_id
                         WHERE v.clinic_id = {0} AND v.visit_date = {2}""", false),
                arguments("a lookup without the clinic", """
                        SELECT * FROM santkrupa.patient WHERE id = {1}""", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void the_clinic_is_checked_once_per_statement_and_the_index_is_used(String shape, String sql, boolean oneTimeFilter) {
        List<String> plan = db.tenants().inClinic(clinic.id(), tx -> {
            tx.execute("SET LOCAL enable_seqscan = off");
            tx.execute("SET LOCAL enable_bitmapscan = off");
            return tx.fetch("EXPLAIN " + sql, clinic.id().value(), clinic.row("patient"), LocalDate.now())
                    .getValues(0, String.class);
        });
        String text = String.join("\n", plan);
        assertThat(CALL.matcher(text).results().count()).as("calls of current_clinic_id() in\n" + text).isEqualTo(1);
        long scans = text.lines().filter(line -> line.contains("Index Scan using") || line.contains("Index Only Scan using")).count();
        long keyed = text.lines().filter(line -> KEYED.matcher(line.strip()).lookingAt()).count();
        assertThat(scans).as(shape + ": index scans in\n" + text).isPositive();
        assertThat(keyed).as(shape + ": every index scan starts at the clinic in\n" + text).isEqualTo(scans);
        assertThat(text).doesNotContain("Seq Scan").doesNotContain("InitPlan");
        if (oneTimeFilter) {
            assertThat(text).containsPattern("One-Time Filter: \\(.*current_clinic_id\\(\\)");
        }
        assertThat(text).doesNotContainPattern("(?m)^\\s*Filter: .*current_clinic_id");
    }
}
