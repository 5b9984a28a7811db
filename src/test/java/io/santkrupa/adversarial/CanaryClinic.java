package io.santkrupa.adversarial;

import io.santkrupa.db.ClinicId;
import io.santkrupa.db.Ids;
import io.santkrupa.platform.ClinicRegistry;
import io.santkrupa.platform.PlatformActor;
import io.santkrupa.platform.PlatformAudit;
import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR_NOTE;
import static io.santkrupa.db.jooq.santkrupa.Tables.FORM_DRAFT;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST_PARAMETER;
import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICAL_REPORT;
import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICINE;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PRESCRIPTION;
import static io.santkrupa.db.jooq.santkrupa.Tables.PRESCRIPTION_ITEM;
import static io.santkrupa.db.jooq.santkrupa.Tables.STORED_FILE;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER_CORRECTION;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_RESULT;

/**
 * A fixture clinic ({@link WebFixture#clinicWithLogins}: a row in every table, a sign-in per
 * role) whose every text field carries the clinic's <em>canary</em>, a marker no other clinic
 * has: names, addresses, notes, allergies, diagnoses, advice, lab values and remarks, file names
 * and the contents of its files, catalog entries, drafts, audit details, user agents ... A response that shows
 * any of it to someone of another clinic contains the canary, the clinic's {@link #marker} (in
 * its slug, code, name and every patient code) or the id of one of its rows ({@link #ids}).
 *
 * <p>Every text column of every tenant table found in the catalog gets the canary appended in
 * every row of the clinic, except the columns of {@link #NOT_CANARIED} (each with its reason:
 * values the code switches on, parses or compares) and those of {@link #SEEDED}, which carry it
 * in a row of their own; {@link #uncovered()} names any column that carries it nowhere, so a
 * column added later is noticed.
 *
 * <p>Besides the fixture's rows, a second set of records of the fixture patient (lists with a
 * next page, for cursors) and <em>another patient</em> whose records carry a canary of their
 * own ({@link #otherPatientCanary}): what the fixture's patient must never see of them.
 */
public final class CanaryClinic {

    /** Text columns left as they are, and why. Keyed "table.column". */
    static final Map<String, String> NOT_CANARIED = Map.ofEntries(
            Map.entry("app_user.password_hash", "a password hash the sign-in verifies"),
            Map.entry("app_user.role", "one of the roles the permission matrix switches on"),
            Map.entry("app_user.phone", "E.164, read back by libphonenumber"),
            Map.entry("patient.phone", "E.164, read back by libphonenumber"),
            Map.entry("patient.emergency_contact_phone", "E.164, read back by libphonenumber"),
            Map.entry("patient.code", "PT-<clinic code>-<year>-<seq>: carries the clinic's marker already"),
            Map.entry("patient.gender", "one of a fixed list (CHECK)"),
            Map.entry("patient.blood_group", "one of a fixed list (CHECK)"),
            Map.entry("patient_visit.status", "one of a fixed list the queue switches on"),
            Map.entry("test_order.status", "one of a fixed list the lab switches on"),
            Map.entry("test_result.flag", "one of a fixed list (low, high, ...)"),
            Map.entry("lab_reference_range.sex", "one of a fixed list"),
            Map.entry("lab_reference_range.age_unit", "one of a fixed list"),
            Map.entry("medical_report.report_type", "one of a fixed list (CHECK)"),
            Map.entry("medicine.form", "one of a fixed list (CHECK)"),
            Map.entry("lab_test.sample_type", "one of a fixed list (CHECK)"),
            Map.entry("stored_file.content_type", "one of the allowed types (CHECK)"),
            Map.entry("clinic_counter.name", "a counter's key"),
            Map.entry("clinic_counter.scope", "a counter's key (a doctor's day, a year)"),
            Map.entry("account_invitation.issued_by", "platform or clinic (CHECK): who may use the link"),
            Map.entry("api_idempotency_key.request_method", "an HTTP method compared on replay"),
            Map.entry("audit_event.actor_role", "a role (append-only table: the seeded event has the fixture's)"),
            Map.entry("audit_event.action", "an action code (CHECK), shown through its words"),
            Map.entry("audit_event_repeat.action", "the refused action's code (CHECK); the app may update only the count"),
            Map.entry("audit_event_repeat.route", "a route template with ids as ? (CHECK); the app may update only the count"),
            Map.entry("audit_event_repeat.resource", "the ids in the refused address (CHECK); the app may update only the count"),
            Map.entry("audit_event.outcome", "one of a fixed list (CHECK)"),
            Map.entry("audit_event.entity_type", "a record type the audit page links by"),
            Map.entry("clinic_subscription_change.kind", "one of a fixed list, written by the platform"),
            Map.entry("clinic_subscription_change.from_status", "a subscription status, written by the platform"),
            Map.entry("clinic_subscription_change.to_status", "a subscription status, written by the platform"),
            Map.entry("form_draft.page", "the address a draft belongs to: its key"),
            Map.entry("form_draft.form", "the form a draft belongs to: its key"),
            Map.entry("web_session.csrf_token", "a secret compared with every form's"));

    /**
     * Text columns that carry the canary in rows seeded with it, not by appending it to every row:
     * append-only tables, columns with a format CHECK, and the fixture's sign-in names (which the
     * write scenarios use).
     */
    static final Map<String, String> SEEDED = Map.ofEntries(
            Map.entry("app_user.username", "an extra account's username (the fixture's are the scenarios' sign-ins)"),
            Map.entry("lab_test.code", "an extra test whose code is the canary in capitals (code format CHECK)"),
            Map.entry("audit_event.detail", "an event of its own (append-only)"),
            Map.entry("audit_event.request_id", "an event of its own (append-only)"),
            Map.entry("test_order_correction.reason", "a correction of its own (insert-only for the app)"),
            Map.entry("test_order_correction.remarks_before", "a correction of its own (insert-only for the app)"),
            Map.entry("clinic_subscription_change.reason", "a limits change by the platform, its reason the canary"),
            Map.entry("stored_file.file_name", "files of its own, named (and ending) with the canary: stored files are never updated"));

    /** The registry row's text the clinic may change (the settings page), as the app role may. */
    private static final List<Field<String>> CLINIC_TEXT = List.of(CLINIC.NAME, CLINIC.ADDRESS, CLINIC.CITY,
            CLINIC.STATE, CLINIC.POSTAL_CODE, CLINIC.EMAIL, CLINIC.WEBSITE);

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Far above the tokens and code numbers the other fixtures count up from (ConsultationFixture: 100). */
    private static final AtomicInteger SEQ = new AtomicInteger(9_000_000);

    /** The fixture clinic underneath (its rows, slug and code). */
    public final Clinic clinic;
    /** In every text field of the clinic: lower case letters and digits, so no page's escaping changes it. */
    public final String canary;
    /** The hex suffix of the fixture clinic: in its slug, its code (in capitals), its name and every patient code. */
    public final String marker;
    /** Another patient of the clinic, whose records carry {@link #otherPatientCanary}. */
    public final UUID otherPatient;
    public final String otherPatientCanary;
    /** The other patient's records by table: a visit, a note, a prescription, a completed order, a document, a file. */
    public final Map<String, UUID> otherPatientRows;
    /** Every id of the other patient's rows (lower case). */
    public final Set<String> otherPatientIds;
    /** Every id of every row of the clinic when it was made (lower case), its own id included. */
    public final Set<String> ids;
    /** The fixture patient's code; the other patient's. */
    public final String patientCode;
    public final String otherPatientCode;
    /** Second rows of the clinic, by table, where the fixture has one (the lists' second page). */
    public final Map<String, UUID> secondRows;
    /** The user id of the fixture's doctor: a staff account (the fixture's app_user row is the patient's). */
    public final UUID doctorUser;
    /** "table.column" of every text column carrying the canary, and of those not covered. */
    private final List<String> canaried;
    private final List<String> uncovered;

    private CanaryClinic(Clinic clinic, String canary, UUID otherPatient, String otherPatientCanary,
                         Map<String, UUID> otherPatientRows, Set<String> otherPatientIds, Set<String> ids,
                         String patientCode, String otherPatientCode, Map<String, UUID> secondRows, UUID doctorUser,
                         List<String> canaried, List<String> uncovered) {
        this.clinic = clinic;
        this.canary = canary;
        this.marker = clinic.slug().substring("test-".length());
        this.otherPatient = otherPatient;
        this.otherPatientCanary = otherPatientCanary;
        this.otherPatientRows = otherPatientRows;
        this.otherPatientIds = otherPatientIds;
        this.ids = ids;
        this.patientCode = patientCode;
        this.otherPatientCode = otherPatientCode;
        this.secondRows = secondRows;
        this.doctorUser = doctorUser;
        this.canaried = canaried;
        this.uncovered = uncovered;
    }

    public ClinicId id() {
        return clinic.id();
    }

    public String slug() {
        return clinic.slug();
    }

    /** Every text column carrying the canary in at least one row, as "table.column". */
    public List<String> canaried() {
        return canaried;
    }

    /** Text columns neither carrying the canary nor listed with a reason: empty, or the fixture needs a row. */
    public List<String> uncovered() {
        return uncovered;
    }

    /** The id a path parameter of this clinic's routes takes, by the parameter's name (null: none of ours). */
    public UUID idFor(String param) {
        return switch (param) {
            case "userId" -> doctorUser;
            case "patientId" -> clinic.row("patient");
            case "visitId" -> clinic.row("patient_visit");
            case "orderId" -> clinic.row("test_order");
            case "reportId" -> clinic.row("medical_report");
            case "prescriptionId" -> clinic.row("prescription");
            case "doctorId" -> clinic.row("doctor");
            case "medicineId" -> clinic.row("medicine");
            case "labTestId" -> clinic.row("lab_test");
            case "logoFileId" -> clinic.row(ClinicFixture.LOGO);
            case "fileId" -> clinic.row("stored_file");
            default -> null;
        };
    }

    /** {@link #idFor} as text, or a fresh id (no row's) for a parameter that names none of ours. */
    public String idForText(String param) {
        UUID id = idFor(param);
        return (id == null ? Ids.newId() : id).toString();
    }

    public static CanaryClinic create(TestDatabase db, WebTestServer server) {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        String canary = "cnry" + random(10);
        String patientCanary = "ptcn" + random(10);
        ClinicId c = clinic.id();
        UUID doctorUser = db.tenants().inClinic(c, tx -> tx.select(APP_USER.ID).from(APP_USER)
                .where(APP_USER.CLINIC_ID.eq(c.value()), APP_USER.USERNAME.eq(WebFixture.USERNAMES.get(
                        io.santkrupa.staff.Role.DOCTOR))).fetchSingle(APP_USER.ID));
        UUID labUser = db.tenants().inClinic(c, tx -> tx.select(APP_USER.ID).from(APP_USER)
                .where(APP_USER.CLINIC_ID.eq(c.value()), APP_USER.USERNAME.eq(WebFixture.USERNAMES.get(
                        io.santkrupa.staff.Role.LAB_TECHNICIAN))).fetchSingle(APP_USER.ID));

        Map<String, UUID> second = new LinkedHashMap<>();
        Map<String, UUID> other = new LinkedHashMap<>();
        db.tenants().inClinic(c, tx -> {
            // a time of this clinic's own: another clinic's cursor never ties with one of its rows
            OffsetDateTime earlier = OffsetDateTime.of(2026, 3, 2, 9, 0, 0, 0, ZoneOffset.UTC)
                    .plusSeconds(RANDOM.nextInt(30 * 24 * 3600)).plusNanos(RANDOM.nextInt(1_000_000) * 1000L);
            UUID patient = clinic.row("patient");
            // a second record of every kind for the fixture patient: each list has a next page at limit=1
            second.putAll(records(tx, clinic, patient, labUser, earlier, "Second " + canary));
            second.put("doctor", doctor(tx, clinic, "Second Doctor"));
            second.put("medicine", insertReturning(tx, MEDICINE, MEDICINE.ID, Map.of(MEDICINE.CLINIC_ID, c.value(),
                    MEDICINE.NAME, "Amoxicillin", MEDICINE.STRENGTH, "250 mg")));
            UUID labTest = Ids.newId();
            tx.insertInto(LAB_TEST).set(LAB_TEST.CLINIC_ID, c.value()).set(LAB_TEST.ID, labTest)
                    .set(LAB_TEST.CODE, canary.toUpperCase(Locale.ROOT)).set(LAB_TEST.NAME, "Blood sugar").execute();
            tx.insertInto(LAB_TEST_PARAMETER).set(LAB_TEST_PARAMETER.CLINIC_ID, c.value()).set(LAB_TEST_PARAMETER.ID, Ids.newId())
                    .set(LAB_TEST_PARAMETER.LAB_TEST_ID, labTest).set(LAB_TEST_PARAMETER.POSITION, (short) 1)
                    .set(LAB_TEST_PARAMETER.NAME, "Glucose").set(LAB_TEST_PARAMETER.UNIT, "mg/dL").execute();
            second.put("lab_test", labTest);
            // two orders waiting for the lab (its work list), and a visit waiting today (the queue)
            for (int i = 0; i < 2; i++) {
                UUID order = Ids.newId();
                tx.insertInto(TEST_ORDER).set(TEST_ORDER.CLINIC_ID, c.value()).set(TEST_ORDER.ID, order)
                        .set(TEST_ORDER.PATIENT_ID, patient).set(TEST_ORDER.LAB_TEST_ID, clinic.row("lab_test"))
                        .set(TEST_ORDER.ORDERED_BY, clinic.row("doctor")).set(TEST_ORDER.STATUS, "ordered")
                        .set(TEST_ORDER.ORDERED_AT, earlier.plusMinutes(i)).set(TEST_ORDER.CLINICAL_NOTES, "Pale")
                        .execute();
                second.put("open_order_" + i, order);
            }
            second.put("waiting_visit", visit(tx, clinic, patient, OffsetDateTime.now(server.clock), "waiting", "Cough"));
            tx.insertInto(APP_USER).set(APP_USER.CLINIC_ID, c.value()).set(APP_USER.ID, Ids.newId())
                    .set(APP_USER.USERNAME, "staff." + canary).set(APP_USER.PASSWORD_HASH, "not-a-real-hash")
                    .set(APP_USER.ROLE, "receptionist").set(APP_USER.FULL_NAME, "Extra Staff").execute();
            tx.insertInto(AUDIT_EVENT).set(AUDIT_EVENT.CLINIC_ID, c.value()).set(AUDIT_EVENT.ID, Ids.newId())
                    .set(AUDIT_EVENT.ACTOR_USER_ID, doctorUser).set(AUDIT_EVENT.ACTOR_ROLE, "doctor")
                    .set(AUDIT_EVENT.ACTION, "patient.read").set(AUDIT_EVENT.ENTITY_TYPE, "patient")
                    .set(AUDIT_EVENT.ENTITY_ID, patient).set(AUDIT_EVENT.REQUEST_ID, "req-" + canary)
                    .set(AUDIT_EVENT.IP, "127.0.0.1").set(AUDIT_EVENT.DETAIL, "Read " + canary).execute();
            tx.insertInto(TEST_ORDER_CORRECTION).set(TEST_ORDER_CORRECTION.CLINIC_ID, c.value())
                    .set(TEST_ORDER_CORRECTION.ID, Ids.newId()).set(TEST_ORDER_CORRECTION.TEST_ORDER_ID, clinic.row("test_order"))
                    .set(TEST_ORDER_CORRECTION.CORRECTED_BY, labUser)
                    .set(TEST_ORDER_CORRECTION.REASON, "Recalibrated " + canary)
                    .set(TEST_ORDER_CORRECTION.REMARKS_BEFORE, "Earlier " + canary).execute();

            // another patient, whose records carry a canary of their own
            UUID otherPatient = Ids.newId();
            tx.insertInto(PATIENT).set(PATIENT.CLINIC_ID, c.value()).set(PATIENT.ID, otherPatient)
                    .set(PATIENT.CODE, "PT-" + clinic.code() + "-2026-" + SEQ.incrementAndGet())
                    .set(PATIENT.FIRST_NAME, "Meera " + patientCanary).set(PATIENT.LAST_NAME, "Joshi " + patientCanary)
                    .set(PATIENT.DATE_OF_BIRTH, LocalDate.of(1979, 8, 1)).set(PATIENT.GENDER, "female")
                    .set(PATIENT.ADDRESS, "Flat 4, " + patientCanary).set(PATIENT.ALLERGIES, "Sulfa " + patientCanary)
                    .set(PATIENT.EMAIL, patientCanary + "@example.com").execute();
            other.put("patient", otherPatient);
            other.putAll(records(tx, clinic, otherPatient, labUser, earlier.minusDays(3), "Other " + patientCanary));
            return null;
        });

        canaryClinicRegistry(db, c, canary);
        // the limits' reason: a subscription change of the clinic's, written by the platform
        int version = db.tenants().inClinic(c, tx -> tx.select(CLINIC.VERSION).from(CLINIC).where(CLINIC.ID.eq(c.value()))
                .fetchSingle(CLINIC.VERSION));
        new ClinicRegistry(db.platform(), new PlatformAudit(), Clock.systemUTC())
                .changeLimits(c, version, null, null, null, "Limits reviewed " + canary, PlatformActor.commandLine());

        List<String> failed = new ArrayList<>();
        List<String> canaried = new ArrayList<>();
        List<String> uncovered = new ArrayList<>();
        Map<String, List<String>> columns = textColumns(db, c);
        columns.forEach((table, names) -> {
            for (String column : names) {
                String key = table + "." + column;
                if (NOT_CANARIED.containsKey(key) || SEEDED.containsKey(key)) {
                    continue;
                }
                try {
                    db.tenants().inClinic(c, tx -> tx.update(DSL.table(DSL.name("santkrupa", table)))
                            .set(DSL.field(DSL.name(column), String.class),
                                    DSL.concat(DSL.coalesce(DSL.field(DSL.name(column), String.class), DSL.inline("")),
                                            DSL.val(" " + canary)))
                            .where(DSL.field(DSL.name("clinic_id"), UUID.class).eq(c.value()))
                            .execute());
                } catch (DataAccessException e) {
                    failed.add(key + ": " + e.sqlState() + " " + e.getMessage().lines().findFirst().orElse(""));
                }
            }
        });
        if (!failed.isEmpty()) {
            throw new IllegalStateException("text columns that refuse the canary (add them to NOT_CANARIED or SEEDED"
                    + " with a reason): " + failed);
        }
        canaryDrafts(db, c, canary);

        String needle = "%" + canary + "%";
        String upperNeedle = "%" + canary.toUpperCase(Locale.ROOT) + "%";
        columns.forEach((table, names) -> {
            for (String column : names) {
                String key = table + "." + column;
                if (NOT_CANARIED.containsKey(key)) {
                    continue;
                }
                Field<String> field = DSL.field(DSL.name(column), String.class);
                boolean carries = db.tenants().inClinic(c, tx -> tx.fetchExists(
                        DSL.selectOne().from(DSL.table(DSL.name("santkrupa", table)))
                                .where(DSL.field(DSL.name("clinic_id"), UUID.class).eq(c.value()),
                                        field.like(needle).or(field.like(upperNeedle)))));
                (carries ? canaried : uncovered).add(key);
            }
        });
        for (Field<String> field : CLINIC_TEXT) {
            canaried.add("clinic." + field.getName());
        }

        Set<String> ids = ids(db, c);
        Set<String> otherIds = new HashSet<>();
        other.values().forEach(id -> otherIds.add(id.toString()));
        String patientCode = code(db, c, clinic.row("patient"));
        String otherCode = code(db, c, other.get("patient"));
        return new CanaryClinic(clinic, canary, other.get("patient"), patientCanary, Map.copyOf(other),
                Set.copyOf(otherIds), ids, patientCode, otherCode, Map.copyOf(second), doctorUser,
                List.copyOf(canaried), List.copyOf(uncovered));
    }

    /** A visit, its note, a prescription with an item, a completed order with its result and report, a document. */
    private static Map<String, UUID> records(DSLContext tx, Clinic clinic, UUID patient, UUID labUser, OffsetDateTime at,
                                             String text) {
        UUID c = clinic.id().value();
        Map<String, UUID> rows = new LinkedHashMap<>();
        UUID visit = visit(tx, clinic, patient, at, "completed", "Fever " + text);
        rows.put("patient_visit", visit);
        rows.put("doctor_note", insertReturning(tx, DOCTOR_NOTE, DOCTOR_NOTE.ID, Map.of(DOCTOR_NOTE.CLINIC_ID, c,
                DOCTOR_NOTE.VISIT_ID, visit, DOCTOR_NOTE.PATIENT_ID, patient, DOCTOR_NOTE.DOCTOR_ID, clinic.row("doctor"),
                DOCTOR_NOTE.CHIEF_COMPLAINT, "Headache " + text, DOCTOR_NOTE.DIAGNOSIS, "Migraine " + text,
                DOCTOR_NOTE.NOTES, "Dark room " + text, DOCTOR_NOTE.CREATED_AT, at)));
        UUID prescription = insertReturning(tx, PRESCRIPTION, PRESCRIPTION.ID, Map.of(PRESCRIPTION.CLINIC_ID, c,
                PRESCRIPTION.PATIENT_ID, patient, PRESCRIPTION.DOCTOR_ID, clinic.row("doctor"), PRESCRIPTION.VISIT_ID, visit,
                PRESCRIPTION.PRESCRIBED_AT, at, PRESCRIPTION.ADVICE, "Rest " + text));
        rows.put("prescription", prescription);
        rows.put("prescription_item", insertReturning(tx, PRESCRIPTION_ITEM, PRESCRIPTION_ITEM.ID, Map.of(
                PRESCRIPTION_ITEM.CLINIC_ID, c, PRESCRIPTION_ITEM.PRESCRIPTION_ID, prescription,
                PRESCRIPTION_ITEM.POSITION, (short) 1, PRESCRIPTION_ITEM.MEDICINE_ID, clinic.row("medicine"),
                PRESCRIPTION_ITEM.DOSE, "1 tablet " + text, PRESCRIPTION_ITEM.FREQUENCY, "twice a day " + text,
                PRESCRIPTION_ITEM.DURATION_DAYS, (short) 3, PRESCRIPTION_ITEM.INSTRUCTIONS, "After food " + text)));
        UUID reportFile = file(tx, c, labUser, "cbc " + text.replace(' ', '-') + ".pdf", text);
        rows.put("report_file", reportFile);
        UUID order = insertReturning(tx, TEST_ORDER, TEST_ORDER.ID, Map.ofEntries(Map.entry(TEST_ORDER.CLINIC_ID, c),
                Map.entry(TEST_ORDER.PATIENT_ID, patient), Map.entry(TEST_ORDER.VISIT_ID, visit),
                Map.entry(TEST_ORDER.LAB_TEST_ID, clinic.row("lab_test")), Map.entry(TEST_ORDER.ORDERED_BY, clinic.row("doctor")),
                Map.entry(TEST_ORDER.STATUS, "completed"), Map.entry(TEST_ORDER.ORDERED_AT, at),
                Map.entry(TEST_ORDER.SAMPLE_COLLECTED_AT, at), Map.entry(TEST_ORDER.SAMPLE_COLLECTED_BY, labUser),
                Map.entry(TEST_ORDER.COMPLETED_AT, at.plusMinutes(30)), Map.entry(TEST_ORDER.COMPLETED_BY, labUser),
                Map.entry(TEST_ORDER.REPORT_FILE_ID, reportFile), Map.entry(TEST_ORDER.CLINICAL_NOTES, "Pale " + text),
                Map.entry(TEST_ORDER.REMARKS, "Repeat in a month " + text)));
        rows.put("test_order", order);
        rows.put("test_result", insertReturning(tx, TEST_RESULT, TEST_RESULT.ID, Map.of(TEST_RESULT.CLINIC_ID, c,
                TEST_RESULT.TEST_ORDER_ID, order, TEST_RESULT.LAB_TEST_ID, clinic.row("lab_test"),
                TEST_RESULT.PARAMETER_ID, clinic.row("lab_test_parameter"), TEST_RESULT.VALUE_NUMERIC, new BigDecimal("12.7"),
                TEST_RESULT.VALUE_TEXT, "Normocytic " + text, TEST_RESULT.REFERENCE_NOTE, "Adult " + text,
                TEST_RESULT.ENTERED_BY, labUser)));
        UUID documentFile = file(tx, c, labUser, "scan " + text.replace(' ', '-') + ".pdf", text);
        rows.put("document_file", documentFile);
        rows.put("medical_report", insertReturning(tx, MEDICAL_REPORT, MEDICAL_REPORT.ID, Map.of(MEDICAL_REPORT.CLINIC_ID, c,
                MEDICAL_REPORT.PATIENT_ID, patient, MEDICAL_REPORT.FILE_ID, documentFile,
                MEDICAL_REPORT.TITLE, "Discharge summary " + text, MEDICAL_REPORT.REPORT_TYPE, "discharge_summary",
                MEDICAL_REPORT.NOTES, "From the district hospital " + text, MEDICAL_REPORT.UPLOADED_BY, labUser,
                MEDICAL_REPORT.UPLOADED_AT, at)));
        return rows;
    }

    private static UUID visit(DSLContext tx, Clinic clinic, UUID patient, OffsetDateTime at, String status, String reason) {
        UUID id = Ids.newId();
        tx.insertInto(PATIENT_VISIT).set(PATIENT_VISIT.CLINIC_ID, clinic.id().value()).set(PATIENT_VISIT.ID, id)
                .set(PATIENT_VISIT.PATIENT_ID, patient).set(PATIENT_VISIT.DOCTOR_ID, clinic.row("doctor"))
                .set(PATIENT_VISIT.VISIT_DATE, at.atZoneSameInstant(ClinicFixture.ZONE).toLocalDate())
                .set(PATIENT_VISIT.TOKEN_NUMBER, SEQ.incrementAndGet()).set(PATIENT_VISIT.STATUS, status)
                .set(PATIENT_VISIT.REASON, reason).set(PATIENT_VISIT.CHECKED_IN_AT, at)
                .set(PATIENT_VISIT.STARTED_AT, status.equals("waiting") ? null : at)
                .set(PATIENT_VISIT.ENDED_AT, status.equals("completed") ? at.plusMinutes(15) : null)
                .execute();
        return id;
    }

    private static UUID doctor(DSLContext tx, Clinic clinic, String name) {
        UUID user = Ids.newId();
        UUID doctor = Ids.newId();
        tx.insertInto(APP_USER).set(APP_USER.CLINIC_ID, clinic.id().value()).set(APP_USER.ID, user)
                .set(APP_USER.USERNAME, "dr.second" + SEQ.incrementAndGet()).set(APP_USER.PASSWORD_HASH, "not-a-real-hash")
                .set(APP_USER.ROLE, "doctor").set(APP_USER.FULL_NAME, name).execute();
        tx.insertInto(DOCTOR).set(DOCTOR.CLINIC_ID, clinic.id().value()).set(DOCTOR.ID, doctor).set(DOCTOR.USER_ID, user)
                .set(DOCTOR.LICENSE_NUMBER, "LIC-" + doctor).set(DOCTOR.SPECIALIZATION, "Paediatrics").execute();
        return doctor;
    }

    private static UUID file(DSLContext tx, UUID clinic, UUID uploadedBy, String name, String text) {
        UUID id = Ids.newId();
        byte[] content = ("%PDF-1.4\n% " + text + "\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
        tx.insertInto(STORED_FILE).set(STORED_FILE.CLINIC_ID, clinic).set(STORED_FILE.ID, id)
                .set(STORED_FILE.FILE_NAME, name).set(STORED_FILE.CONTENT_TYPE, "application/pdf")
                .set(STORED_FILE.SIZE_BYTES, content.length).set(STORED_FILE.SHA256, ClinicFixture.sha256(content))
                .set(STORED_FILE.CONTENT, content).set(STORED_FILE.UPLOADED_BY, uploadedBy).execute();
        return id;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <R extends org.jooq.Record> UUID insertReturning(DSLContext tx, Table<R> table, Field<UUID> id,
                                                                  Map<? extends Field<?>, ?> values) {
        UUID value = Ids.newId();
        var insert = tx.insertInto(table).set(id, value);
        for (var entry : values.entrySet()) {
            insert = insert.set((Field) entry.getKey(), entry.getValue());
        }
        insert.execute();
        return value;
    }

    /** The registry's texts the clinic edits on its settings page (the platform's own stay: slug, code, registration). */
    private static void canaryClinicRegistry(TestDatabase db, ClinicId c, String canary) {
        db.tenants().inClinic(c, tx -> {
            var update = tx.update(CLINIC).set(CLINIC.NAME, DSL.concat(CLINIC.NAME, DSL.val(" " + canary)));
            for (Field<String> field : CLINIC_TEXT.subList(1, CLINIC_TEXT.size())) {
                update = update.set(field, DSL.concat(field, DSL.val(" " + canary)));
            }
            return update.where(CLINIC.ID.eq(c.value())).execute();
        });
    }

    /** Every draft's typed text carries the canary (stored files, never updated, carry it when seeded). */
    private static void canaryDrafts(TestDatabase db, ClinicId c, String canary) {
        db.tenants().inClinic(c, tx -> tx.update(FORM_DRAFT)
                .set(FORM_DRAFT.FIELDS, JSONB.valueOf("{\"chiefComplaint\": \"Typed, not saved " + canary + "\"}"))
                .where(FORM_DRAFT.CLINIC_ID.eq(c.value())).execute());
    }

    /** The text columns (text, varchar; not generated) of every tenant table, by table, from the catalog. */
    private static Map<String, List<String>> textColumns(TestDatabase db, ClinicId c) {
        Map<String, List<String>> columns = new TreeMap<>();
        db.tenants().inClinic(c, tx -> tx.resultQuery("""
                        SELECT col.table_name::text, col.column_name::text
                          FROM information_schema.columns col
                          JOIN information_schema.tables t
                            ON t.table_schema = col.table_schema AND t.table_name = col.table_name
                         WHERE col.table_schema = 'santkrupa' AND t.table_type = 'BASE TABLE'
                           AND col.data_type IN ('text', 'character varying') AND col.is_generated = 'NEVER'
                           AND EXISTS (SELECT FROM information_schema.columns k
                                        WHERE k.table_schema = col.table_schema AND k.table_name = col.table_name
                                          AND k.column_name = 'clinic_id')
                         ORDER BY 1, 2""").fetch())
                .forEach(r -> columns.computeIfAbsent(r.get(0, String.class), t -> new ArrayList<>()).add(r.get(1, String.class)));
        if (columns.size() < 15) {
            throw new IllegalStateException("the catalog shows only " + columns.keySet() + " as tenant tables with text");
        }
        return columns;
    }

    /** Every id of every tenant row of the clinic now (tables with an id column, from the catalog), and the clinic's. */
    public static Set<String> idsOf(TestDatabase db, CanaryClinic clinic) {
        return ids(db, clinic.id());
    }

    private static Set<String> ids(TestDatabase db, ClinicId c) {
        Set<String> ids = new HashSet<>();
        ids.add(c.value().toString());
        db.tenants().inClinic(c, tx -> {
            List<String> tables = tx.resultQuery("""
                            SELECT col.table_name::text
                              FROM information_schema.columns col
                              JOIN information_schema.tables t
                                ON t.table_schema = col.table_schema AND t.table_name = col.table_name
                             WHERE col.table_schema = 'santkrupa' AND t.table_type = 'BASE TABLE'
                               AND col.column_name = 'id' AND col.data_type = 'uuid'
                               AND EXISTS (SELECT FROM information_schema.columns k
                                            WHERE k.table_schema = col.table_schema AND k.table_name = col.table_name
                                              AND k.column_name = 'clinic_id')
                             ORDER BY 1""").fetch(0, String.class);
            for (String table : tables) {
                tx.select(DSL.field(DSL.name("id"), UUID.class)).from(DSL.table(DSL.name("santkrupa", table)))
                        .where(DSL.field(DSL.name("clinic_id"), UUID.class).eq(c.value()))
                        .fetch().forEach(r -> ids.add(r.value1().toString()));
            }
            return null;
        });
        return Set.copyOf(ids);
    }

    private static String code(TestDatabase db, ClinicId c, UUID patient) {
        return db.tenants().inClinic(c, tx -> tx.select(PATIENT.CODE).from(PATIENT)
                .where(PATIENT.CLINIC_ID.eq(c.value()), PATIENT.ID.eq(patient)).fetchSingle(PATIENT.CODE));
    }

    private static String random(int n) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
