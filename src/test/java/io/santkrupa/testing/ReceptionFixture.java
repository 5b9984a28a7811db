package io.santkrupa.testing;

import io.santkrupa.db.Ids;
import io.santkrupa.phone.PhoneNumbers;
import io.santkrupa.web.auth.PasswordHasher;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;

/** More people in a fixture clinic: patients in bulk, doctors who can sign in. */
public final class ReceptionFixture {

    /** A doctor's profile and the user who signs in as them (password {@code WebFixture.password(username)}). */
    public record Doctor(UUID id, UUID userId, String username, String fullName) {
    }

    private static final PhoneNumbers INDIA = PhoneNumbers.of("IN");

    private ReceptionFixture() {
    }

    /**
     * Inserts patients (first name, last name, phone) directly, with codes of the year 2020 so
     * they never meet the codes registration hands out, and each phone in E.164 as registration
     * stores it (read as a number of India, the fixture clinics' country); their ids, in order.
     */
    public static List<UUID> patients(TestDatabase db, ClinicFixture.Clinic clinic, List<String[]> people) {
        List<UUID> ids = new ArrayList<>();
        db.tenants().inClinic(clinic.id(), tx -> {
            int seq = tx.fetchCount(PATIENT, PATIENT.CLINIC_ID.eq(clinic.id().value())) + 1;
            for (String[] p : people) {
                UUID id = Ids.newId();
                tx.insertInto(PATIENT)
                        .set(PATIENT.CLINIC_ID, clinic.id().value()).set(PATIENT.ID, id)
                        .set(PATIENT.CODE, "PT-" + clinic.code() + "-2020-" + String.format("%03d", seq++))
                        .set(PATIENT.FIRST_NAME, p[0]).set(PATIENT.LAST_NAME, p[1]).set(PATIENT.PHONE, INDIA.e164(p[2]).orElse(p[2]))
                        .set(PATIENT.REGISTERED_AT, OffsetDateTime.now())
                        .execute();
                ids.add(id);
            }
            return null;
        });
        return ids;
    }

    /** A user of role doctor who can sign in, with ({@code withProfile}) or without a doctor's profile. */
    public static Doctor doctor(TestDatabase db, PasswordHasher hasher, ClinicFixture.Clinic clinic, String username,
                                String fullName, boolean withProfile) {
        UUID user = Ids.newId();
        UUID doctor = withProfile ? Ids.newId() : null;
        String hash = WebFixture.hash(WebFixture.password(username));
        db.tenants().inClinic(clinic.id(), tx -> {
            tx.insertInto(APP_USER)
                    .set(APP_USER.CLINIC_ID, clinic.id().value()).set(APP_USER.ID, user)
                    .set(APP_USER.USERNAME, username).set(APP_USER.PASSWORD_HASH, hash)
                    .set(APP_USER.ROLE, "doctor").set(APP_USER.FULL_NAME, fullName)
                    .execute();
            if (withProfile) {
                tx.insertInto(DOCTOR)
                        .set(DOCTOR.CLINIC_ID, clinic.id().value()).set(DOCTOR.ID, doctor).set(DOCTOR.USER_ID, user)
                        .set(DOCTOR.LICENSE_NUMBER, "LIC-" + username).set(DOCTOR.SPECIALIZATION, "General Medicine")
                        .execute();
            }
            return null;
        });
        return new Doctor(doctor, user, username, fullName);
    }
}
