package io.santkrupa.db;

import com.zaxxer.hikari.HikariDataSource;
import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICINE;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The tenant transaction binds the clinic for exactly one transaction: on a pool of one
 * connection, what one call set is never seen by the next, whether it committed or failed.
 */
@ExtendWith(TestDatabaseExtension.class)
class TenantTransactionsTest {

    private static HikariDataSource pool;
    private static TenantTransactions tenants;
    private static Clinic clinicA;
    private static Clinic clinicB;

    @BeforeAll
    static void onePooledConnection(TestDatabase db) {
        pool = db.newAppPool(1);
        tenants = new TenantTransactions(pool, db.contexts());
        clinicA = ClinicFixture.create(db);
        clinicB = ClinicFixture.create(db);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @Test
    void the_body_runs_with_the_clinic_set() {
        String setting = tenants.inClinic(clinicA.id(), TenantTransactionsTest::currentSetting);
        assertThat(setting).startsWith(clinicA.id() + ".");
        String clinic = tenants.inClinic(clinicA.id(), tx -> tx.fetchSingle("SELECT santkrupa.current_clinic_id()::text")
                .get(0, String.class));
        assertThat(clinic).isEqualTo(clinicA.id().toString());
    }

    @Test
    void the_pooled_connection_carries_no_clinic_after_a_commit() throws SQLException {
        tenants.inClinic(clinicA.id(), tx -> tx.fetchCount(PATIENT));
        assertThat(settingOnThePooledConnection()).isNullOrEmpty();
    }

    @Test
    void the_pooled_connection_carries_no_clinic_after_a_failure() throws SQLException {
        assertThatThrownBy(() -> tenants.inClinic(clinicA.id(), tx -> {
            throw new IllegalStateException("the handler failed");
        })).hasMessage("the handler failed");
        assertThat(settingOnThePooledConnection()).isNullOrEmpty();
    }

    @Test
    void a_failure_rolls_back_every_write_of_the_transaction() {
        UUID medicine = Ids.newId();
        assertThatThrownBy(() -> tenants.inClinic(clinicA.id(), tx -> {
            tx.insertInto(MEDICINE).set(MEDICINE.CLINIC_ID, clinicA.id().value()).set(MEDICINE.ID, medicine)
                    .set(MEDICINE.NAME, "Half-written " + medicine).execute();
            throw new IllegalStateException("after the insert");
        })).isInstanceOf(IllegalStateException.class);
        int found = tenants.inClinic(clinicA.id(), tx -> tx.fetchCount(MEDICINE, MEDICINE.ID.eq(medicine)));
        assertThat(found).isZero();
    }

    @Test
    void alternating_clinics_on_one_connection_each_see_only_their_own_rows() {
        for (int i = 0; i < 8; i++) {
            Clinic clinic = i % 2 == 0 ? clinicA : clinicB;
            Clinic other = i % 2 == 0 ? clinicB : clinicA;
            var codes = tenants.inClinic(clinic.id(), tx -> tx.select(PATIENT.CODE).from(PATIENT).fetch(PATIENT.CODE));
            assertThat(codes).isNotEmpty().allMatch(code -> code.startsWith("PT-" + clinic.code() + "-"));
            int foreign = tenants.inClinic(clinic.id(), tx -> tx.fetchCount(PATIENT, PATIENT.ID.eq(other.row("patient"))));
            assertThat(foreign).isZero();
        }
    }

    private static String currentSetting(DSLContext tx) {
        return tx.fetchSingle("SELECT current_setting('app.clinic_context', true)").get(0, String.class);
    }

    /** Borrows the pool's only connection outside any tenant transaction. */
    private static String settingOnThePooledConnection() throws SQLException {
        try (Connection connection = pool.getConnection()) {
            return currentSetting(DSL.using(connection, SQLDialect.POSTGRES));
        }
    }
}
