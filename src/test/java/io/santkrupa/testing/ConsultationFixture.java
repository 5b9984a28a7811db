package io.santkrupa.testing;

import io.santkrupa.db.Ids;
import io.santkrupa.web.auth.PasswordHasher;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR_NOTE;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST_PARAMETER;
import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICINE;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PRESCRIPTION;
import static io.santkrupa.db.jooq.santkrupa.Tables.PRESCRIPTION_ITEM;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_RESULT;

/**
 * What the consultation tests need beyond {@link ClinicFixture}: visits in the queue of the
 * fixture's doctor, more patients and doctors, catalog entries, and a past of visits with
 * notes, prescriptions and results -- written straight to the tables, as check-in and the lab
 * would have written them.
 */
public final class ConsultationFixture {

    /** Tokens above the fixture's own (1), unique per doctor and day across a test run. */
    private static final AtomicInteger TOKENS = new AtomicInteger(100);
    private static final Pattern VERSION = Pattern.compile("name=\"version\" value=\"([0-9]*)\"");

    private ConsultationFixture() {
    }

    /** A visit of {@code patient} with the fixture's doctor, checked in today and waiting. */
    public static UUID waitingVisit(TestDatabase db, ClinicFixture.Clinic clinic, UUID patient, LocalDate day) {
        return visit(db, clinic, patient, clinic.row("doctor"), day, "waiting", OffsetDateTime.now());
    }

    public static UUID visit(TestDatabase db, ClinicFixture.Clinic clinic, UUID patient, UUID doctor, LocalDate day,
                             String status, OffsetDateTime checkedInAt) {
        UUID id = Ids.newId();
        db.tenants().inClinic(clinic.id(), tx -> {
            if (!status.equals("completed") && !status.equals("cancelled") && !status.equals("no_show")) {
                // one open visit per patient, doctor and day (V020): the earlier one is over
                tx.update(PATIENT_VISIT).set(PATIENT_VISIT.STATUS, "completed")
                        .set(PATIENT_VISIT.ENDED_AT, OffsetDateTime.now())
                        .where(PATIENT_VISIT.CLINIC_ID.eq(clinic.id().value()), PATIENT_VISIT.PATIENT_ID.eq(patient),
                                PATIENT_VISIT.DOCTOR_ID.eq(doctor), PATIENT_VISIT.VISIT_DATE.eq(day),
                                PATIENT_VISIT.STATUS.in("waiting", "in_consultation"))
                        .execute();
            }
            return tx.insertInto(PATIENT_VISIT)
                .set(PATIENT_VISIT.CLINIC_ID, clinic.id().value()).set(PATIENT_VISIT.ID, id)
                .set(PATIENT_VISIT.PATIENT_ID, patient).set(PATIENT_VISIT.DOCTOR_ID, doctor)
                .set(PATIENT_VISIT.VISIT_DATE, day).set(PATIENT_VISIT.TOKEN_NUMBER, TOKENS.incrementAndGet())
                .set(PATIENT_VISIT.STATUS, status).set(PATIENT_VISIT.REASON, "Cough")
                .set(PATIENT_VISIT.CHECKED_IN_AT, checkedInAt)
                .set(PATIENT_VISIT.STARTED_AT, status.equals("waiting") ? null : checkedInAt.plusMinutes(5))
                .set(PATIENT_VISIT.ENDED_AT, status.equals("completed") ? checkedInAt.plusMinutes(15) : null)
                .execute();
        });
        return id;
    }

    /** Another patient of the clinic; with {@code username}, also their login (password {@link WebFixture#password}). */
    public static UUID patient(TestDatabase db, PasswordHasher hasher, ClinicFixture.Clinic clinic, String firstName,
                               String username) {
        UUID id = Ids.newId();
        String hash = username == null ? null : WebFixture.hash(WebFixture.password(username));
        db.tenants().inClinic(clinic.id(), tx -> {
            tx.insertInto(PATIENT)
                    .set(PATIENT.CLINIC_ID, clinic.id().value()).set(PATIENT.ID, id)
                    .set(PATIENT.CODE, "PT-" + clinic.code() + "-2026-" + TOKENS.incrementAndGet())
                    .set(PATIENT.FIRST_NAME, firstName).set(PATIENT.LAST_NAME, "Kale")
                    .set(PATIENT.DATE_OF_BIRTH, LocalDate.of(1990, 1, 1)).set(PATIENT.GENDER, "male")
                    .execute();
            if (username != null) {
                tx.insertInto(APP_USER)
                        .set(APP_USER.CLINIC_ID, clinic.id().value()).set(APP_USER.ID, Ids.newId())
                        .set(APP_USER.USERNAME, username).set(APP_USER.PASSWORD_HASH, hash)
                        .set(APP_USER.ROLE, "patient").set(APP_USER.FULL_NAME, firstName + " Kale")
                        .set(APP_USER.PATIENT_ID, id)
                        .execute();
            }
            return null;
        });
        return id;
    }

    /** A second doctor of the clinic who can sign in as {@code username}; returns the doctor's id. */
    public static UUID doctor(TestDatabase db, PasswordHasher hasher, ClinicFixture.Clinic clinic, String username) {
        UUID user = Ids.newId();
        UUID doctor = Ids.newId();
        String hash = WebFixture.hash(WebFixture.password(username));
        db.tenants().inClinic(clinic.id(), tx -> {
            tx.insertInto(APP_USER)
                    .set(APP_USER.CLINIC_ID, clinic.id().value()).set(APP_USER.ID, user)
                    .set(APP_USER.USERNAME, username).set(APP_USER.PASSWORD_HASH, hash)
                    .set(APP_USER.ROLE, "doctor").set(APP_USER.FULL_NAME, "Dr. " + username)
                    .execute();
            return tx.insertInto(DOCTOR)
                    .set(DOCTOR.CLINIC_ID, clinic.id().value()).set(DOCTOR.ID, doctor).set(DOCTOR.USER_ID, user)
                    .set(DOCTOR.LICENSE_NUMBER, "LIC-" + doctor)
                    .execute();
        });
        return doctor;
    }

    public static UUID medicine(TestDatabase db, ClinicFixture.Clinic clinic, String name, boolean active) {
        UUID id = Ids.newId();
        db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(MEDICINE)
                .set(MEDICINE.CLINIC_ID, clinic.id().value()).set(MEDICINE.ID, id)
                .set(MEDICINE.NAME, name).set(MEDICINE.STRENGTH, "10 mg").set(MEDICINE.IS_ACTIVE, active)
                .execute());
        return id;
    }

    public static UUID labTest(TestDatabase db, ClinicFixture.Clinic clinic, String code, String name, boolean active) {
        UUID id = Ids.newId();
        db.tenants().inClinic(clinic.id(), tx -> {
            tx.insertInto(LAB_TEST)
                    .set(LAB_TEST.CLINIC_ID, clinic.id().value()).set(LAB_TEST.ID, id)
                    .set(LAB_TEST.CODE, code).set(LAB_TEST.NAME, name).set(LAB_TEST.IS_ACTIVE, active)
                    .execute();
            return tx.insertInto(LAB_TEST_PARAMETER)
                    .set(LAB_TEST_PARAMETER.CLINIC_ID, clinic.id().value()).set(LAB_TEST_PARAMETER.ID, Ids.newId())
                    .set(LAB_TEST_PARAMETER.LAB_TEST_ID, id).set(LAB_TEST_PARAMETER.POSITION, (short) 1)
                    .set(LAB_TEST_PARAMETER.NAME, name).set(LAB_TEST_PARAMETER.UNIT, "mg/dL")
                    .set(LAB_TEST_PARAMETER.NORMAL_LOW, new BigDecimal("70"))
                    .set(LAB_TEST_PARAMETER.NORMAL_HIGH, new BigDecimal("110"))
                    .execute();
        });
        return id;
    }

    /**
     * A completed visit {@code daysAgo} days back with everything a consultation leaves: a note,
     * a prescription of two items, and a completed haemoglobin test with its result.
     */
    public static UUID pastConsultation(TestDatabase db, ClinicFixture.Clinic clinic, UUID patient, int daysAgo) {
        OffsetDateTime at = OffsetDateTime.now().minusDays(daysAgo);
        UUID visit = visit(db, clinic, patient, clinic.row("doctor"), at.toLocalDate(), "completed", at);
        UUID c = clinic.id().value();
        db.tenants().inClinic(clinic.id(), tx -> {
            tx.insertInto(DOCTOR_NOTE)
                    .set(DOCTOR_NOTE.CLINIC_ID, c).set(DOCTOR_NOTE.ID, Ids.newId())
                    .set(DOCTOR_NOTE.VISIT_ID, visit).set(DOCTOR_NOTE.PATIENT_ID, patient)
                    .set(DOCTOR_NOTE.DOCTOR_ID, clinic.row("doctor"))
                    .set(DOCTOR_NOTE.DIAGNOSIS, "Past diagnosis " + daysAgo)
                    .set(DOCTOR_NOTE.CREATED_AT, at)
                    .execute();
            UUID prescription = Ids.newId();
            tx.insertInto(PRESCRIPTION)
                    .set(PRESCRIPTION.CLINIC_ID, c).set(PRESCRIPTION.ID, prescription)
                    .set(PRESCRIPTION.PATIENT_ID, patient).set(PRESCRIPTION.DOCTOR_ID, clinic.row("doctor"))
                    .set(PRESCRIPTION.VISIT_ID, visit).set(PRESCRIPTION.PRESCRIBED_AT, at)
                    .execute();
            for (short position = 1; position <= 2; position++) {
                tx.insertInto(PRESCRIPTION_ITEM)
                        .set(PRESCRIPTION_ITEM.CLINIC_ID, c).set(PRESCRIPTION_ITEM.ID, Ids.newId())
                        .set(PRESCRIPTION_ITEM.PRESCRIPTION_ID, prescription).set(PRESCRIPTION_ITEM.POSITION, position)
                        .set(PRESCRIPTION_ITEM.MEDICINE_ID, clinic.row("medicine"))
                        .set(PRESCRIPTION_ITEM.DOSE, "1 tablet").set(PRESCRIPTION_ITEM.FREQUENCY, "Twice a day")
                        .set(PRESCRIPTION_ITEM.DURATION_DAYS, (short) 3)
                        .execute();
            }
            UUID order = Ids.newId();
            tx.insertInto(TEST_ORDER)
                    .set(TEST_ORDER.CLINIC_ID, c).set(TEST_ORDER.ID, order)
                    .set(TEST_ORDER.PATIENT_ID, patient).set(TEST_ORDER.VISIT_ID, visit)
                    .set(TEST_ORDER.LAB_TEST_ID, clinic.row("lab_test")).set(TEST_ORDER.ORDERED_BY, clinic.row("doctor"))
                    .set(TEST_ORDER.ORDERED_AT, at)
                    .set(TEST_ORDER.STATUS, "completed")
                    .set(TEST_ORDER.SAMPLE_COLLECTED_AT, at).set(TEST_ORDER.COMPLETED_AT, at)
                    .execute();
            return tx.insertInto(TEST_RESULT)
                    .set(TEST_RESULT.CLINIC_ID, c).set(TEST_RESULT.ID, Ids.newId())
                    .set(TEST_RESULT.TEST_ORDER_ID, order).set(TEST_RESULT.LAB_TEST_ID, clinic.row("lab_test"))
                    .set(TEST_RESULT.PARAMETER_ID, clinic.row("lab_test_parameter"))
                    .set(TEST_RESULT.VALUE_NUMERIC, new BigDecimal("13.1"))
                    .set(TEST_RESULT.ENTERED_BY, clinic.row("app_user"))
                    .execute();
        });
        return visit;
    }

    /** The note form's version field on a consultation page ("" when the visit has no note yet). */
    public static String noteVersion(HttpResponse<String> page) {
        Matcher m = VERSION.matcher(page.body());
        if (!m.find()) {
            throw new AssertionError("no note form on the page");
        }
        return m.group(1);
    }
}
