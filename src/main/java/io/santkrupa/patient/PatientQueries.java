package io.santkrupa.patient;

import io.santkrupa.db.ClinicId;
import io.santkrupa.db.jooq.santkrupa.tables.records.PatientRecord;
import io.santkrupa.phone.PhoneNumbers;
import io.santkrupa.web.KeysetCursor;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectJoinStep;
import org.jooq.impl.DSL;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR_NOTE;
import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICAL_REPORT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;
import static io.santkrupa.db.jooq.santkrupa.Tables.STORED_FILE;

/**
 * Reads of patient records, shared by the pages and the API. Every query names the clinic
 * explicitly as well (RLS is the guarantee; the predicate keeps plans obvious and shardable).
 */
public final class PatientQueries {

    public record PatientSummary(UUID id, String code, String firstName, String lastName, LocalDate dateOfBirth,
                                 boolean dateOfBirthApproximate, String gender, String phone) {

        /** The date of birth as pages show it on {@code today} (an estimate as "about 1980 (approx. 45 y)"). */
        public String dateOfBirthShown(LocalDate today) {
            return PatientAge.shown(dateOfBirth, dateOfBirthApproximate, today);
        }
    }

    /** {@code phoneCountry}: the clinic's default phone country, read with the patient, for showing the phones. */
    public record PatientDetail(UUID id, String code, String firstName, String lastName, LocalDate dateOfBirth,
                                boolean dateOfBirthApproximate, String gender, String phone, String email, String address,
                                String emergencyContactName, String emergencyContactPhone, String bloodGroup,
                                String allergies, OffsetDateTime registeredAt, int version, String phoneCountry,
                                OffsetDateTime erasedAt) {

        /** The date of birth as pages show it on {@code today} (an estimate as "about 1980 (approx. 45 y)"). */
        public String dateOfBirthShown(LocalDate today) {
            return PatientAge.shown(dateOfBirth, dateOfBirthApproximate, today);
        }

        /** The phone as pages show it (stored in E.164). */
        public String phoneShown() {
            return PhoneNumbers.of(phoneCountry).shown(phone);
        }

        public String emergencyContactPhoneShown() {
            return PhoneNumbers.of(phoneCountry).shown(emergencyContactPhone);
        }
    }

    public record VisitRow(UUID id, LocalDate visitDate, int tokenNumber, String status, String doctorName,
                           String reason) {
        /** The status as the desk says it: "in consultation", "no-show". */
        public String statusLabel() {
            return switch (status) {
                case "in_consultation" -> "in consultation";
                case "no_show" -> "no-show";
                default -> status;
            };
        }
    }

    public record NoteRow(UUID id, OffsetDateTime recordedAt, String doctorName, String diagnosis, String notes) {
    }

    /** A document uploaded for the patient, without its bytes. */
    public record DocumentRow(UUID id, String title, String reportType, LocalDate reportDate, String notes,
                              String fileName, String contentType, int sizeBytes, OffsetDateTime uploadedAt) {
        /** The size as a page says it: "840 KB", "2.4 MB". */
        public String size() {
            return sizeBytes < 1024 * 1024 ? Math.max(1, Math.round(sizeBytes / 1024.0)) + " KB"
                    : String.format(java.util.Locale.ROOT, "%.1f MB", sizeBytes / (1024.0 * 1024));
        }
    }

    private static final String PHONE_COUNTRY = "clinic_phone_country";

    private PatientQueries() {
    }

    public static Optional<PatientDetail> find(DSLContext tx, ClinicId clinic, UUID id) {
        return details(tx, clinic)
                .where(PATIENT.CLINIC_ID.eq(clinic.value()), PATIENT.ID.eq(id))
                .fetchOptional(PatientQueries::detail);
    }

    /** The clinic's phone numbers: its default country reads what the desk types and shows what is stored. */
    public static PhoneNumbers clinicPhones(DSLContext tx, ClinicId clinic) {
        return PhoneNumbers.of(tx.fetchValue(CLINIC.DEFAULT_PHONE_COUNTRY, CLINIC.ID.eq(clinic.value())));
    }

    /** Every column of the patient, and the clinic's phone country in the same statement (no second query). */
    private static SelectJoinStep<Record> details(DSLContext tx, ClinicId clinic) {
        Field<String> phoneCountry = DSL.field(DSL.select(CLINIC.DEFAULT_PHONE_COUNTRY).from(CLINIC)
                .where(CLINIC.ID.eq(clinic.value()))).as(PHONE_COUNTRY);
        return tx.select(PATIENT.fields()).select(phoneCountry).from(PATIENT);
    }

    private static PatientDetail detail(Record r) {
        PatientRecord p = r.into(PATIENT);
        return new PatientDetail(p.getId(), p.getCode(), p.getFirstName(), p.getLastName(), p.getDateOfBirth(),
                p.getDateOfBirthApproximate(), p.getGender(), p.getPhone(), p.getEmail(), p.getAddress(), p.getEmergencyContactName(),
                p.getEmergencyContactPhone(), p.getBloodGroup(), p.getAllergies(), p.getRegisteredAt(),
                p.getVersion(), r.get(PHONE_COUNTRY, String.class), p.getErasedAt());
    }

    /**
     * Patients of the clinic already registered with this phone (the same E.164 number, however it
     * was typed), this first and last name (case-insensitively) and this date of birth (or both
     * without one): the registration desk's duplicate check. Whole records: the desk sees their
     * allergies before deciding.
     */
    public static List<PatientDetail> possibleDuplicates(DSLContext tx, ClinicId clinic,
                                                         PatientForm.Demographics patient, int limit) {
        return details(tx, clinic)
                .where(PATIENT.CLINIC_ID.eq(clinic.value()), PATIENT.PHONE_KEY.eq(patient.phoneDigits()),
                        PATIENT.FIRST_NAME_KEY.eq(DSL.lower(DSL.val(patient.firstName()))),
                        PATIENT.LAST_NAME_KEY.eq(DSL.lower(DSL.val(patient.lastName()))),
                        sameDateOfBirth(patient))
                .orderBy(PATIENT.REGISTERED_AT, PATIENT.ID)
                .limit(limit)
                .fetch(PatientQueries::detail);
    }

    /**
     * The same date of birth, or both unknown; where either is an estimate from an age in years,
     * any date within a year of the other (ages given on other days land on other estimates).
     */
    private static Condition sameDateOfBirth(PatientForm.Demographics patient) {
        LocalDate born = patient.dateOfBirth();
        if (born == null) {
            return PATIENT.DATE_OF_BIRTH.isNull();
        }
        Condition withinAYear = PATIENT.DATE_OF_BIRTH.between(born.minusYears(1), born.plusYears(1));
        return patient.dateOfBirthApproximate() ? withinAYear
                : PATIENT.DATE_OF_BIRTH.eq(born).or(PATIENT.DATE_OF_BIRTH_APPROXIMATE.isTrue().and(withinAYear));
    }

    /** The patient, locked until the transaction ends: an edit compares and bumps its version. */
    public static Optional<PatientDetail> findForUpdate(DSLContext tx, ClinicId clinic, UUID id) {
        return details(tx, clinic)
                .where(PATIENT.CLINIC_ID.eq(clinic.value()), PATIENT.ID.eq(id))
                .forUpdate().of(PATIENT)
                .fetchOptional(PatientQueries::detail);
    }

    /**
     * The patient's visits, newest first, at most {@code limit}, older than the visit
     * {@code before} (null: from the newest): one keyset page of the visit history.
     */
    public static List<VisitRow> visits(DSLContext tx, ClinicId clinic, UUID patientId, UUID before, int limit) {
        var cursor = PATIENT_VISIT.as("cursor");
        Condition older = before == null ? DSL.noCondition()
                : DSL.row(PATIENT_VISIT.CHECKED_IN_AT, PATIENT_VISIT.ID).lt(DSL.select(cursor.CHECKED_IN_AT, cursor.ID)
                        .from(cursor).where(cursor.CLINIC_ID.eq(clinic.value()), cursor.ID.eq(before),
                                cursor.PATIENT_ID.eq(patientId)));
        return tx.select(PATIENT_VISIT.ID, PATIENT_VISIT.VISIT_DATE, PATIENT_VISIT.TOKEN_NUMBER, PATIENT_VISIT.STATUS,
                        APP_USER.FULL_NAME, PATIENT_VISIT.REASON)
                .from(PATIENT_VISIT)
                .join(DOCTOR).on(DOCTOR.CLINIC_ID.eq(PATIENT_VISIT.CLINIC_ID), DOCTOR.ID.eq(PATIENT_VISIT.DOCTOR_ID))
                .join(APP_USER).on(APP_USER.CLINIC_ID.eq(DOCTOR.CLINIC_ID), APP_USER.ID.eq(DOCTOR.USER_ID))
                .where(PATIENT_VISIT.CLINIC_ID.eq(clinic.value()), PATIENT_VISIT.PATIENT_ID.eq(patientId), older)
                .orderBy(PATIENT_VISIT.CHECKED_IN_AT.desc(), PATIENT_VISIT.ID.desc())
                .limit(limit)
                .fetch(r -> new VisitRow(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6()));
    }

    /** The patient's notes, newest first, from just before {@code before} when given. */
    public static List<NoteRow> notes(DSLContext tx, ClinicId clinic, UUID patientId, KeysetCursor before, int limit) {
        return tx.select(DOCTOR_NOTE.ID, DOCTOR_NOTE.CREATED_AT, APP_USER.FULL_NAME, DOCTOR_NOTE.DIAGNOSIS,
                        DOCTOR_NOTE.NOTES)
                .from(DOCTOR_NOTE)
                .join(DOCTOR).on(DOCTOR.CLINIC_ID.eq(DOCTOR_NOTE.CLINIC_ID), DOCTOR.ID.eq(DOCTOR_NOTE.DOCTOR_ID))
                .join(APP_USER).on(APP_USER.CLINIC_ID.eq(DOCTOR.CLINIC_ID), APP_USER.ID.eq(DOCTOR.USER_ID))
                .where(DOCTOR_NOTE.CLINIC_ID.eq(clinic.value()), DOCTOR_NOTE.PATIENT_ID.eq(patientId),
                        before == null ? DSL.noCondition()
                                : DSL.row(DOCTOR_NOTE.CREATED_AT, DOCTOR_NOTE.ID).lt(before.at(), before.id()))
                .orderBy(DOCTOR_NOTE.CREATED_AT.desc(), DOCTOR_NOTE.ID.desc())
                .limit(limit)
                .fetch(r -> new NoteRow(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    /** The patient's documents, newest upload first, from just before {@code before} when given. */
    public static List<DocumentRow> documents(DSLContext tx, ClinicId clinic, UUID patientId, KeysetCursor before,
                                              int limit) {
        return documentRows(tx)
                .where(MEDICAL_REPORT.CLINIC_ID.eq(clinic.value()), MEDICAL_REPORT.PATIENT_ID.eq(patientId),
                        before == null ? DSL.noCondition()
                                : DSL.row(MEDICAL_REPORT.UPLOADED_AT, MEDICAL_REPORT.ID).lt(before.at(), before.id()))
                .orderBy(MEDICAL_REPORT.UPLOADED_AT.desc(), MEDICAL_REPORT.ID.desc())
                .limit(limit)
                .fetch(PatientQueries::documentRow);
    }

    /** One of the patient's documents; empty when it is not this patient's (or not this clinic's). */
    public static Optional<DocumentRow> document(DSLContext tx, ClinicId clinic, UUID patientId, UUID reportId) {
        return documentRows(tx)
                .where(MEDICAL_REPORT.CLINIC_ID.eq(clinic.value()), MEDICAL_REPORT.PATIENT_ID.eq(patientId),
                        MEDICAL_REPORT.ID.eq(reportId))
                .fetchOptional(PatientQueries::documentRow);
    }

    /** The stored file of one of the patient's documents; empty when it is not this patient's. */
    public static Optional<UUID> documentFile(DSLContext tx, ClinicId clinic, UUID patientId, UUID reportId) {
        return tx.select(MEDICAL_REPORT.FILE_ID).from(MEDICAL_REPORT)
                .where(MEDICAL_REPORT.CLINIC_ID.eq(clinic.value()), MEDICAL_REPORT.PATIENT_ID.eq(patientId),
                        MEDICAL_REPORT.ID.eq(reportId))
                .fetchOptional(MEDICAL_REPORT.FILE_ID);
    }

    private static org.jooq.SelectOnConditionStep<org.jooq.Record9<UUID, String, String, LocalDate, String, String,
            String, Integer, OffsetDateTime>> documentRows(DSLContext tx) {
        // the file's metadata only: its bytes stay out of line until a download asks for them
        return tx.select(MEDICAL_REPORT.ID, MEDICAL_REPORT.TITLE, MEDICAL_REPORT.REPORT_TYPE, MEDICAL_REPORT.REPORT_DATE,
                        MEDICAL_REPORT.NOTES, STORED_FILE.FILE_NAME, STORED_FILE.CONTENT_TYPE, STORED_FILE.SIZE_BYTES,
                        MEDICAL_REPORT.UPLOADED_AT)
                .from(MEDICAL_REPORT)
                .join(STORED_FILE).on(STORED_FILE.CLINIC_ID.eq(MEDICAL_REPORT.CLINIC_ID),
                        STORED_FILE.ID.eq(MEDICAL_REPORT.FILE_ID));
    }

    private static DocumentRow documentRow(org.jooq.Record9<UUID, String, String, LocalDate, String, String, String,
            Integer, OffsetDateTime> r) {
        return new DocumentRow(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), r.value7(),
                r.value8(), r.value9());
    }
}
