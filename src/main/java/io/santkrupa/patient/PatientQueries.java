package io.santkrupa.patient;

import io.santkrupa.db.ClinicId;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR_NOTE;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;

/**
 * Reads of patient records, shared by the pages and the API. Every query names the clinic
 * explicitly as well (RLS is the guarantee; the predicate keeps plans obvious and shardable).
 */
public final class PatientQueries {

    public record PatientSummary(UUID id, String code, String firstName, String lastName, LocalDate dateOfBirth,
                                 String gender, String phone) {
    }

    public record PatientDetail(UUID id, String code, String firstName, String lastName, LocalDate dateOfBirth,
                                String gender, String phone, String email, String address,
                                String emergencyContactName, String emergencyContactPhone, String bloodGroup,
                                String allergies, OffsetDateTime registeredAt, int version) {
    }

    public record VisitRow(UUID id, LocalDate visitDate, int tokenNumber, String status, String doctorName,
                           String reason) {
    }

    public record NoteRow(UUID id, OffsetDateTime recordedAt, String doctorName, String diagnosis, String notes) {
    }

    private PatientQueries() {
    }

    public static Optional<PatientDetail> find(DSLContext tx, ClinicId clinic, UUID id) {
        return tx.selectFrom(PATIENT)
                .where(PATIENT.CLINIC_ID.eq(clinic.value()), PATIENT.ID.eq(id))
                .fetchOptional(p -> new PatientDetail(p.getId(), p.getCode(), p.getFirstName(), p.getLastName(),
                        p.getDateOfBirth(), p.getGender(), p.getPhone(), p.getEmail(), p.getAddress(),
                        p.getEmergencyContactName(), p.getEmergencyContactPhone(), p.getBloodGroup(),
                        p.getAllergies(), p.getRegisteredAt(), p.getVersion()));
    }

    /** By code (exact), phone prefix or last-name prefix; at most {@code limit} rows, alphabetical. */
    public static List<PatientSummary> search(DSLContext tx, ClinicId clinic, String query, int limit) {
        String q = query == null ? "" : query.strip();
        Condition match = q.isEmpty() ? DSL.trueCondition()
                : PATIENT.CODE.eq(q.toUpperCase())
                        .or(PATIENT.PHONE.startsWith(q))
                        .or(DSL.lower(PATIENT.LAST_NAME).startsWith(q.toLowerCase()))
                        .or(DSL.lower(PATIENT.FIRST_NAME).startsWith(q.toLowerCase()));
        return tx.select(PATIENT.ID, PATIENT.CODE, PATIENT.FIRST_NAME, PATIENT.LAST_NAME, PATIENT.DATE_OF_BIRTH,
                        PATIENT.GENDER, PATIENT.PHONE)
                .from(PATIENT)
                .where(PATIENT.CLINIC_ID.eq(clinic.value()), match)
                .orderBy(DSL.lower(PATIENT.LAST_NAME), DSL.lower(PATIENT.FIRST_NAME), PATIENT.ID)
                .limit(limit)
                .fetch(r -> new PatientSummary(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        r.value7()));
    }

    public static List<VisitRow> visits(DSLContext tx, ClinicId clinic, UUID patientId, int limit) {
        return tx.select(PATIENT_VISIT.ID, PATIENT_VISIT.VISIT_DATE, PATIENT_VISIT.TOKEN_NUMBER, PATIENT_VISIT.STATUS,
                        APP_USER.FULL_NAME, PATIENT_VISIT.REASON)
                .from(PATIENT_VISIT)
                .join(DOCTOR).on(DOCTOR.CLINIC_ID.eq(PATIENT_VISIT.CLINIC_ID), DOCTOR.ID.eq(PATIENT_VISIT.DOCTOR_ID))
                .join(APP_USER).on(APP_USER.CLINIC_ID.eq(DOCTOR.CLINIC_ID), APP_USER.ID.eq(DOCTOR.USER_ID))
                .where(PATIENT_VISIT.CLINIC_ID.eq(clinic.value()), PATIENT_VISIT.PATIENT_ID.eq(patientId))
                .orderBy(PATIENT_VISIT.CHECKED_IN_AT.desc())
                .limit(limit)
                .fetch(r -> new VisitRow(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6()));
    }

    public static List<NoteRow> notes(DSLContext tx, ClinicId clinic, UUID patientId, int limit) {
        return tx.select(DOCTOR_NOTE.ID, DOCTOR_NOTE.CREATED_AT, APP_USER.FULL_NAME, DOCTOR_NOTE.DIAGNOSIS,
                        DOCTOR_NOTE.NOTES)
                .from(DOCTOR_NOTE)
                .join(DOCTOR).on(DOCTOR.CLINIC_ID.eq(DOCTOR_NOTE.CLINIC_ID), DOCTOR.ID.eq(DOCTOR_NOTE.DOCTOR_ID))
                .join(APP_USER).on(APP_USER.CLINIC_ID.eq(DOCTOR.CLINIC_ID), APP_USER.ID.eq(DOCTOR.USER_ID))
                .where(DOCTOR_NOTE.CLINIC_ID.eq(clinic.value()), DOCTOR_NOTE.PATIENT_ID.eq(patientId))
                .orderBy(DOCTOR_NOTE.CREATED_AT.desc())
                .limit(limit)
                .fetch(r -> new NoteRow(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }
}
