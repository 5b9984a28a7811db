package io.santkrupa.db.migration;

import io.santkrupa.db.Ids;
import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration 038 on numbers as the desk typed them before: each becomes E.164, read with its
 * clinic's default country; what is no valid number stays as it was; the patient table's RLS is
 * forced again before the migration's transaction ends. It runs as the owner, as Flyway runs it,
 * in a transaction this test rolls back (so no other test's rows stay changed).
 */
@ExtendWith(TestDatabaseExtension.class)
class V038PatientPhonesToE164Test {

    @Test
    void typed_numbers_become_e164_with_each_clinics_country_and_the_rest_stays_as_typed(TestDatabase db)
            throws SQLException {
        Clinic india = ClinicFixture.create(db);
        Clinic britain = ClinicFixture.create(db);
        Map<UUID, String[]> typed = new LinkedHashMap<>();
        typed.put(legacyPatient(db, india, 1, "+91 98200 11001", ""), new String[] {"+919820011001", ""});
        typed.put(legacyPatient(db, india, 2, "098200 11002", "020 2555 0101"), new String[] {"+919820011002", "+912025550101"});
        typed.put(legacyPatient(db, india, 3, "98200 11003", "+44 7400 123456"), new String[] {"+919820011003", "+447400123456"});
        typed.put(legacyPatient(db, india, 4, "+919820011004", ""), new String[] {"+919820011004", ""});
        typed.put(legacyPatient(db, india, 5, "12345 678", "98200"), new String[] {"12345 678", "98200"});
        UUID londoner = legacyPatient(db, britain, 6, "07400 123456", "");
        typed.put(londoner, new String[] {"+447400123456", ""});

        try (Connection owner = db.connectAsOwner()) {
            owner.setAutoCommit(false);
            try {
                try (PreparedStatement gb = owner.prepareStatement(
                        "UPDATE santkrupa.clinic SET default_phone_country = 'GB' WHERE id = ?")) {
                    gb.setObject(1, britain.id().value());
                    assertThat(gb.executeUpdate()).isOne();
                }

                V038PatientPhonesToE164.Outcome outcome = V038PatientPhonesToE164.normalise(owner);

                for (var patient : typed.entrySet()) {
                    assertThat(phones(owner, patient.getKey())).as(String.join(" / ", patient.getValue()))
                            .containsExactly(patient.getValue());
                }
                assertThat(outcome.patientsRewritten()).isGreaterThanOrEqualTo(4);
                assertThat(outcome.valuesKeptAsTyped()).isGreaterThanOrEqualTo(2);
                assertThat(rlsForced(owner)).as("patient's RLS forced again").isTrue();
            } finally {
                owner.rollback();
            }
        }
    }

    /** A patient as registered before migration 038 (the app role may still write such a row; nothing checks its shape). */
    private static UUID legacyPatient(TestDatabase db, Clinic clinic, int seq, String phone, String contactPhone) {
        UUID id = Ids.newId();
        db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(PATIENT)
                .set(PATIENT.CLINIC_ID, clinic.id().value()).set(PATIENT.ID, id)
                .set(PATIENT.CODE, "PT-" + clinic.code() + "-2019-" + (100 + seq))
                .set(PATIENT.FIRST_NAME, "Legacy").set(PATIENT.LAST_NAME, "Patient")
                .set(PATIENT.PHONE, phone).set(PATIENT.EMERGENCY_CONTACT_PHONE, contactPhone)
                .execute());
        return id;
    }

    private static String[] phones(Connection owner, UUID patient) throws SQLException {
        try (PreparedStatement read = owner.prepareStatement(
                "SELECT phone, emergency_contact_phone FROM santkrupa.patient WHERE id = ?")) {
            read.setObject(1, patient);
            try (ResultSet row = read.executeQuery()) {
                assertThat(row.next()).isTrue();
                return new String[] {row.getString(1), row.getString(2)};
            }
        }
    }

    private static boolean rlsForced(Connection owner) throws SQLException {
        try (PreparedStatement read = owner.prepareStatement(
                "SELECT relforcerowsecurity AND relrowsecurity FROM pg_catalog.pg_class WHERE oid = 'santkrupa.patient'::regclass");
             ResultSet row = read.executeQuery()) {
            assertThat(row.next()).isTrue();
            return row.getBoolean(1);
        }
    }
}
