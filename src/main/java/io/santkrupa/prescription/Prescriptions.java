package io.santkrupa.prescription;

import io.santkrupa.db.ClinicId;
import io.santkrupa.db.Ids;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR_NOTE;
import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICINE;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PRESCRIPTION;
import static io.santkrupa.db.jooq.santkrupa.Tables.PRESCRIPTION_ITEM;

/**
 * Prescriptions and their items: writing one, and reading them with their items in a single
 * statement (a MULTISET), so a list of prescriptions costs one query whatever its length.
 */
public final class Prescriptions {

    /** A medicine of the clinic's active catalog, as the form offers it. */
    public record CatalogMedicine(UUID id, String name, String strength, String form) {
        /** The id as the form submits it. */
        public String idText() {
            return id.toString();
        }

        public String label() {
            return (name + " " + strength + " " + form).replaceAll("\\s+", " ").strip();
        }
    }

    public record ItemView(int position, String medicineName, String strength, String form, String dose,
                           String frequency, int durationDays, String instructions, UUID medicineId) {
        public String medicine() {
            return (medicineName + " " + strength + " " + form).replaceAll("\\s+", " ").strip();
        }
    }

    public record PrescriptionView(UUID id, OffsetDateTime prescribedAt, UUID visitId, String doctorName,
                                   String advice, List<ItemView> items) {
    }

    /** Everything the printed prescription shows, from one query. */
    public record Printable(UUID id, OffsetDateTime prescribedAt, String advice, String clinicName,
                            String clinicAddress, String clinicPhone, String clinicEmail, String clinicWebsite,
                            String clinicRegistration, String doctorName, String qualification,
                            String specialization, String licenseNumber, UUID patientId, String patientCode,
                            String patientName, LocalDate dateOfBirth, boolean dateOfBirthApproximate, String gender,
                            List<ItemView> items, UUID visitId, String allergies, VisitNote note) {
        /** The patient's age on the day it was written, the clinic's day (a birthday counts from its midnight). */
        public String patientAgeIn(ZoneId clinicZone) {
            return ageOn(dateOfBirth, dateOfBirthApproximate, LocalDate.ofInstant(prescribedAt.toInstant(), clinicZone));
        }
    }

    /**
     * What the visit's note says that belongs on the printed prescription: the diagnosis, the
     * vitals taken and the follow-up date (as the note stands now: a reprint after completing
     * the visit has the final diagnosis). Null fields were not recorded.
     */
    public record VisitNote(String diagnosis, Short bpSystolic, Short bpDiastolic, Short pulse,
                            BigDecimal temperatureC, Short spo2, BigDecimal weightKg, LocalDate followUpOn) {
        /** The vitals in the words and units a prescription pad uses, those recorded only. */
        public List<String> vitals() {
            List<String> vitals = new java.util.ArrayList<>();
            if (bpSystolic != null && bpDiastolic != null) {
                vitals.add("BP " + bpSystolic + "/" + bpDiastolic + " mmHg");
            }
            if (pulse != null) {
                vitals.add("Pulse " + pulse + "/min");
            }
            if (temperatureC != null) {
                vitals.add("Temp " + temperatureC.stripTrailingZeros().toPlainString() + " °C");
            }
            if (spo2 != null) {
                vitals.add("SpO2 " + spo2 + "%");
            }
            if (weightKg != null) {
                vitals.add("Weight " + weightKg.stripTrailingZeros().toPlainString() + " kg");
            }
            return vitals;
        }
    }

    private Prescriptions() {
    }

    /** The clinic's active medicines, by name. */
    public static List<CatalogMedicine> activeCatalog(DSLContext tx, ClinicId clinic) {
        return tx.select(MEDICINE.ID, MEDICINE.NAME, MEDICINE.STRENGTH, MEDICINE.FORM)
                .from(MEDICINE)
                .where(MEDICINE.CLINIC_ID.eq(clinic.value()), MEDICINE.IS_ACTIVE.isTrue())
                .orderBy(DSL.lower(MEDICINE.NAME), MEDICINE.FORM, MEDICINE.STRENGTH)
                .fetch(r -> new CatalogMedicine(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /** Which of {@code ids} are active medicines of the clinic. */
    public static Set<UUID> activeAmong(DSLContext tx, ClinicId clinic, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(tx.select(MEDICINE.ID).from(MEDICINE)
                .where(MEDICINE.CLINIC_ID.eq(clinic.value()), MEDICINE.ID.in(ids), MEDICINE.IS_ACTIVE.isTrue())
                .fetch(MEDICINE.ID));
    }

    /** The medicines of {@code ids} by the names the allergy check reads. */
    public static List<AllergyClasses.Medicine> namesOf(DSLContext tx, ClinicId clinic, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return tx.select(MEDICINE.ID, MEDICINE.NAME, MEDICINE.GENERIC_NAME).from(MEDICINE)
                .where(MEDICINE.CLINIC_ID.eq(clinic.value()), MEDICINE.ID.in(ids))
                .fetch(r -> new AllergyClasses.Medicine(r.value1(), r.value2(), r.value3()));
    }

    /** A patient's recorded allergies, as typed at registration ("" when none). */
    public static String allergiesOf(DSLContext tx, ClinicId clinic, UUID patientId) {
        return tx.select(PATIENT.ALLERGIES).from(PATIENT)
                .where(PATIENT.CLINIC_ID.eq(clinic.value()), PATIENT.ID.eq(patientId))
                .fetchOptional(PATIENT.ALLERGIES).orElse("");
    }

    /** Writes a prescription and its items (positions 1..n) in the caller's transaction. */
    public static UUID create(DSLContext tx, ClinicId clinic, UUID patientId, UUID doctorId, UUID visitId,
                              String advice, List<PrescriptionForm.Item> items, OffsetDateTime at) {
        UUID id = Ids.newId();
        tx.insertInto(PRESCRIPTION)
                .set(PRESCRIPTION.CLINIC_ID, clinic.value())
                .set(PRESCRIPTION.ID, id)
                .set(PRESCRIPTION.PATIENT_ID, patientId)
                .set(PRESCRIPTION.DOCTOR_ID, doctorId)
                .set(PRESCRIPTION.VISIT_ID, visitId)
                .set(PRESCRIPTION.ADVICE, advice)
                .set(PRESCRIPTION.PRESCRIBED_AT, at)
                .execute();
        var insert = tx.insertInto(PRESCRIPTION_ITEM, PRESCRIPTION_ITEM.CLINIC_ID, PRESCRIPTION_ITEM.ID,
                PRESCRIPTION_ITEM.PRESCRIPTION_ID, PRESCRIPTION_ITEM.POSITION, PRESCRIPTION_ITEM.MEDICINE_ID,
                PRESCRIPTION_ITEM.DOSE, PRESCRIPTION_ITEM.FREQUENCY, PRESCRIPTION_ITEM.DURATION_DAYS,
                PRESCRIPTION_ITEM.INSTRUCTIONS);
        short position = 0;
        for (PrescriptionForm.Item item : items) {
            position++;
            insert = insert.values(clinic.value(), Ids.newId(), id, position, item.medicineId(), item.dose(),
                    item.frequency(), (short) item.durationDays(), item.instructions());
        }
        insert.execute();
        return id;
    }

    /** The prescriptions written in one visit, newest first. */
    public static List<PrescriptionView> forVisit(DSLContext tx, ClinicId clinic, UUID visitId) {
        return list(tx, clinic, PRESCRIPTION.VISIT_ID.eq(visitId), 50);
    }

    /**
     * A patient's prescriptions other than those of {@code exceptVisit}, newest first, from just
     * before the keyset ({@code beforeAt}, {@code beforeId}) when given.
     */
    public static List<PrescriptionView> history(DSLContext tx, ClinicId clinic, UUID patientId, UUID exceptVisit,
                                                 OffsetDateTime beforeAt, UUID beforeId, int limit) {
        // "IS DISTINCT FROM NULL" would drop the rows written outside a visit: no exception, no condition
        Condition where = PRESCRIPTION.PATIENT_ID.eq(patientId).and(exceptVisit == null ? DSL.noCondition()
                : PRESCRIPTION.VISIT_ID.isDistinctFrom(exceptVisit));
        if (beforeAt != null && beforeId != null) {
            where = where.and(DSL.row(PRESCRIPTION.PRESCRIBED_AT, PRESCRIPTION.ID).lt(beforeAt, beforeId));
        }
        return list(tx, clinic, where, limit);
    }

    private static List<PrescriptionView> list(DSLContext tx, ClinicId clinic, Condition where, int limit) {
        return tx.select(PRESCRIPTION.ID, PRESCRIPTION.PRESCRIBED_AT, PRESCRIPTION.VISIT_ID, APP_USER.FULL_NAME,
                        PRESCRIPTION.ADVICE, items(clinic))
                .from(PRESCRIPTION)
                .join(DOCTOR).on(DOCTOR.CLINIC_ID.eq(PRESCRIPTION.CLINIC_ID), DOCTOR.ID.eq(PRESCRIPTION.DOCTOR_ID))
                .join(APP_USER).on(APP_USER.CLINIC_ID.eq(DOCTOR.CLINIC_ID), APP_USER.ID.eq(DOCTOR.USER_ID))
                .where(PRESCRIPTION.CLINIC_ID.eq(clinic.value()), where)
                .orderBy(PRESCRIPTION.PRESCRIBED_AT.desc(), PRESCRIPTION.ID.desc())
                .limit(limit)
                .fetch(r -> new PrescriptionView(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6()));
    }

    /**
     * One prescription as printed. With {@code onlyPatient} set, only if it belongs to that
     * patient: another patient's prescription is not found, exactly like an unknown id.
     */
    public static Optional<Printable> printable(DSLContext tx, ClinicId clinic, UUID id, UUID onlyPatient) {
        Condition owner = onlyPatient == null ? DSL.noCondition() : PRESCRIPTION.PATIENT_ID.eq(onlyPatient);
        Field<List<ItemView>> items = items(clinic);
        return tx.select(PRESCRIPTION.ID, PRESCRIPTION.PRESCRIBED_AT, PRESCRIPTION.ADVICE, CLINIC.NAME, CLINIC.ADDRESS,
                        CLINIC.CITY, CLINIC.STATE, CLINIC.POSTAL_CODE, CLINIC.PHONE, CLINIC.EMAIL, CLINIC.WEBSITE,
                        CLINIC.REGISTRATION_NUMBER, APP_USER.FULL_NAME, DOCTOR.QUALIFICATION, DOCTOR.SPECIALIZATION,
                        DOCTOR.LICENSE_NUMBER, PATIENT.ID, PATIENT.CODE, PATIENT.FIRST_NAME, PATIENT.LAST_NAME,
                        PATIENT.DATE_OF_BIRTH, PATIENT.DATE_OF_BIRTH_APPROXIMATE, PATIENT.GENDER, items, PRESCRIPTION.VISIT_ID, PATIENT.ALLERGIES,
                        DOCTOR_NOTE.ID, DOCTOR_NOTE.DIAGNOSIS, DOCTOR_NOTE.BP_SYSTOLIC, DOCTOR_NOTE.BP_DIASTOLIC,
                        DOCTOR_NOTE.PULSE_PER_MIN, DOCTOR_NOTE.TEMPERATURE_C, DOCTOR_NOTE.SPO2_PERCENT, DOCTOR_NOTE.WEIGHT_KG,
                        DOCTOR_NOTE.FOLLOW_UP_ON)
                .from(PRESCRIPTION)
                .join(CLINIC).on(CLINIC.ID.eq(PRESCRIPTION.CLINIC_ID))
                .join(DOCTOR).on(DOCTOR.CLINIC_ID.eq(PRESCRIPTION.CLINIC_ID), DOCTOR.ID.eq(PRESCRIPTION.DOCTOR_ID))
                .join(APP_USER).on(APP_USER.CLINIC_ID.eq(DOCTOR.CLINIC_ID), APP_USER.ID.eq(DOCTOR.USER_ID))
                .join(PATIENT).on(PATIENT.CLINIC_ID.eq(PRESCRIPTION.CLINIC_ID), PATIENT.ID.eq(PRESCRIPTION.PATIENT_ID))
                .leftJoin(DOCTOR_NOTE).on(DOCTOR_NOTE.CLINIC_ID.eq(PRESCRIPTION.CLINIC_ID),
                        DOCTOR_NOTE.VISIT_ID.eq(PRESCRIPTION.VISIT_ID))
                .where(PRESCRIPTION.CLINIC_ID.eq(clinic.value()), PRESCRIPTION.ID.eq(id), owner)
                .fetchOptional(r -> new Printable(r.get(PRESCRIPTION.ID), r.get(PRESCRIPTION.PRESCRIBED_AT),
                        r.get(PRESCRIPTION.ADVICE), r.get(CLINIC.NAME),
                        address(r.get(CLINIC.ADDRESS), r.get(CLINIC.CITY), r.get(CLINIC.STATE), r.get(CLINIC.POSTAL_CODE)),
                        r.get(CLINIC.PHONE), r.get(CLINIC.EMAIL), r.get(CLINIC.WEBSITE), r.get(CLINIC.REGISTRATION_NUMBER),
                        r.get(APP_USER.FULL_NAME), r.get(DOCTOR.QUALIFICATION), r.get(DOCTOR.SPECIALIZATION),
                        r.get(DOCTOR.LICENSE_NUMBER), r.get(PATIENT.ID), r.get(PATIENT.CODE),
                        r.get(PATIENT.FIRST_NAME) + " " + r.get(PATIENT.LAST_NAME), r.get(PATIENT.DATE_OF_BIRTH),
                        r.get(PATIENT.DATE_OF_BIRTH_APPROXIMATE), r.get(PATIENT.GENDER), r.get(items), r.get(PRESCRIPTION.VISIT_ID), r.get(PATIENT.ALLERGIES),
                        r.get(DOCTOR_NOTE.ID) == null ? null : new VisitNote(r.get(DOCTOR_NOTE.DIAGNOSIS),
                                r.get(DOCTOR_NOTE.BP_SYSTOLIC), r.get(DOCTOR_NOTE.BP_DIASTOLIC), r.get(DOCTOR_NOTE.PULSE_PER_MIN),
                                r.get(DOCTOR_NOTE.TEMPERATURE_C), r.get(DOCTOR_NOTE.SPO2_PERCENT), r.get(DOCTOR_NOTE.WEIGHT_KG),
                                r.get(DOCTOR_NOTE.FOLLOW_UP_ON))));
    }

    /** The items of the outer query's prescription, in position order, as one nested collection. */
    private static Field<List<ItemView>> items(ClinicId clinic) {
        return DSL.multiset(DSL.select(PRESCRIPTION_ITEM.POSITION, MEDICINE.NAME, MEDICINE.STRENGTH, MEDICINE.FORM,
                                PRESCRIPTION_ITEM.DOSE, PRESCRIPTION_ITEM.FREQUENCY, PRESCRIPTION_ITEM.DURATION_DAYS,
                                PRESCRIPTION_ITEM.INSTRUCTIONS, PRESCRIPTION_ITEM.MEDICINE_ID)
                        .from(PRESCRIPTION_ITEM)
                        .join(MEDICINE).on(MEDICINE.CLINIC_ID.eq(PRESCRIPTION_ITEM.CLINIC_ID),
                                MEDICINE.ID.eq(PRESCRIPTION_ITEM.MEDICINE_ID))
                        .where(PRESCRIPTION_ITEM.CLINIC_ID.eq(clinic.value()),
                                PRESCRIPTION_ITEM.CLINIC_ID.eq(PRESCRIPTION.CLINIC_ID),
                                PRESCRIPTION_ITEM.PRESCRIPTION_ID.eq(PRESCRIPTION.ID))
                        .orderBy(PRESCRIPTION_ITEM.POSITION))
                .as("items")
                .convertFrom(rows -> rows.map(i -> new ItemView(i.value1(), i.value2(), i.value3(), i.value4(),
                        i.value5(), i.value6(), i.value7(), i.value8(), i.value9())));
    }

    private static String address(String... parts) {
        return String.join(", ", java.util.Arrays.stream(parts).filter(p -> p != null && !p.isBlank()).toList());
    }

    /** A person's age on a day, as a clinician writes it: years, or months and days for infants. */
    public static String ageOn(LocalDate dateOfBirth, LocalDate on) {
        return ageOn(dateOfBirth, false, on);
    }

    /**
     * The same for a date of birth that may be {@code approximate} (estimated from an age given in
     * years): then whole years only, said to be approximate ("approx. 45 y").
     */
    public static String ageOn(LocalDate dateOfBirth, boolean approximate, LocalDate on) {
        if (dateOfBirth == null || on == null || dateOfBirth.isAfter(on)) {
            return "";
        }
        Period age = Period.between(dateOfBirth, on);
        if (approximate) {
            return "approx. " + age.getYears() + " y";
        }
        if (age.getYears() >= 2) {
            return age.getYears() + " y";
        }
        if (age.toTotalMonths() >= 1) {
            return age.toTotalMonths() + " mo";
        }
        return age.getDays() + " d";
    }

    /** A decimal without trailing zeros: 70.50 kg prints as 70.5. */
    public static String plain(BigDecimal value) {
        return value == null ? "" : value.stripTrailingZeros().toPlainString();
    }
}
