package io.santkrupa.web;

import io.santkrupa.db.Ids;
import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.Paging;
import io.santkrupa.testing.Paging.Row;
import io.santkrupa.testing.TestDatabase;
import org.jooq.DSLContext;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR_NOTE;
import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICAL_REPORT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PRESCRIPTION;
import static io.santkrupa.db.jooq.santkrupa.Tables.STORED_FILE;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;

/**
 * A clinic's records written straight into the tables, laid out as the keyset-paging tests
 * want them: each {@link Row} becomes one record with the row's id, a time (or name) from its
 * rank, and its marker in a field the lists show (a visit's reason, a prescription's advice, a
 * completed test's remarks, an order's clinical notes, a document's title, a note's diagnosis).
 * Rows are inserted in random order.
 */
final class RecordSeeds {

    static final OffsetDateTime BASE = OffsetDateTime.of(2026, 3, 2, 9, 0, 0, 0, ZoneOffset.UTC);
    private static final AtomicInteger SEQ = new AtomicInteger(1000);

    private final TestDatabase db;

    RecordSeeds(TestDatabase db) {
        this.db = db;
    }

    /** The time of a row of a newest-first list: rank 0 is the newest, one minute per rank. */
    static OffsetDateTime newest(Row r) {
        return BASE.minusMinutes(r.rank());
    }

    /** The time of a row of an oldest-first list: rank 0 is the oldest. */
    static OffsetDateTime oldest(Row r) {
        return BASE.plusMinutes(r.rank());
    }

    /** Three lower-case letters that sort as {@code n} does (in any collation): aaa, aab, ... */
    static String letters(int n) {
        char[] out = new char[3];
        for (int i = 2; i >= 0; i--) {
            out[i] = (char) ('a' + n % 26);
            n /= 26;
        }
        return new String(out);
    }

    static int next() {
        return SEQ.incrementAndGet();
    }

    void insert(Clinic c, Consumer<DSLContext> work) {
        db.tenants().inClinic(c.id(), tx -> {
            work.accept(tx);
            return null;
        });
    }

    private void each(Clinic c, List<Row> rows, java.util.function.BiConsumer<DSLContext, Row> insert) {
        insert(c, tx -> Paging.shuffled(rows).forEach(r -> insert.accept(tx, r)));
    }

    UUID newPatient(Clinic c) {
        UUID id = Ids.newId();
        insert(c, tx -> patient(tx, c, id, "Record", "Holder", "+91 98200 66666"));
        return id;
    }

    /** The rows as patients, named and phoned as {@code first}, {@code last} and {@code phone} say. */
    void patients(Clinic c, List<Row> rows, Function<Row, String> first, Function<Row, String> last,
                  Function<Row, String> phone) {
        each(c, rows, (tx, r) -> patient(tx, c, r.id(), first.apply(r), last.apply(r), phone.apply(r)));
    }

    private static void patient(DSLContext tx, Clinic c, UUID id, String first, String last, String phone) {
        tx.insertInto(PATIENT).set(PATIENT.CLINIC_ID, c.id().value()).set(PATIENT.ID, id)
                .set(PATIENT.CODE, "PT-" + c.code() + "-2020-" + next())
                .set(PATIENT.FIRST_NAME, first).set(PATIENT.LAST_NAME, last).set(PATIENT.PHONE, phone)
                .execute();
    }

    /** A doctor (and the account they sign in with); the doctor's id. */
    UUID doctor(Clinic c, String name) {
        UUID id = Ids.newId();
        insert(c, tx -> doctor(tx, c, id, name));
        return id;
    }

    /** The rows as active doctors, each named as {@code name} says. */
    void doctors(Clinic c, List<Row> rows, Function<Row, String> name) {
        each(c, rows, (tx, r) -> doctor(tx, c, r.id(), name.apply(r)));
    }

    private static void doctor(DSLContext tx, Clinic c, UUID id, String name) {
        UUID user = Ids.newId();
        tx.insertInto(APP_USER).set(APP_USER.CLINIC_ID, c.id().value()).set(APP_USER.ID, user)
                .set(APP_USER.USERNAME, "dr" + next()).set(APP_USER.PASSWORD_HASH, "not-a-real-hash")
                .set(APP_USER.ROLE, "doctor").set(APP_USER.FULL_NAME, name).execute();
        tx.insertInto(DOCTOR).set(DOCTOR.CLINIC_ID, c.id().value()).set(DOCTOR.ID, id).set(DOCTOR.USER_ID, user)
                .set(DOCTOR.LICENSE_NUMBER, "LIC-" + id).execute();
    }

    /** The rows as completed visits of {@code patient} with {@code doctor}, checked in at {@code at}, the marker as reason. */
    void visits(Clinic c, UUID patient, UUID doctor, List<Row> rows, Function<Row, OffsetDateTime> at,
                Function<Row, Integer> token) {
        each(c, rows, (tx, r) -> visit(tx, c, r.id(), patient, doctor, at.apply(r), token.apply(r), r.marker()));
    }

    void visits(Clinic c, UUID patient, List<Row> rows, Function<Row, OffsetDateTime> at) {
        visits(c, patient, c.row("doctor"), rows, at, r -> next());
    }

    private static void visit(DSLContext tx, Clinic c, UUID id, UUID patient, UUID doctor, OffsetDateTime at,
                              int token, String reason) {
        tx.insertInto(PATIENT_VISIT).set(PATIENT_VISIT.CLINIC_ID, c.id().value()).set(PATIENT_VISIT.ID, id)
                .set(PATIENT_VISIT.PATIENT_ID, patient).set(PATIENT_VISIT.DOCTOR_ID, doctor)
                .set(PATIENT_VISIT.VISIT_DATE, at.toLocalDate()).set(PATIENT_VISIT.TOKEN_NUMBER, token)
                .set(PATIENT_VISIT.STATUS, "completed").set(PATIENT_VISIT.REASON, reason)
                .set(PATIENT_VISIT.CHECKED_IN_AT, at).set(PATIENT_VISIT.STARTED_AT, at).set(PATIENT_VISIT.ENDED_AT, at)
                .execute();
    }

    /** The rows as prescriptions of {@code patient} (outside any visit), the marker as advice. */
    void prescriptions(Clinic c, UUID patient, List<Row> rows, Function<Row, OffsetDateTime> at) {
        each(c, rows, (tx, r) -> tx.insertInto(PRESCRIPTION)
                .set(PRESCRIPTION.CLINIC_ID, c.id().value()).set(PRESCRIPTION.ID, r.id())
                .set(PRESCRIPTION.PATIENT_ID, patient).set(PRESCRIPTION.DOCTOR_ID, c.row("doctor"))
                .set(PRESCRIPTION.PRESCRIBED_AT, at.apply(r)).set(PRESCRIPTION.ADVICE, r.marker())
                .execute());
    }

    /** The rows as completed orders of {@code patient}, completed at {@code at}, the marker as the lab's remarks. */
    void completedOrders(Clinic c, UUID patient, List<Row> rows, Function<Row, OffsetDateTime> at) {
        each(c, rows, (tx, r) -> tx.insertInto(TEST_ORDER)
                .set(TEST_ORDER.CLINIC_ID, c.id().value()).set(TEST_ORDER.ID, r.id())
                .set(TEST_ORDER.PATIENT_ID, patient).set(TEST_ORDER.LAB_TEST_ID, c.row("lab_test"))
                .set(TEST_ORDER.ORDERED_BY, c.row("doctor")).set(TEST_ORDER.STATUS, "completed")
                .set(TEST_ORDER.ORDERED_AT, at.apply(r)).set(TEST_ORDER.SAMPLE_COLLECTED_AT, at.apply(r))
                .set(TEST_ORDER.COMPLETED_AT, at.apply(r)).set(TEST_ORDER.REMARKS, r.marker())
                .execute());
    }

    /** The rows as orders of {@code patient} waiting for the lab, ordered at {@code at}, the marker as clinical notes. */
    void openOrders(Clinic c, UUID patient, List<Row> rows, Function<Row, OffsetDateTime> at) {
        each(c, rows, (tx, r) -> tx.insertInto(TEST_ORDER)
                .set(TEST_ORDER.CLINIC_ID, c.id().value()).set(TEST_ORDER.ID, r.id())
                .set(TEST_ORDER.PATIENT_ID, patient).set(TEST_ORDER.LAB_TEST_ID, c.row("lab_test"))
                .set(TEST_ORDER.ORDERED_BY, c.row("doctor")).set(TEST_ORDER.STATUS, "ordered")
                .set(TEST_ORDER.ORDERED_AT, at.apply(r)).set(TEST_ORDER.CLINICAL_NOTES, r.marker())
                .execute());
    }

    /** The rows as documents of {@code patient} (each with its file), uploaded at {@code at}, the marker as title. */
    void documents(Clinic c, UUID patient, List<Row> rows, Function<Row, OffsetDateTime> at) {
        each(c, rows, (tx, r) -> {
            UUID file = Ids.newId();
            byte[] content = ("%PDF-1.4\n% " + r.id() + "\n").getBytes(StandardCharsets.US_ASCII);
            tx.insertInto(STORED_FILE).set(STORED_FILE.CLINIC_ID, c.id().value()).set(STORED_FILE.ID, file)
                    .set(STORED_FILE.FILE_NAME, "scan.pdf").set(STORED_FILE.CONTENT_TYPE, "application/pdf")
                    .set(STORED_FILE.SIZE_BYTES, content.length).set(STORED_FILE.SHA256, ClinicFixture.sha256(content))
                    .set(STORED_FILE.CONTENT, content).set(STORED_FILE.UPLOADED_BY, c.row("app_user"))
                    .execute();
            tx.insertInto(MEDICAL_REPORT).set(MEDICAL_REPORT.CLINIC_ID, c.id().value()).set(MEDICAL_REPORT.ID, r.id())
                    .set(MEDICAL_REPORT.PATIENT_ID, patient).set(MEDICAL_REPORT.FILE_ID, file)
                    .set(MEDICAL_REPORT.TITLE, r.marker()).set(MEDICAL_REPORT.REPORT_TYPE, "imaging")
                    .set(MEDICAL_REPORT.UPLOADED_BY, c.row("app_user")).set(MEDICAL_REPORT.UPLOADED_AT, at.apply(r))
                    .execute();
        });
    }

    /** The rows as doctors' notes on {@code patient} (each with its completed visit), written at {@code at}, the marker as diagnosis. */
    void notes(Clinic c, UUID patient, List<Row> rows, Function<Row, OffsetDateTime> at) {
        each(c, rows, (tx, r) -> {
            UUID visit = Ids.newId();
            visit(tx, c, visit, patient, c.row("doctor"), at.apply(r), next(), "");
            tx.insertInto(DOCTOR_NOTE).set(DOCTOR_NOTE.CLINIC_ID, c.id().value()).set(DOCTOR_NOTE.ID, r.id())
                    .set(DOCTOR_NOTE.VISIT_ID, visit).set(DOCTOR_NOTE.PATIENT_ID, patient)
                    .set(DOCTOR_NOTE.DOCTOR_ID, c.row("doctor")).set(DOCTOR_NOTE.DIAGNOSIS, r.marker())
                    .set(DOCTOR_NOTE.CREATED_AT, at.apply(r))
                    .execute();
        });
    }
}
