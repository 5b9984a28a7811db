package io.santkrupa.lab;

import io.santkrupa.db.Ids;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.Html;
import io.santkrupa.testing.TestDatabase;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_REFERENCE_RANGE;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST_PARAMETER;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_RESULT;

/** Patients, tests with ranges and orders for the lab's tests, written as the application would. */
public final class LabSeeds {

    private static final AtomicInteger SEQUENCE = new AtomicInteger(100);

    private final TestDatabase db;
    private final Clinic clinic;

    public LabSeeds(TestDatabase db, Clinic clinic) {
        this.db = db;
        this.clinic = clinic;
    }

    /** A patient of {@code sex} born on {@code born} (null: unknown); first name as given, a unique code. */
    public UUID patient(String firstName, String lastName, String sex, LocalDate born) {
        UUID id = Ids.newId();
        int n = SEQUENCE.incrementAndGet();
        db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(PATIENT)
                .set(PATIENT.CLINIC_ID, clinic.id().value()).set(PATIENT.ID, id)
                .set(PATIENT.CODE, "PT-" + clinic.code() + "-2026-" + n)
                .set(PATIENT.FIRST_NAME, firstName).set(PATIENT.LAST_NAME, lastName)
                .set(PATIENT.GENDER, sex).set(PATIENT.DATE_OF_BIRTH, born)
                .execute());
        return id;
    }

    public String code(UUID patient) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.select(PATIENT.CODE).from(PATIENT)
                .where(PATIENT.ID.eq(patient)).fetchSingle(PATIENT.CODE));
    }

    /** A test of one numeric parameter with a general range; returns {test id, parameter id}. */
    public UUID[] test(String code, String name, String parameter, String unit, String low, String high) {
        UUID test = Ids.newId();
        UUID param = Ids.newId();
        db.tenants().inClinic(clinic.id(), tx -> {
            tx.insertInto(LAB_TEST).set(LAB_TEST.CLINIC_ID, clinic.id().value()).set(LAB_TEST.ID, test)
                    .set(LAB_TEST.CODE, code).set(LAB_TEST.NAME, name).execute();
            return tx.insertInto(LAB_TEST_PARAMETER).set(LAB_TEST_PARAMETER.CLINIC_ID, clinic.id().value())
                    .set(LAB_TEST_PARAMETER.ID, param).set(LAB_TEST_PARAMETER.LAB_TEST_ID, test)
                    .set(LAB_TEST_PARAMETER.POSITION, (short) 1).set(LAB_TEST_PARAMETER.NAME, parameter)
                    .set(LAB_TEST_PARAMETER.UNIT, unit).set(LAB_TEST_PARAMETER.NORMAL_LOW, new BigDecimal(low))
                    .set(LAB_TEST_PARAMETER.NORMAL_HIGH, new BigDecimal(high)).execute();
        });
        return new UUID[] {test, param};
    }

    public void range(UUID parameter, int position, String sex, int from, Integer to, String unit, String low, String high,
               String criticalLow, String criticalHigh) {
        db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(LAB_REFERENCE_RANGE)
                .set(LAB_REFERENCE_RANGE.CLINIC_ID, clinic.id().value()).set(LAB_REFERENCE_RANGE.ID, Ids.newId())
                .set(LAB_REFERENCE_RANGE.PARAMETER_ID, parameter).set(LAB_REFERENCE_RANGE.POSITION, (short) position)
                .set(LAB_REFERENCE_RANGE.SEX, sex).set(LAB_REFERENCE_RANGE.AGE_FROM, from)
                .set(LAB_REFERENCE_RANGE.AGE_TO, to).set(LAB_REFERENCE_RANGE.AGE_UNIT, unit)
                .set(LAB_REFERENCE_RANGE.NORMAL_LOW, new BigDecimal(low))
                .set(LAB_REFERENCE_RANGE.NORMAL_HIGH, new BigDecimal(high))
                .set(LAB_REFERENCE_RANGE.CRITICAL_LOW, criticalLow == null ? null : new BigDecimal(criticalLow))
                .set(LAB_REFERENCE_RANGE.CRITICAL_HIGH, criticalHigh == null ? null : new BigDecimal(criticalHigh))
                .execute());
    }

    /** An order of {@code test} for {@code patient}, ordered at {@code at}; collected then when {@code collected}. */
    public UUID order(UUID patient, UUID test, OffsetDateTime at, boolean collected) {
        UUID id = Ids.newId();
        db.tenants().inClinic(clinic.id(), tx -> tx.insertInto(TEST_ORDER)
                .set(TEST_ORDER.CLINIC_ID, clinic.id().value()).set(TEST_ORDER.ID, id)
                .set(TEST_ORDER.PATIENT_ID, patient).set(TEST_ORDER.LAB_TEST_ID, test)
                .set(TEST_ORDER.ORDERED_BY, clinic.row("doctor")).set(TEST_ORDER.ORDERED_AT, at)
                .set(TEST_ORDER.STATUS, collected ? "sample_collected" : "ordered")
                .set(TEST_ORDER.SAMPLE_COLLECTED_AT, collected ? at.plusMinutes(30) : null)
                .execute());
        return id;
    }

    /** A completed order of {@code test} for {@code patient} with one value, completed at {@code at}. */
    public UUID completed(UUID patient, UUID test, UUID parameter, String value, String flag, OffsetDateTime at) {
        UUID id = Ids.newId();
        db.tenants().inClinic(clinic.id(), tx -> {
            tx.insertInto(TEST_ORDER)
                    .set(TEST_ORDER.CLINIC_ID, clinic.id().value()).set(TEST_ORDER.ID, id)
                    .set(TEST_ORDER.PATIENT_ID, patient).set(TEST_ORDER.LAB_TEST_ID, test)
                    .set(TEST_ORDER.ORDERED_BY, clinic.row("doctor")).set(TEST_ORDER.ORDERED_AT, at.minusHours(3))
                    .set(TEST_ORDER.STATUS, "completed").set(TEST_ORDER.SAMPLE_COLLECTED_AT, at.minusHours(2))
                    .set(TEST_ORDER.COMPLETED_AT, at)
                    .execute();
            return tx.insertInto(TEST_RESULT)
                    .set(TEST_RESULT.CLINIC_ID, clinic.id().value()).set(TEST_RESULT.ID, Ids.newId())
                    .set(TEST_RESULT.TEST_ORDER_ID, id).set(TEST_RESULT.LAB_TEST_ID, test)
                    .set(TEST_RESULT.PARAMETER_ID, parameter).set(TEST_RESULT.VALUE_NUMERIC, new BigDecimal(value))
                    .set(TEST_RESULT.FLAG, flag).set(TEST_RESULT.IS_ABNORMAL, !flag.equals("normal"))
                    .set(TEST_RESULT.ENTERED_BY, io.santkrupa.testing.ApiClient.userId(db, clinic.id(), "lab"))
                    .execute();
        });
        return id;
    }

    public String status(UUID order) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.select(TEST_ORDER.STATUS).from(TEST_ORDER)
                .where(TEST_ORDER.ID.eq(order)).fetchSingle(TEST_ORDER.STATUS));
    }

    /** The stored result of one parameter: flag, reference low, high and note. */
    public org.jooq.Record5<BigDecimal, String, BigDecimal, BigDecimal, String> result(UUID order, UUID parameter) {
        return db.tenants().inClinic(clinic.id(), tx -> tx.select(TEST_RESULT.VALUE_NUMERIC, TEST_RESULT.FLAG,
                        TEST_RESULT.REFERENCE_LOW, TEST_RESULT.REFERENCE_HIGH, TEST_RESULT.REFERENCE_NOTE)
                .from(TEST_RESULT).where(TEST_RESULT.TEST_ORDER_ID.eq(order), TEST_RESULT.PARAMETER_ID.eq(parameter))
                .fetchOne());
    }

    /** Every field a browser would send from the form at {@code action} on the page ({@link Html#formFields}). */
    public static Map<String, String> formFields(String html, String action) {
        return Html.formFields(html, action);
    }

    public static int count(String text, String needle) {
        return text.split(Pattern.quote(needle), -1).length - 1;
    }

    public static List<String> lines(String... lines) {
        return List.of(lines);
    }
}
