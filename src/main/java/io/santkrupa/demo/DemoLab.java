package io.santkrupa.demo;

import io.santkrupa.db.ClinicId;
import io.santkrupa.db.Ids;
import io.santkrupa.lab.ReferenceRanges;
import io.santkrupa.lab.ReferenceRanges.AgeUnit;
import io.santkrupa.lab.ReferenceRanges.Range;
import io.santkrupa.lab.ResultFlag;
import org.jooq.DSLContext;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_REFERENCE_RANGE;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST_PARAMETER;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_RESULT;

/**
 * The demo clinics' lab: haemoglobin, fasting blood sugar and serum creatinine with the ranges
 * by sex and age a clinic lab in India prints (haemoglobin differs for men, women, infants and
 * children; critical limits for the values a doctor must hear about at once), a completed
 * haemoglobin, a completed sugar with a critical value, a sugar waiting for its sample and a
 * creatinine waiting for its result.
 */
final class DemoLab {

    private DemoLab() {
    }

    /** {@code now}: the demo's clock in the clinic's zone, as the visit it seeds beside. */
    static void seed(DSLContext tx, ClinicId clinic, List<UUID> patients, UUID visit, UUID doctor, UUID doctorUser,
                     OffsetDateTime now) {
        UUID lab = tx.select(APP_USER.ID).from(APP_USER)
                .where(APP_USER.CLINIC_ID.eq(clinic.value()), APP_USER.USERNAME.eq("lab")).fetchOne(APP_USER.ID);
        UUID by = lab == null ? doctorUser : lab;

        UUID hb = test(tx, clinic, "HB", "Haemoglobin", "blood");
        UUID hbValue = parameter(tx, clinic, hb, 1, "Haemoglobin", "g/dL", "12.0", "17.5");
        List<Range> hbRanges = List.of(
                range("any", 0, 1, AgeUnit.MONTHS, "14.0", "24.0", "9.5", "25.0"),
                range("any", 1, 6, AgeUnit.MONTHS, "9.5", "14.0", "7.0", "20.0"),
                range("any", 6, 24, AgeUnit.MONTHS, "10.5", "13.5", "7.0", "20.0"),
                range("any", 2, 12, AgeUnit.YEARS, "11.5", "15.5", "7.0", "20.0"),
                range("female", 12, 18, AgeUnit.YEARS, "12.0", "16.0", "7.0", "20.0"),
                range("male", 12, 18, AgeUnit.YEARS, "13.0", "16.0", "7.0", "20.0"),
                range("female", 18, null, AgeUnit.YEARS, "12.0", "15.5", "7.0", "20.0"),
                range("male", 18, null, AgeUnit.YEARS, "13.5", "17.5", "7.0", "20.0"));
        ranges(tx, clinic, hbValue, hbRanges);

        UUID sugar = test(tx, clinic, "FBS", "Fasting blood sugar", "blood");
        UUID glucose = parameter(tx, clinic, sugar, 1, "Glucose (fasting)", "mg/dL", "70", "100");
        List<Range> glucoseRanges = List.of(range("any", 0, null, AgeUnit.YEARS, "70", "100", "50", "400"));
        ranges(tx, clinic, glucose, glucoseRanges);

        UUID creatinine = test(tx, clinic, "CREAT", "Serum creatinine", "blood");
        UUID creatinineValue = parameter(tx, clinic, creatinine, 1, "Creatinine", "mg/dL", "0.6", "1.3");
        ranges(tx, clinic, creatinineValue, List.of(
                range("any", 1, 12, AgeUnit.YEARS, "0.3", "0.7", null, null),
                range("any", 12, 18, AgeUnit.YEARS, "0.5", "1.0", null, null),
                range("female", 18, null, AgeUnit.YEARS, "0.5", "1.1", null, "7.0"),
                range("male", 18, null, AgeUnit.YEARS, "0.7", "1.3", null, "7.0")));

        // last week's visit had a haemoglobin test, done; a sugar test for another patient waits for the lab
        OffsetDateTime lastWeek = now.minusDays(7);
        UUID done = order(tx, clinic, patients.getFirst(), visit, hb, doctor, lastWeek, "completed", "", by);
        result(tx, clinic, done, hb, hbValue, patients.getFirst(), "11.4", "12.0", "17.5", hbRanges,
                lastWeek.plusHours(1), by);
        order(tx, clinic, patients.get(1), null, sugar, doctor, now.minusHours(2), "ordered",
                "Check for diabetes", by);
        UUID critical = order(tx, clinic, patients.get(2), null, sugar, doctor, lastWeek.plusDays(2), "completed",
                "Polyuria, weight loss", by);
        result(tx, clinic, critical, sugar, glucose, patients.get(2), "412", "70", "100", glucoseRanges,
                lastWeek.plusDays(2).plusHours(1), by);
        order(tx, clinic, patients.get(1), null, creatinine, doctor, now.minusHours(3),
                "sample_collected", "Known hypertensive", by);
    }

    private static Range range(String sex, int from, Integer to, AgeUnit unit, String low, String high,
                               String criticalLow, String criticalHigh) {
        return new Range(sex, from, to, unit, new BigDecimal(low), new BigDecimal(high),
                criticalLow == null ? null : new BigDecimal(criticalLow),
                criticalHigh == null ? null : new BigDecimal(criticalHigh));
    }

    private static UUID test(DSLContext tx, ClinicId clinic, String code, String name, String sample) {
        UUID id = Ids.newId();
        tx.insertInto(LAB_TEST).set(LAB_TEST.CLINIC_ID, clinic.value()).set(LAB_TEST.ID, id).set(LAB_TEST.CODE, code)
                .set(LAB_TEST.NAME, name).set(LAB_TEST.SAMPLE_TYPE, sample).execute();
        return id;
    }

    private static UUID parameter(DSLContext tx, ClinicId clinic, UUID test, int position, String name, String unit,
                                  String low, String high) {
        UUID id = Ids.newId();
        tx.insertInto(LAB_TEST_PARAMETER).set(LAB_TEST_PARAMETER.CLINIC_ID, clinic.value())
                .set(LAB_TEST_PARAMETER.ID, id).set(LAB_TEST_PARAMETER.LAB_TEST_ID, test)
                .set(LAB_TEST_PARAMETER.POSITION, (short) position).set(LAB_TEST_PARAMETER.NAME, name)
                .set(LAB_TEST_PARAMETER.UNIT, unit).set(LAB_TEST_PARAMETER.NORMAL_LOW, new BigDecimal(low))
                .set(LAB_TEST_PARAMETER.NORMAL_HIGH, new BigDecimal(high)).execute();
        return id;
    }

    private static void ranges(DSLContext tx, ClinicId clinic, UUID parameter, List<Range> ranges) {
        short position = 0;
        for (Range r : ranges) {
            tx.insertInto(LAB_REFERENCE_RANGE).set(LAB_REFERENCE_RANGE.CLINIC_ID, clinic.value())
                    .set(LAB_REFERENCE_RANGE.ID, Ids.newId()).set(LAB_REFERENCE_RANGE.PARAMETER_ID, parameter)
                    .set(LAB_REFERENCE_RANGE.POSITION, ++position).set(LAB_REFERENCE_RANGE.SEX, r.sex())
                    .set(LAB_REFERENCE_RANGE.AGE_FROM, r.ageFrom()).set(LAB_REFERENCE_RANGE.AGE_TO, r.ageTo())
                    .set(LAB_REFERENCE_RANGE.AGE_UNIT, r.ageUnit().dbValue())
                    .set(LAB_REFERENCE_RANGE.NORMAL_LOW, r.normalLow()).set(LAB_REFERENCE_RANGE.NORMAL_HIGH, r.normalHigh())
                    .set(LAB_REFERENCE_RANGE.CRITICAL_LOW, r.criticalLow())
                    .set(LAB_REFERENCE_RANGE.CRITICAL_HIGH, r.criticalHigh())
                    .execute();
        }
    }

    private static UUID order(DSLContext tx, ClinicId clinic, UUID patient, UUID visit, UUID test, UUID doctor,
                              OffsetDateTime orderedAt, String status, String notes, UUID by) {
        UUID id = Ids.newId();
        boolean collected = !status.equals("ordered");
        boolean completed = status.equals("completed");
        tx.insertInto(TEST_ORDER).set(TEST_ORDER.CLINIC_ID, clinic.value()).set(TEST_ORDER.ID, id)
                .set(TEST_ORDER.PATIENT_ID, patient).set(TEST_ORDER.VISIT_ID, visit).set(TEST_ORDER.LAB_TEST_ID, test)
                .set(TEST_ORDER.ORDERED_BY, doctor).set(TEST_ORDER.ORDERED_AT, orderedAt).set(TEST_ORDER.STATUS, status)
                .set(TEST_ORDER.CLINICAL_NOTES, notes)
                .set(TEST_ORDER.SAMPLE_COLLECTED_AT, collected ? orderedAt.plusHours(1) : null)
                .set(TEST_ORDER.SAMPLE_COLLECTED_BY, collected ? by : null)
                .set(TEST_ORDER.COMPLETED_AT, completed ? orderedAt.plusHours(5) : null)
                .set(TEST_ORDER.COMPLETED_BY, completed ? by : null)
                .execute();
        return id;
    }

    /** A value judged as the lab's page judges it: by the range that fits the patient on the day of collection. */
    private static void result(DSLContext tx, ClinicId clinic, UUID order, UUID test, UUID parameter, UUID patient,
                               String value, String generalLow, String generalHigh, List<Range> ranges,
                               OffsetDateTime collectedAt, UUID by) {
        var who = tx.select(PATIENT.GENDER, PATIENT.DATE_OF_BIRTH).from(PATIENT)
                .where(PATIENT.CLINIC_ID.eq(clinic.value()), PATIENT.ID.eq(patient)).fetchSingle();
        LocalDate on = collectedAt.withOffsetSameInstant(ZoneOffset.ofHoursMinutes(5, 30)).toLocalDate();
        ReferenceRanges.Applied range = ReferenceRanges.choose(new BigDecimal(generalLow), new BigDecimal(generalHigh),
                ranges, who.value1(), who.value2(), on);
        BigDecimal number = new BigDecimal(value);
        ResultFlag flag = range.flag(number);
        tx.insertInto(TEST_RESULT).set(TEST_RESULT.CLINIC_ID, clinic.value()).set(TEST_RESULT.ID, Ids.newId())
                .set(TEST_RESULT.TEST_ORDER_ID, order).set(TEST_RESULT.LAB_TEST_ID, test)
                .set(TEST_RESULT.PARAMETER_ID, parameter).set(TEST_RESULT.VALUE_NUMERIC, number)
                .set(TEST_RESULT.IS_ABNORMAL, flag.abnormal()).set(TEST_RESULT.FLAG, flag.dbValue())
                .set(TEST_RESULT.REFERENCE_LOW, range.low()).set(TEST_RESULT.REFERENCE_HIGH, range.high())
                .set(TEST_RESULT.REFERENCE_NOTE, range.note())
                .set(TEST_RESULT.ENTERED_BY, by).set(TEST_RESULT.ENTERED_AT, collectedAt.plusHours(4)).execute();
    }
}
