package io.santkrupa.visit;

import io.santkrupa.db.ClinicId;
import io.santkrupa.prescription.Prescriptions;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
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
 * The consultation page's own reads: the visit with its patient, doctor and note in one query,
 * and the patient's other visits with their diagnoses in another.
 */
public final class ConsultationQueries {

    /** The doctor's note of a visit, as stored. */
    public record Note(UUID id, Short bpSystolic, Short bpDiastolic, Short pulse, Short respiratoryRate,
                       BigDecimal temperature, Short spo2, BigDecimal weight, BigDecimal height, String chiefComplaint,
                       String diagnosis, String notes, LocalDate followUpOn, OffsetDateTime updatedAt, int version) {
        public String temperatureText() {
            return Prescriptions.plain(temperature);
        }

        /** The stored °C in °F, shown beside it for whoever reads Fahrenheit. */
        public String temperatureFahrenheitText() {
            return temperature == null ? "" : BodyTemperature.fahrenheit(temperature).toPlainString();
        }

        public String weightText() {
            return Prescriptions.plain(weight);
        }

        public String heightText() {
            return Prescriptions.plain(height);
        }

        public boolean hasVitals() {
            return bpSystolic != null || pulse != null || respiratoryRate != null || temperature != null
                    || spo2 != null || weight != null || height != null;
        }
    }

    /** The visit, its patient, its doctor and its note (null until one is saved). */
    public record Visit(UUID id, LocalDate visitDate, int token, String status, String reason,
                        OffsetDateTime checkedInAt, OffsetDateTime startedAt, OffsetDateTime endedAt,
                        UUID patientId, String patientCode, String firstName, String lastName, LocalDate dateOfBirth,
                        boolean dateOfBirthApproximate, String gender, String bloodGroup, String allergies,
                        UUID doctorId, UUID doctorUserId, String doctorName, Note note) {
        public String age() {
            return Prescriptions.ageOn(dateOfBirth, dateOfBirthApproximate, visitDate);
        }

        public String statusLabel() {
            return ConsultationQueries.statusLabel(status);
        }
    }

    /** Another visit of the patient, with the diagnosis of its note if any. */
    public record PastVisit(UUID id, LocalDate visitDate, int token, String status, String reason, String doctorName,
                            String diagnosis, OffsetDateTime checkedInAt) {
        public String statusLabel() {
            return ConsultationQueries.statusLabel(status);
        }
    }

    private ConsultationQueries() {
    }

    static String statusLabel(String status) {
        return switch (status) {
            case "waiting" -> "Waiting";
            case "in_consultation" -> "In consultation";
            case "completed" -> "Completed";
            case "cancelled" -> "Cancelled";
            case "no_show" -> "No-show";
            default -> status;
        };
    }

    public static Optional<Visit> visit(DSLContext tx, ClinicId clinic, UUID visitId) {
        Field<Note> note = DSL.field(DSL.row(DOCTOR_NOTE.ID, DOCTOR_NOTE.BP_SYSTOLIC, DOCTOR_NOTE.BP_DIASTOLIC,
                        DOCTOR_NOTE.PULSE_PER_MIN, DOCTOR_NOTE.RESPIRATORY_RATE_PER_MIN, DOCTOR_NOTE.TEMPERATURE_C,
                        DOCTOR_NOTE.SPO2_PERCENT, DOCTOR_NOTE.WEIGHT_KG, DOCTOR_NOTE.HEIGHT_CM,
                        DOCTOR_NOTE.CHIEF_COMPLAINT, DOCTOR_NOTE.DIAGNOSIS, DOCTOR_NOTE.NOTES, DOCTOR_NOTE.FOLLOW_UP_ON,
                        DOCTOR_NOTE.UPDATED_AT, DOCTOR_NOTE.VERSION))
                .convertFrom(n -> n.value1() == null ? null : new Note(n.value1(), n.value2(), n.value3(), n.value4(),
                        n.value5(), n.value6(), n.value7(), n.value8(), n.value9(), n.value10(), n.value11(),
                        n.value12(), n.value13(), n.value14(), n.value15()));
        return tx.select(PATIENT_VISIT.ID, PATIENT_VISIT.VISIT_DATE, PATIENT_VISIT.TOKEN_NUMBER, PATIENT_VISIT.STATUS,
                        PATIENT_VISIT.REASON, PATIENT_VISIT.CHECKED_IN_AT, PATIENT_VISIT.STARTED_AT,
                        PATIENT_VISIT.ENDED_AT, PATIENT.ID, PATIENT.CODE, PATIENT.FIRST_NAME, PATIENT.LAST_NAME,
                        PATIENT.DATE_OF_BIRTH, PATIENT.DATE_OF_BIRTH_APPROXIMATE, PATIENT.GENDER, PATIENT.BLOOD_GROUP,
                        PATIENT.ALLERGIES, DOCTOR.ID, DOCTOR.USER_ID, APP_USER.FULL_NAME, note)
                .from(PATIENT_VISIT)
                .join(PATIENT).on(PATIENT.CLINIC_ID.eq(PATIENT_VISIT.CLINIC_ID), PATIENT.ID.eq(PATIENT_VISIT.PATIENT_ID))
                .join(DOCTOR).on(DOCTOR.CLINIC_ID.eq(PATIENT_VISIT.CLINIC_ID), DOCTOR.ID.eq(PATIENT_VISIT.DOCTOR_ID))
                .join(APP_USER).on(APP_USER.CLINIC_ID.eq(DOCTOR.CLINIC_ID), APP_USER.ID.eq(DOCTOR.USER_ID))
                .leftJoin(DOCTOR_NOTE).on(DOCTOR_NOTE.CLINIC_ID.eq(PATIENT_VISIT.CLINIC_ID),
                        DOCTOR_NOTE.VISIT_ID.eq(PATIENT_VISIT.ID))
                .where(PATIENT_VISIT.CLINIC_ID.eq(clinic.value()), PATIENT_VISIT.ID.eq(visitId))
                .fetchOptional(r -> new Visit(r.get(PATIENT_VISIT.ID), r.get(PATIENT_VISIT.VISIT_DATE),
                        r.get(PATIENT_VISIT.TOKEN_NUMBER), r.get(PATIENT_VISIT.STATUS), r.get(PATIENT_VISIT.REASON),
                        r.get(PATIENT_VISIT.CHECKED_IN_AT), r.get(PATIENT_VISIT.STARTED_AT),
                        r.get(PATIENT_VISIT.ENDED_AT), r.get(PATIENT.ID), r.get(PATIENT.CODE),
                        r.get(PATIENT.FIRST_NAME), r.get(PATIENT.LAST_NAME), r.get(PATIENT.DATE_OF_BIRTH),
                        r.get(PATIENT.DATE_OF_BIRTH_APPROXIMATE), r.get(PATIENT.GENDER), r.get(PATIENT.BLOOD_GROUP), r.get(PATIENT.ALLERGIES), r.get(DOCTOR.ID),
                        r.get(DOCTOR.USER_ID), r.get(APP_USER.FULL_NAME), r.get(note)));
    }

    /**
     * The patient's visits other than {@code exceptVisit}, newest first, each with its note's
     * diagnosis, from just before the keyset ({@code beforeAt}, {@code beforeId}) when given.
     */
    public static List<PastVisit> otherVisits(DSLContext tx, ClinicId clinic, UUID patientId, UUID exceptVisit,
                                              OffsetDateTime beforeAt, UUID beforeId, int limit) {
        Condition where = PATIENT_VISIT.CLINIC_ID.eq(clinic.value()).and(PATIENT_VISIT.PATIENT_ID.eq(patientId))
                .and(PATIENT_VISIT.ID.ne(exceptVisit));
        if (beforeAt != null && beforeId != null) {
            where = where.and(DSL.row(PATIENT_VISIT.CHECKED_IN_AT, PATIENT_VISIT.ID).lt(beforeAt, beforeId));
        }
        return tx.select(PATIENT_VISIT.ID, PATIENT_VISIT.VISIT_DATE, PATIENT_VISIT.TOKEN_NUMBER, PATIENT_VISIT.STATUS,
                        PATIENT_VISIT.REASON, APP_USER.FULL_NAME, DOCTOR_NOTE.DIAGNOSIS, PATIENT_VISIT.CHECKED_IN_AT)
                .from(PATIENT_VISIT)
                .join(DOCTOR).on(DOCTOR.CLINIC_ID.eq(PATIENT_VISIT.CLINIC_ID), DOCTOR.ID.eq(PATIENT_VISIT.DOCTOR_ID))
                .join(APP_USER).on(APP_USER.CLINIC_ID.eq(DOCTOR.CLINIC_ID), APP_USER.ID.eq(DOCTOR.USER_ID))
                .leftJoin(DOCTOR_NOTE).on(DOCTOR_NOTE.CLINIC_ID.eq(PATIENT_VISIT.CLINIC_ID),
                        DOCTOR_NOTE.VISIT_ID.eq(PATIENT_VISIT.ID))
                .where(where)
                .orderBy(PATIENT_VISIT.CHECKED_IN_AT.desc(), PATIENT_VISIT.ID.desc())
                .limit(limit)
                .fetch(r -> new PastVisit(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        r.value7(), r.value8()));
    }
}
