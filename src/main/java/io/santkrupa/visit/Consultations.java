package io.santkrupa.visit;

import io.santkrupa.audit.AuditContext;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.Ids;
import org.jooq.DSLContext;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR_NOTE;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;

/**
 * The writes of a consultation, each in the caller's transaction: start the visit, save its
 * one note (created, or updated at the version it was opened at), complete it. Every write
 * first locks the visit row, so a note and the completion of the same visit never interleave.
 */
final class Consultations {

    static final String WAITING = "waiting";
    static final String IN_CONSULTATION = "in_consultation";
    static final String COMPLETED = "completed";

    /** The visit as locked for a write. */
    record LockedVisit(UUID id, UUID patientId, UUID doctorId, UUID doctorUserId, String status, LocalDate visitDate) {
        boolean isWith(UUID userId) {
            return doctorUserId.equals(userId);
        }
    }

    /** What saving the note did: saved (with the note's id), or nothing because the form was stale. */
    record NoteSaved(UUID noteId, boolean created) {
    }

    /** Why a note was not saved; nothing was written. */
    enum NoteRefusal {
        /** A field is invalid: the form holds the messages. */
        INVALID,
        /** The note was created or changed since the form was opened. */
        STALE
    }

    private Consultations() {
    }

    static Optional<LockedVisit> lock(DSLContext tx, ClinicId clinic, UUID visitId) {
        return tx.select(PATIENT_VISIT.ID, PATIENT_VISIT.PATIENT_ID, PATIENT_VISIT.DOCTOR_ID, DOCTOR.USER_ID,
                        PATIENT_VISIT.STATUS, PATIENT_VISIT.VISIT_DATE)
                .from(PATIENT_VISIT)
                .join(DOCTOR).on(DOCTOR.CLINIC_ID.eq(PATIENT_VISIT.CLINIC_ID), DOCTOR.ID.eq(PATIENT_VISIT.DOCTOR_ID))
                .where(PATIENT_VISIT.CLINIC_ID.eq(clinic.value()), PATIENT_VISIT.ID.eq(visitId))
                .forUpdate().of(PATIENT_VISIT)
                .fetchOptional(r -> new LockedVisit(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6()));
    }

    /**
     * Validates the note as typed and saves it at the version it was opened at, with its audit
     * event; empty when saved, else why nothing was written. With {@code completing} the
     * diagnosis is required.
     */
    static Optional<NoteRefusal> recordNote(DSLContext tx, ClinicId clinic, AuditLog audit, AuditContext who,
                                            LockedVisit visit, ConsultationNoteForm form, boolean completing,
                                            OffsetDateTime now) {
        if (!form.validate(visit.visitDate(), completing)) {
            return Optional.of(NoteRefusal.INVALID);
        }
        var saved = saveNote(tx, clinic, visit, form.values(), form.openedVersion(), now);
        if (saved.isEmpty()) {
            return Optional.of(NoteRefusal.STALE);
        }
        audit.record(tx, clinic, who, "consultation.note", AuditLog.Outcome.SUCCESS, "doctor_note",
                saved.get().noteId(), saved.get().created() ? "created" : "updated");
        return Optional.empty();
    }

    /** waiting -> in consultation; false when the visit was not waiting. */
    static boolean start(DSLContext tx, ClinicId clinic, UUID visitId, OffsetDateTime now) {
        return tx.update(PATIENT_VISIT)
                .set(PATIENT_VISIT.STATUS, IN_CONSULTATION)
                .set(PATIENT_VISIT.STARTED_AT, now)
                .set(PATIENT_VISIT.UPDATED_AT, now)
                .set(PATIENT_VISIT.VERSION, PATIENT_VISIT.VERSION.plus(1))
                .where(PATIENT_VISIT.CLINIC_ID.eq(clinic.value()), PATIENT_VISIT.ID.eq(visitId),
                        PATIENT_VISIT.STATUS.eq(WAITING))
                .execute() == 1;
    }

    /**
     * The one rule for completing a visit, wherever it is completed (the consultation page, the
     * doctor's queue, the API): its note records a diagnosis.
     */
    static boolean readyToComplete(DSLContext tx, ClinicId clinic, UUID visitId) {
        return tx.fetchExists(DOCTOR_NOTE, DOCTOR_NOTE.CLINIC_ID.eq(clinic.value()), DOCTOR_NOTE.VISIT_ID.eq(visitId),
                DOCTOR_NOTE.DIAGNOSIS.ne(""));
    }

    /** What a doctor is told when the rule refuses: where to record the diagnosis. */
    static final String NEEDS_DIAGNOSIS = "Record a diagnosis in the visit's note before completing it.";

    /** in consultation -> completed; false when the visit was not in consultation or is not ready to complete. */
    static boolean complete(DSLContext tx, ClinicId clinic, UUID visitId, OffsetDateTime now) {
        if (!readyToComplete(tx, clinic, visitId)) {
            return false;
        }
        return tx.update(PATIENT_VISIT)
                .set(PATIENT_VISIT.STATUS, COMPLETED)
                .set(PATIENT_VISIT.ENDED_AT, now)
                .set(PATIENT_VISIT.UPDATED_AT, now)
                .set(PATIENT_VISIT.VERSION, PATIENT_VISIT.VERSION.plus(1))
                .where(PATIENT_VISIT.CLINIC_ID.eq(clinic.value()), PATIENT_VISIT.ID.eq(visitId),
                        PATIENT_VISIT.STATUS.eq(IN_CONSULTATION))
                .execute() == 1;
    }

    /**
     * Creates the visit's note when the form was opened without one ({@code openedVersion} null),
     * else updates it if it is still at {@code openedVersion}. Empty when the form is stale: the
     * note was created or changed since, and nothing is written.
     */
    /** What the doctor records in a note, written alike by the first save and by every edit. */
    private static java.util.Map<org.jooq.Field<?>, Object> recorded(ConsultationNoteForm.Values v) {
        java.util.Map<org.jooq.Field<?>, Object> values = new java.util.LinkedHashMap<>();
        values.put(DOCTOR_NOTE.BP_SYSTOLIC, v.bpSystolic());
        values.put(DOCTOR_NOTE.BP_DIASTOLIC, v.bpDiastolic());
        values.put(DOCTOR_NOTE.PULSE_PER_MIN, v.pulse());
        values.put(DOCTOR_NOTE.RESPIRATORY_RATE_PER_MIN, v.respiratoryRate());
        values.put(DOCTOR_NOTE.TEMPERATURE_C, v.temperature());
        values.put(DOCTOR_NOTE.SPO2_PERCENT, v.spo2());
        values.put(DOCTOR_NOTE.WEIGHT_KG, v.weight());
        values.put(DOCTOR_NOTE.HEIGHT_CM, v.height());
        values.put(DOCTOR_NOTE.CHIEF_COMPLAINT, v.chiefComplaint());
        values.put(DOCTOR_NOTE.DIAGNOSIS, v.diagnosis());
        values.put(DOCTOR_NOTE.NOTES, v.notes());
        values.put(DOCTOR_NOTE.FOLLOW_UP_ON, v.followUpOn());
        return values;
    }

    static Optional<NoteSaved> saveNote(DSLContext tx, ClinicId clinic, LockedVisit visit,
                                        ConsultationNoteForm.Values v, Integer openedVersion, OffsetDateTime now) {
        if (openedVersion == null) {
            UUID id = Ids.newId();
            int inserted = tx.insertInto(DOCTOR_NOTE)
                    .set(DOCTOR_NOTE.CLINIC_ID, clinic.value())
                    .set(DOCTOR_NOTE.ID, id)
                    .set(DOCTOR_NOTE.VISIT_ID, visit.id())
                    .set(DOCTOR_NOTE.PATIENT_ID, visit.patientId())
                    .set(DOCTOR_NOTE.DOCTOR_ID, visit.doctorId())
                    .set(recorded(v))
                    .set(DOCTOR_NOTE.CREATED_AT, now)
                    .set(DOCTOR_NOTE.UPDATED_AT, now)
                    // one note per visit: a note created meanwhile (another tab) makes this form stale
                    .onConflict(DOCTOR_NOTE.CLINIC_ID, DOCTOR_NOTE.VISIT_ID).doNothing()
                    .execute();
            return inserted == 1 ? Optional.of(new NoteSaved(id, true)) : Optional.empty();
        }
        return tx.update(DOCTOR_NOTE)
                .set(recorded(v))
                .set(DOCTOR_NOTE.UPDATED_AT, now)
                .set(DOCTOR_NOTE.VERSION, DOCTOR_NOTE.VERSION.plus(1))
                .where(DOCTOR_NOTE.CLINIC_ID.eq(clinic.value()), DOCTOR_NOTE.VISIT_ID.eq(visit.id()),
                        DOCTOR_NOTE.VERSION.eq(openedVersion))
                .returningResult(DOCTOR_NOTE.ID)
                .fetchOptional(r -> new NoteSaved(r.value1(), false));
    }
}
