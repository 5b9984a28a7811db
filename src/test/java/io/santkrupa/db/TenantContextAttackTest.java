package io.santkrupa.db;

import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finding 1 of issue 12, as the review ran it: SQL running as the app role inside one clinic's
 * transaction (what a SQL injection would run) names another clinic, by its slug, and reads and
 * changes that clinic's patients. Before V057 every form below returned and updated the other
 * clinic's rows; now the database accepts only a context the application issued and MAC'd.
 *
 * <p>Each attack runs through the application's own tenant transaction (the app role's pool), as
 * sunrise, against lotus. Sunrise's own rows stay visible, so a context that simply broke
 * everything would fail the test too.
 */
@ExtendWith(TestDatabaseExtension.class)
class TenantContextAttackTest {

    private static TestDatabase db;
    private static Clinic sunrise;
    private static Clinic lotus;

    @BeforeAll
    static void twoClinics(TestDatabase database) {
        db = database;
        sunrise = ClinicFixture.create(db);
        lotus = ClinicFixture.create(db);
    }

    /** Statements that switch the context and then read, each on its own. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            // the review's first form: the old setting, from the public slug lookup
            "SELECT set_config('app.clinic_id', c.clinic_id::text, true) FROM santkrupa.resolve_clinic(:slug) c",
            // the same with the setting the application now uses, holding the bare id
            "SELECT set_config('app.clinic_context', c.clinic_id::text, true) FROM santkrupa.resolve_clinic(:slug) c",
            // the transaction's own, valid context with the clinic swapped: the MAC is sunrise's
            "SELECT set_config('app.clinic_context', c.clinic_id::text || substr(current_setting('app.clinic_context'), 37), true)"
                    + " FROM santkrupa.resolve_clinic(:slug) c",
            // a context dated now with a made-up MAC
            "SELECT set_config('app.clinic_context', c.clinic_id::text || '.' || extract(epoch FROM now())::bigint || '.'"
                    + " || repeat('0', 64), true) FROM santkrupa.resolve_clinic(:slug) c",
    })
    void switching_the_clinic_from_sql_reaches_none_of_the_other_clinics_rows(String switchContext) {
        String sql = switchContext.replace(":slug", "{0}");
        List<UUID> seen = db.tenants().inClinic(sunrise.id(), tx -> {
            tx.fetch(sql, lotus.slug());
            List<UUID> read = tx.select(PATIENT.CLINIC_ID).from(PATIENT).fetch(PATIENT.CLINIC_ID);
            int changed = tx.update(PATIENT).set(PATIENT.ALLERGIES, "changed by an injection")
                    .where(PATIENT.CLINIC_ID.eq(lotus.id().value())).execute();
            assertThat(changed).as("lotus patients changed").isZero();
            return read;
        });
        assertThat(seen).as("clinics of the patients read after the switch").doesNotContain(lotus.id().value());
        assertLotusUntouched();
    }

    /** The review's second form: one statement, a materialized CTE that switches, then a lateral read. */
    @Test
    void switching_and_reading_in_one_statement_reaches_none_of_the_other_clinics_rows() {
        List<UUID> seen = db.tenants().inClinic(sunrise.id(), tx -> tx.fetch("""
                        WITH switched AS MATERIALIZED (
                          SELECT set_config('app.clinic_id', c.clinic_id::text, true) AS clinic,
                                 set_config('app.clinic_context', c.clinic_id::text, true) AS context
                            FROM santkrupa.resolve_clinic({0}) c)
                        SELECT p.clinic_id
                          FROM switched, LATERAL (SELECT q.clinic_id FROM santkrupa.patient q
                                                   WHERE q.clinic_id::text = switched.clinic) p""", lotus.slug())
                .getValues(0, UUID.class));
        assertThat(seen).isEmpty();
        int changed = db.tenants().inClinic(sunrise.id(), tx -> tx.execute("""
                WITH switched AS MATERIALIZED (
                  SELECT set_config('app.clinic_id', c.clinic_id::text, true) AS clinic
                    FROM santkrupa.resolve_clinic({0}) c)
                UPDATE santkrupa.patient p SET allergies = 'changed by an injection'
                  FROM switched WHERE p.clinic_id::text = switched.clinic""", lotus.slug()));
        assertThat(changed).isZero();
        assertLotusUntouched();
    }

    @Test
    void the_clinic_sees_its_own_patients_through_the_same_path() {
        List<UUID> own = db.tenants().inClinic(sunrise.id(),
                tx -> tx.select(PATIENT.CLINIC_ID).from(PATIENT).fetch(PATIENT.CLINIC_ID));
        assertThat(own).isNotEmpty().containsOnly(sunrise.id().value());
    }

    /** Lotus's patients, read by lotus's own (issued) context: all there and none changed. */
    private static void assertLotusUntouched() {
        List<String> allergies = db.tenants().inClinic(lotus.id(),
                tx -> tx.select(PATIENT.ALLERGIES).from(PATIENT).fetch(PATIENT.ALLERGIES));
        assertThat(allergies).isNotEmpty().doesNotContain("changed by an injection");
    }
}
