package io.santkrupa.testing;

import io.santkrupa.clinic.ClinicContact;
import io.santkrupa.clinic.SubscriptionStatus;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.Ids;
import io.santkrupa.platform.ClinicOnboarding;
import io.santkrupa.platform.Limits;
import io.santkrupa.platform.PlatformActor;
import io.santkrupa.platform.PlatformAudit;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.ACCOUNT_INVITATION;
import static io.santkrupa.db.jooq.santkrupa.Tables.API_IDEMPOTENCY_KEY;
import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT_PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT_REPEAT;
import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;
import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC_COUNTER;
import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC_SUBSCRIPTION_CHANGE;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR_NOTE;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_REFERENCE_RANGE;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST_PARAMETER;
import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICAL_REPORT;
import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICINE;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PRESCRIPTION;
import static io.santkrupa.db.jooq.santkrupa.Tables.PRESCRIPTION_ITEM;
import static io.santkrupa.db.jooq.santkrupa.Tables.REFRESH_TOKEN;
import static io.santkrupa.db.jooq.santkrupa.Tables.STORED_FILE;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER_CORRECTION;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_RESULT;
import static io.santkrupa.db.jooq.santkrupa.Tables.WEB_SESSION;
import static io.santkrupa.db.jooq.santkrupa.Tables.FORM_DRAFT;
import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_ADMIN;
import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_RECOVERY_CODE;
import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_SESSION;

/**
 * A fresh clinic with at least one row in every table, every optional reference filled in:
 * what the isolation probes need on both sides of the wall. Created the way the application
 * creates it -- the clinic and its first admin onboarded by the platform role (provision_clinic),
 * everything else through {@link io.santkrupa.db.TenantTransactions} as the app role -- so
 * building it already proves that a clinic can write every one of its tables under RLS.
 */
public final class ClinicFixture {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The time zone of every fixture clinic: the registry's default, India's. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");

    /** The key of {@code rows} for the clinic's logo: a stored_file row that the clinic row names. */
    public static final String LOGO = "clinic_logo";

    /**
     * A fixture clinic. {@code rows} maps each table name to the id of one of its rows in this
     * clinic, chosen so that every nullable foreign key of that row is set (the clinic's logo too:
     * its stored file under {@link #LOGO}).
     */
    public record Clinic(ClinicId id, String slug, String code, Map<String, UUID> rows) {
        public UUID row(String table) {
            UUID id = rows.get(table);
            if (id == null) {
                throw new IllegalStateException("ClinicFixture has no row for table " + table
                        + ": add one, so the isolation tests cover it");
            }
            return id;
        }
    }

    private ClinicFixture() {
    }

    /** Today at the fixture clinics, by the real clock (tests on a server's clock use {@link MutableClock#clinicToday()}). */
    public static LocalDate today() {
        return LocalDate.now(ZONE);
    }

    public static Clinic create(TestDatabase db) {
        String suffix = HexFormat.of().formatHex(randomBytes(5));
        String slug = "test-" + suffix;
        String code = "T" + suffix.toUpperCase();
        Map<String, UUID> rows = new LinkedHashMap<>();

        UUID platformAdminId = Ids.newId();
        UUID platformSessionId = Ids.newId();
        UUID recoveryCodeId = Ids.newId();
        // the clinic and its first administrator, as the platform onboards one (provision_clinic)
        ClinicOnboarding.Onboarded onboarded = new ClinicOnboarding(db.platform(), new PlatformAudit(), Clock.systemUTC())
                .onboard(new ClinicOnboarding.NewClinic(slug, code,
                        new ClinicContact("Test Clinic " + suffix, "", "", "", "", "", "", ""),
                        "REG-" + suffix, ZONE.getId(), "IN", SubscriptionStatus.TRIAL, null, new Limits(10, 500, 5),
                        "admin", "Clinic Admin", "", "Test clinic"),
                        new PlatformActor(null, "cli:fixture", "", null));
        ClinicId clinic = onboarded.clinic();
        rows.put("clinic", clinic.value());
        db.platform().run(tx -> {
            tx.insertInto(PLATFORM_ADMIN)
                    .set(PLATFORM_ADMIN.ID, platformAdminId)
                    .set(PLATFORM_ADMIN.USERNAME, "root-" + suffix)
                    .set(PLATFORM_ADMIN.PASSWORD_HASH, "not-a-real-hash")
                    .set(PLATFORM_ADMIN.FULL_NAME, "Platform Operator")
                    .execute();
            tx.insertInto(PLATFORM_RECOVERY_CODE)
                    .set(PLATFORM_RECOVERY_CODE.ID, recoveryCodeId)
                    .set(PLATFORM_RECOVERY_CODE.ADMIN_ID, platformAdminId)
                    .set(PLATFORM_RECOVERY_CODE.CODE_HMAC, randomBytes(32))
                    .execute();
            rows.put("platform_audit_event", tx.select(PLATFORM_AUDIT_EVENT.ID).from(PLATFORM_AUDIT_EVENT)
                    .where(PLATFORM_AUDIT_EVENT.CLINIC_ID.eq(clinic.value())).fetchSingle(PLATFORM_AUDIT_EVENT.ID));
            return tx.insertInto(PLATFORM_SESSION)
                    .set(PLATFORM_SESSION.ID, platformSessionId)
                    .set(PLATFORM_SESSION.TOKEN_HASH, randomBytes(32))
                    .set(PLATFORM_SESSION.ADMIN_ID, platformAdminId)
                    .set(PLATFORM_SESSION.CSRF_TOKEN, "csrf")
                    .set(PLATFORM_SESSION.STAGE, "complete")
                    .set(PLATFORM_SESSION.IDLE_EXPIRES_AT, OffsetDateTime.now().plusMinutes(15))
                    .set(PLATFORM_SESSION.ABSOLUTE_EXPIRES_AT, OffsetDateTime.now().plusHours(8))
                    .execute();
        });
        rows.put("platform_admin", platformAdminId);
        rows.put("platform_session", platformSessionId);
        rows.put("platform_recovery_code", recoveryCodeId);

        db.tenants().inClinic(clinic, tx -> {
            UUID c = clinic.value();
            rows.put("account_invitation", tx.select(ACCOUNT_INVITATION.ID).from(ACCOUNT_INVITATION)
                    .where(ACCOUNT_INVITATION.CLINIC_ID.eq(c)).fetchSingle(ACCOUNT_INVITATION.ID));
            rows.put("clinic_subscription_change", tx.select(CLINIC_SUBSCRIPTION_CHANGE.ID).from(CLINIC_SUBSCRIPTION_CHANGE)
                    .where(CLINIC_SUBSCRIPTION_CHANGE.CLINIC_ID.eq(c)).fetchSingle(CLINIC_SUBSCRIPTION_CHANGE.ID));
            UUID patient = Ids.newId();
            tx.insertInto(PATIENT)
                    .set(PATIENT.CLINIC_ID, c).set(PATIENT.ID, patient)
                    .set(PATIENT.CODE, "PT-" + code + "-2026-001")
                    .set(PATIENT.FIRST_NAME, "Asha").set(PATIENT.LAST_NAME, "Patil")
                    .set(PATIENT.DATE_OF_BIRTH, LocalDate.of(1985, 4, 12))
                    .set(PATIENT.GENDER, "female").set(PATIENT.PHONE, "+919820000001")
                    .set(PATIENT.BLOOD_GROUP, "B+").set(PATIENT.ALLERGIES, "Penicillin")
                    .execute();
            rows.put("patient", patient);

            UUID doctorUser = user(tx, c, "doctor", "doctor", null);
            UUID receptionist = user(tx, c, "reception", "receptionist", null);
            UUID labTech = user(tx, c, "lab", "lab_technician", null);
            UUID patientUser = user(tx, c, "asha", "patient", patient);
            rows.put("app_user", patientUser);

            UUID doctor = Ids.newId();
            tx.insertInto(DOCTOR)
                    .set(DOCTOR.CLINIC_ID, c).set(DOCTOR.ID, doctor).set(DOCTOR.USER_ID, doctorUser)
                    .set(DOCTOR.LICENSE_NUMBER, "MMC-" + suffix).set(DOCTOR.SPECIALIZATION, "General Medicine")
                    .execute();
            rows.put("doctor", doctor);

            UUID visit = Ids.newId();
            tx.insertInto(PATIENT_VISIT)
                    .set(PATIENT_VISIT.CLINIC_ID, c).set(PATIENT_VISIT.ID, visit)
                    .set(PATIENT_VISIT.PATIENT_ID, patient).set(PATIENT_VISIT.DOCTOR_ID, doctor)
                    .set(PATIENT_VISIT.VISIT_DATE, today()).set(PATIENT_VISIT.TOKEN_NUMBER, 1)
                    .set(PATIENT_VISIT.STATUS, "completed").set(PATIENT_VISIT.CHECKED_IN_BY, receptionist)
                    .execute();
            rows.put("patient_visit", visit);
            // the visit holds token 1 of the doctor's day, as a check-in takes it from the counter
            tx.insertInto(CLINIC_COUNTER)
                    .set(CLINIC_COUNTER.CLINIC_ID, c).set(CLINIC_COUNTER.ID, Ids.newId())
                    .set(CLINIC_COUNTER.NAME, "visit_token").set(CLINIC_COUNTER.SCOPE, doctor + "/" + today())
                    .set(CLINIC_COUNTER.VALUE, 1L)
                    .execute();

            UUID note = Ids.newId();
            tx.insertInto(DOCTOR_NOTE)
                    .set(DOCTOR_NOTE.CLINIC_ID, c).set(DOCTOR_NOTE.ID, note)
                    .set(DOCTOR_NOTE.VISIT_ID, visit).set(DOCTOR_NOTE.PATIENT_ID, patient)
                    .set(DOCTOR_NOTE.DOCTOR_ID, doctor)
                    .set(DOCTOR_NOTE.BP_SYSTOLIC, (short) 128).set(DOCTOR_NOTE.BP_DIASTOLIC, (short) 84)
                    .set(DOCTOR_NOTE.TEMPERATURE_C, new BigDecimal("37.2"))
                    .set(DOCTOR_NOTE.DIAGNOSIS, "Viral fever").set(DOCTOR_NOTE.NOTES, "Rest and fluids")
                    .execute();
            rows.put("doctor_note", note);

            UUID medicine = Ids.newId();
            tx.insertInto(MEDICINE)
                    .set(MEDICINE.CLINIC_ID, c).set(MEDICINE.ID, medicine)
                    .set(MEDICINE.NAME, "Paracetamol").set(MEDICINE.STRENGTH, "500 mg")
                    .execute();
            rows.put("medicine", medicine);

            UUID prescription = Ids.newId();
            tx.insertInto(PRESCRIPTION)
                    .set(PRESCRIPTION.CLINIC_ID, c).set(PRESCRIPTION.ID, prescription)
                    .set(PRESCRIPTION.PATIENT_ID, patient).set(PRESCRIPTION.DOCTOR_ID, doctor)
                    .set(PRESCRIPTION.VISIT_ID, visit)
                    .execute();
            rows.put("prescription", prescription);

            UUID item = Ids.newId();
            tx.insertInto(PRESCRIPTION_ITEM)
                    .set(PRESCRIPTION_ITEM.CLINIC_ID, c).set(PRESCRIPTION_ITEM.ID, item)
                    .set(PRESCRIPTION_ITEM.PRESCRIPTION_ID, prescription).set(PRESCRIPTION_ITEM.POSITION, (short) 1)
                    .set(PRESCRIPTION_ITEM.MEDICINE_ID, medicine).set(PRESCRIPTION_ITEM.DOSE, "1 tablet")
                    .set(PRESCRIPTION_ITEM.FREQUENCY, "three times a day")
                    .set(PRESCRIPTION_ITEM.DURATION_DAYS, (short) 5)
                    .execute();
            rows.put("prescription_item", item);

            UUID reportFile = file(tx, c, labTech, "cbc.pdf");
            UUID scanFile = file(tx, c, receptionist, "xray.pdf");
            rows.put("stored_file", reportFile);
            UUID logo = Ids.newId();
            byte[] png = LogoImages.png(32, 32);
            tx.insertInto(STORED_FILE)
                    .set(STORED_FILE.CLINIC_ID, c).set(STORED_FILE.ID, logo)
                    .set(STORED_FILE.FILE_NAME, "logo.png").set(STORED_FILE.CONTENT_TYPE, "image/png")
                    .set(STORED_FILE.SIZE_BYTES, png.length).set(STORED_FILE.SHA256, sha256(png))
                    .set(STORED_FILE.CONTENT, png).set(STORED_FILE.UPLOADED_BY, tx.select(APP_USER.ID).from(APP_USER)
                            .where(APP_USER.CLINIC_ID.eq(c), APP_USER.USERNAME.eq("admin")).fetchSingle(APP_USER.ID))
                    .execute();
            tx.update(CLINIC).set(CLINIC.LOGO_FILE_ID, logo).where(CLINIC.ID.eq(c)).execute();
            rows.put(LOGO, logo);

            UUID labTest = Ids.newId();
            tx.insertInto(LAB_TEST)
                    .set(LAB_TEST.CLINIC_ID, c).set(LAB_TEST.ID, labTest)
                    .set(LAB_TEST.CODE, "HB").set(LAB_TEST.NAME, "Haemoglobin")
                    .execute();
            rows.put("lab_test", labTest);

            UUID parameter = Ids.newId();
            tx.insertInto(LAB_TEST_PARAMETER)
                    .set(LAB_TEST_PARAMETER.CLINIC_ID, c).set(LAB_TEST_PARAMETER.ID, parameter)
                    .set(LAB_TEST_PARAMETER.LAB_TEST_ID, labTest).set(LAB_TEST_PARAMETER.POSITION, (short) 1)
                    .set(LAB_TEST_PARAMETER.NAME, "Haemoglobin").set(LAB_TEST_PARAMETER.UNIT, "g/dL")
                    .set(LAB_TEST_PARAMETER.NORMAL_LOW, new BigDecimal("12.0"))
                    .set(LAB_TEST_PARAMETER.NORMAL_HIGH, new BigDecimal("15.5"))
                    .execute();
            rows.put("lab_test_parameter", parameter);

            UUID order = Ids.newId();
            OffsetDateTime now = OffsetDateTime.now();
            tx.insertInto(TEST_ORDER)
                    .set(TEST_ORDER.CLINIC_ID, c).set(TEST_ORDER.ID, order)
                    .set(TEST_ORDER.PATIENT_ID, patient).set(TEST_ORDER.VISIT_ID, visit)
                    .set(TEST_ORDER.LAB_TEST_ID, labTest).set(TEST_ORDER.ORDERED_BY, doctor)
                    .set(TEST_ORDER.STATUS, "completed")
                    .set(TEST_ORDER.SAMPLE_COLLECTED_AT, now).set(TEST_ORDER.SAMPLE_COLLECTED_BY, labTech)
                    .set(TEST_ORDER.COMPLETED_AT, now).set(TEST_ORDER.COMPLETED_BY, labTech)
                    .set(TEST_ORDER.REPORT_FILE_ID, reportFile)
                    .execute();
            rows.put("test_order", order);

            UUID result = Ids.newId();
            tx.insertInto(TEST_RESULT)
                    .set(TEST_RESULT.CLINIC_ID, c).set(TEST_RESULT.ID, result)
                    .set(TEST_RESULT.TEST_ORDER_ID, order).set(TEST_RESULT.LAB_TEST_ID, labTest)
                    .set(TEST_RESULT.PARAMETER_ID, parameter)
                    .set(TEST_RESULT.VALUE_NUMERIC, new BigDecimal("11.2")).set(TEST_RESULT.IS_ABNORMAL, true)
                    .set(TEST_RESULT.FLAG, "low")
                    .set(TEST_RESULT.ENTERED_BY, labTech)
                    .execute();
            rows.put("test_result", result);

            // the adult men's haemoglobin range: the fixture's patient, a woman, keeps the general one
            UUID range = Ids.newId();
            tx.insertInto(LAB_REFERENCE_RANGE)
                    .set(LAB_REFERENCE_RANGE.CLINIC_ID, c).set(LAB_REFERENCE_RANGE.ID, range)
                    .set(LAB_REFERENCE_RANGE.PARAMETER_ID, parameter).set(LAB_REFERENCE_RANGE.POSITION, (short) 1)
                    .set(LAB_REFERENCE_RANGE.SEX, "male").set(LAB_REFERENCE_RANGE.AGE_FROM, 18)
                    .set(LAB_REFERENCE_RANGE.AGE_UNIT, "years")
                    .set(LAB_REFERENCE_RANGE.NORMAL_LOW, new BigDecimal("13.0"))
                    .set(LAB_REFERENCE_RANGE.NORMAL_HIGH, new BigDecimal("17.0"))
                    .execute();
            rows.put("lab_reference_range", range);

            UUID correction = Ids.newId();
            tx.insertInto(TEST_ORDER_CORRECTION)
                    .set(TEST_ORDER_CORRECTION.CLINIC_ID, c).set(TEST_ORDER_CORRECTION.ID, correction)
                    .set(TEST_ORDER_CORRECTION.TEST_ORDER_ID, order).set(TEST_ORDER_CORRECTION.CORRECTED_BY, labTech)
                    .set(TEST_ORDER_CORRECTION.CORRECTED_AT, now)
                    .set(TEST_ORDER_CORRECTION.REASON, "Remarks completed")
                    .set(TEST_ORDER_CORRECTION.REMARKS_BEFORE, "")
                    .execute();
            rows.put("test_order_correction", correction);

            UUID report = Ids.newId();
            tx.insertInto(MEDICAL_REPORT)
                    .set(MEDICAL_REPORT.CLINIC_ID, c).set(MEDICAL_REPORT.ID, report)
                    .set(MEDICAL_REPORT.PATIENT_ID, patient).set(MEDICAL_REPORT.FILE_ID, scanFile)
                    .set(MEDICAL_REPORT.TITLE, "Chest X-ray").set(MEDICAL_REPORT.REPORT_TYPE, "imaging")
                    .set(MEDICAL_REPORT.UPLOADED_BY, receptionist)
                    .execute();
            rows.put("medical_report", report);

            UUID counter = Ids.newId();
            tx.insertInto(CLINIC_COUNTER)
                    .set(CLINIC_COUNTER.CLINIC_ID, c).set(CLINIC_COUNTER.ID, counter)
                    .set(CLINIC_COUNTER.NAME, "patient_code").set(CLINIC_COUNTER.SCOPE, "2026")
                    .set(CLINIC_COUNTER.VALUE, 1L)
                    .onConflict(CLINIC_COUNTER.CLINIC_ID, CLINIC_COUNTER.NAME, CLINIC_COUNTER.SCOPE)
                    .doUpdate().set(CLINIC_COUNTER.VALUE, CLINIC_COUNTER.VALUE.plus(1))
                    .execute();
            rows.put("clinic_counter", counter);

            UUID event = Ids.newId();
            tx.insertInto(AUDIT_EVENT)
                    .set(AUDIT_EVENT.CLINIC_ID, c).set(AUDIT_EVENT.ID, event)
                    .set(AUDIT_EVENT.ACTOR_USER_ID, doctorUser).set(AUDIT_EVENT.ACTOR_ROLE, "doctor")
                    .set(AUDIT_EVENT.ACTION, "patient.read").set(AUDIT_EVENT.ENTITY_TYPE, "patient")
                    .set(AUDIT_EVENT.ENTITY_ID, patient).set(AUDIT_EVENT.REQUEST_ID, "req-" + suffix)
                    .set(AUDIT_EVENT.IP, "127.0.0.1")
                    .execute();
            rows.put("audit_event", event);

            // a search that showed the patient: its event and the patient it showed
            UUID search = Ids.newId();
            tx.insertInto(AUDIT_EVENT)
                    .set(AUDIT_EVENT.CLINIC_ID, c).set(AUDIT_EVENT.ID, search)
                    .set(AUDIT_EVENT.ACTOR_USER_ID, receptionist).set(AUDIT_EVENT.ACTOR_ROLE, "receptionist")
                    .set(AUDIT_EVENT.ACTION, "patient.search").set(AUDIT_EVENT.DETAIL, "1 patient found by name")
                    .set(AUDIT_EVENT.REQUEST_ID, "req-search-" + suffix).set(AUDIT_EVENT.IP, "127.0.0.1")
                    .execute();
            UUID shown = Ids.newId();
            tx.insertInto(AUDIT_EVENT_PATIENT)
                    .set(AUDIT_EVENT_PATIENT.CLINIC_ID, c).set(AUDIT_EVENT_PATIENT.ID, shown)
                    .set(AUDIT_EVENT_PATIENT.EVENT_ID, search).set(AUDIT_EVENT_PATIENT.PATIENT_ID, patient)
                    .execute();
            rows.put("audit_event_patient", shown);

            // yesterday the lab technician was refused the patient's chart three times within an hour: one event, counted
            UUID denied = Ids.newId();
            OffsetDateTime hour = now.truncatedTo(java.time.temporal.ChronoUnit.HOURS).minusDays(1);
            tx.insertInto(AUDIT_EVENT)
                    .set(AUDIT_EVENT.CLINIC_ID, c).set(AUDIT_EVENT.ID, denied).set(AUDIT_EVENT.OCCURRED_AT, hour)
                    .set(AUDIT_EVENT.ACTOR_USER_ID, labTech).set(AUDIT_EVENT.ACTOR_ROLE, "lab_technician")
                    .set(AUDIT_EVENT.ACTION, "access.denied").set(AUDIT_EVENT.OUTCOME, "denied")
                    .set(AUDIT_EVENT.DETAIL, "PATIENT_DEMOGRAPHICS needed")
                    .set(AUDIT_EVENT.REQUEST_ID, "req-denied-" + suffix).set(AUDIT_EVENT.IP, "127.0.0.1")
                    .execute();
            UUID counted = Ids.newId();
            tx.insertInto(AUDIT_EVENT_REPEAT)
                    .set(AUDIT_EVENT_REPEAT.CLINIC_ID, c).set(AUDIT_EVENT_REPEAT.ID, counted)
                    .set(AUDIT_EVENT_REPEAT.EVENT_ID, denied)
                    .set(AUDIT_EVENT_REPEAT.ACTOR_USER_ID, labTech).set(AUDIT_EVENT_REPEAT.ACTION, "access.denied")
                    .set(AUDIT_EVENT_REPEAT.ROUTE, "GET /clinic/{slug}/patients/{patientId}")
                    .set(AUDIT_EVENT_REPEAT.RESOURCE, patient.toString())
                    .set(AUDIT_EVENT_REPEAT.WINDOW_START, hour).set(AUDIT_EVENT_REPEAT.TIMES, 3)
                    .set(AUDIT_EVENT_REPEAT.FIRST_AT, hour).set(AUDIT_EVENT_REPEAT.LAST_AT, hour.plusMinutes(2))
                    .execute();
            rows.put("audit_event_repeat", counted);

            UUID session = Ids.newId();
            tx.insertInto(WEB_SESSION)
                    .set(WEB_SESSION.CLINIC_ID, c).set(WEB_SESSION.ID, session)
                    .set(WEB_SESSION.TOKEN_HASH, randomBytes(32)).set(WEB_SESSION.USER_ID, doctorUser)
                    .set(WEB_SESSION.CSRF_TOKEN, "csrf")
                    .set(WEB_SESSION.IDLE_EXPIRES_AT, now.plusMinutes(15))
                    .set(WEB_SESSION.ABSOLUTE_EXPIRES_AT, now.plusHours(8))
                    .set(WEB_SESSION.IP, "192.0.2.10")
                    .execute();
            rows.put("web_session", session);

            UUID draft = Ids.newId();
            tx.insertInto(FORM_DRAFT)
                    .set(FORM_DRAFT.CLINIC_ID, c).set(FORM_DRAFT.ID, draft).set(FORM_DRAFT.USER_ID, doctorUser)
                    .set(FORM_DRAFT.PAGE, "/clinic/" + slug + "/visits/" + Ids.newId()).set(FORM_DRAFT.FORM, "note")
                    .set(FORM_DRAFT.FIELDS, org.jooq.JSONB.valueOf("{\"chiefComplaint\": \"Typed, not saved\"}"))
                    .set(FORM_DRAFT.SAVED_AT, now).set(FORM_DRAFT.EXPIRES_AT, now.plusHours(24))
                    .execute();
            rows.put("form_draft", draft);

            UUID newer = refreshToken(tx, c, doctorUser, null);
            UUID rotated = refreshToken(tx, c, doctorUser, newer);
            rows.put("refresh_token", rotated);

            UUID idempotencyKey = Ids.newId();
            tx.insertInto(API_IDEMPOTENCY_KEY)
                    .set(API_IDEMPOTENCY_KEY.CLINIC_ID, c).set(API_IDEMPOTENCY_KEY.ID, idempotencyKey)
                    .set(API_IDEMPOTENCY_KEY.USER_ID, doctorUser)
                    .set(API_IDEMPOTENCY_KEY.IDEMPOTENCY_KEY, "key-" + suffix)
                    .set(API_IDEMPOTENCY_KEY.REQUEST_METHOD, "POST")
                    .set(API_IDEMPOTENCY_KEY.REQUEST_PATH, "/clinic/" + slug + "/api/v1/patients")
                    .set(API_IDEMPOTENCY_KEY.REQUEST_HMAC, randomBytes(32))
                    .set(API_IDEMPOTENCY_KEY.RESPONSE_STATUS, 201)
                    .set(API_IDEMPOTENCY_KEY.RESPONSE_BODY, "{}")
                    .set(API_IDEMPOTENCY_KEY.RESPONSE_LOCATION, "/clinic/" + slug + "/api/v1/patients/" + patient)
                    .set(API_IDEMPOTENCY_KEY.COMPLETED_AT, now)
                    .execute();
            rows.put("api_idempotency_key", idempotencyKey);
            return null;
        });
        return new Clinic(clinic, slug, code, Map.copyOf(rows));
    }

    private static UUID user(org.jooq.DSLContext tx, UUID clinic, String username, String role, UUID patient) {
        UUID id = Ids.newId();
        tx.insertInto(APP_USER)
                .set(APP_USER.CLINIC_ID, clinic).set(APP_USER.ID, id)
                .set(APP_USER.USERNAME, username).set(APP_USER.PASSWORD_HASH, "not-a-real-hash")
                .set(APP_USER.ROLE, role).set(APP_USER.FULL_NAME, username)
                .set(APP_USER.PATIENT_ID, patient)
                .execute();
        return id;
    }

    private static UUID file(org.jooq.DSLContext tx, UUID clinic, UUID uploadedBy, String name) {
        UUID id = Ids.newId();
        byte[] content = ("%PDF-1.4\n% " + name + "\n").getBytes(StandardCharsets.US_ASCII);
        tx.insertInto(STORED_FILE)
                .set(STORED_FILE.CLINIC_ID, clinic).set(STORED_FILE.ID, id)
                .set(STORED_FILE.FILE_NAME, name).set(STORED_FILE.CONTENT_TYPE, "application/pdf")
                .set(STORED_FILE.SIZE_BYTES, content.length).set(STORED_FILE.SHA256, sha256(content))
                .set(STORED_FILE.CONTENT, content).set(STORED_FILE.UPLOADED_BY, uploadedBy)
                .execute();
        return id;
    }

    private static UUID refreshToken(org.jooq.DSLContext tx, UUID clinic, UUID user, UUID replacedBy) {
        UUID id = Ids.newId();
        tx.insertInto(REFRESH_TOKEN)
                .set(REFRESH_TOKEN.CLINIC_ID, clinic).set(REFRESH_TOKEN.ID, id)
                .set(REFRESH_TOKEN.FAMILY_ID, clinic).set(REFRESH_TOKEN.USER_ID, user)
                .set(REFRESH_TOKEN.TOKEN_HASH, randomBytes(32))
                .set(REFRESH_TOKEN.EXPIRES_AT, OffsetDateTime.now().plusDays(7))
                .set(REFRESH_TOKEN.USED_AT, replacedBy == null ? null : OffsetDateTime.now())
                .set(REFRESH_TOKEN.REPLACED_BY_ID, replacedBy)
                .execute();
        return id;
    }

    static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    public static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
