package io.santkrupa.lab;

import io.santkrupa.db.ClinicId;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST_PARAMETER;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.STORED_FILE;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_RESULT;

/**
 * The lab's reads. A lab technician sees test orders and only the patient data needed to run
 * them: name, code, age and sex -- no contact details, no clinical notes.
 */
public final class LabQueries {

    /** One order in the lab's work list or on its own page. */
    public record Order(UUID id, String status, OffsetDateTime orderedAt, String clinicalNotes, String remarks,
                        OffsetDateTime sampleCollectedAt, OffsetDateTime completedAt, UUID patientId, String patientCode,
                        String patientName, LocalDate dateOfBirth, boolean dateOfBirthApproximate, String gender,
                        UUID labTestId, String testCode,
                        String testName, String sampleType, String orderedBy, UUID reportFileId, String reportFileName,
                        int version) {

        public boolean awaitingSample() {
            return status.equals("ordered");
        }

        public boolean acceptingResults() {
            return status.equals("sample_collected");
        }
    }

    public record Parameter(UUID id, String name, String unit, BigDecimal normalLow, BigDecimal normalHigh,
                            String referenceText) {
        public boolean numeric() {
            return normalLow != null || normalHigh != null;
        }

        public String range() {
            if (normalLow != null && normalHigh != null) {
                return normalLow.stripTrailingZeros().toPlainString() + " – " + normalHigh.stripTrailingZeros().toPlainString();
            }
            if (normalLow != null) {
                return "≥ " + normalLow.stripTrailingZeros().toPlainString();
            }
            if (normalHigh != null) {
                return "≤ " + normalHigh.stripTrailingZeros().toPlainString();
            }
            return referenceText;
        }
    }

    public record Result(UUID parameterId, BigDecimal valueNumeric, String valueText, boolean abnormal) {
        public String display() {
            return valueNumeric != null ? valueNumeric.stripTrailingZeros().toPlainString() : valueText;
        }
    }

    /** A completed order with its values, for the patient's record. */
    public record CompletedTest(UUID orderId, String testName, OffsetDateTime completedAt, boolean hasReport,
                                String reportFileName, String remarks, List<ResultLine> lines) {
        public boolean anyAbnormal() {
            return lines.stream().anyMatch(ResultLine::abnormal);
        }
    }

    public record ResultLine(String parameter, String value, String unit, String range, boolean abnormal) {
    }

    private LabQueries() {
    }

    /**
     * The patient's latest completed tests with every value, in one query (the orders are limited
     * in a sub-select, the values come joined), so the record costs the same however long the history.
     */
    public static List<CompletedTest> completedForPatient(DSLContext tx, ClinicId clinic, UUID patientId,
                                                          io.santkrupa.web.KeysetCursor before, int limit) {
        var latest = DSL.select(TEST_ORDER.ID).from(TEST_ORDER)
                .where(TEST_ORDER.CLINIC_ID.eq(clinic.value()), TEST_ORDER.PATIENT_ID.eq(patientId),
                        TEST_ORDER.STATUS.eq("completed"),
                        before == null ? DSL.noCondition()
                                : DSL.row(TEST_ORDER.COMPLETED_AT, TEST_ORDER.ID).lt(before.at(), before.id()))
                .orderBy(TEST_ORDER.COMPLETED_AT.desc(), TEST_ORDER.ID.desc())
                .limit(limit);
        var rows = tx.select(TEST_ORDER.ID, LAB_TEST.NAME, TEST_ORDER.COMPLETED_AT, TEST_ORDER.REPORT_FILE_ID,
                        STORED_FILE.FILE_NAME, TEST_ORDER.REMARKS, LAB_TEST_PARAMETER.NAME, LAB_TEST_PARAMETER.UNIT,
                        LAB_TEST_PARAMETER.NORMAL_LOW, LAB_TEST_PARAMETER.NORMAL_HIGH, LAB_TEST_PARAMETER.REFERENCE_TEXT,
                        TEST_RESULT.VALUE_NUMERIC, TEST_RESULT.VALUE_TEXT, TEST_RESULT.IS_ABNORMAL)
                .from(TEST_ORDER)
                .join(LAB_TEST).on(LAB_TEST.CLINIC_ID.eq(TEST_ORDER.CLINIC_ID), LAB_TEST.ID.eq(TEST_ORDER.LAB_TEST_ID))
                .leftJoin(TEST_RESULT).on(TEST_RESULT.CLINIC_ID.eq(TEST_ORDER.CLINIC_ID),
                        TEST_RESULT.TEST_ORDER_ID.eq(TEST_ORDER.ID))
                .leftJoin(LAB_TEST_PARAMETER).on(LAB_TEST_PARAMETER.CLINIC_ID.eq(TEST_RESULT.CLINIC_ID),
                        LAB_TEST_PARAMETER.ID.eq(TEST_RESULT.PARAMETER_ID))
                .leftJoin(STORED_FILE).on(STORED_FILE.CLINIC_ID.eq(TEST_ORDER.CLINIC_ID),
                        STORED_FILE.ID.eq(TEST_ORDER.REPORT_FILE_ID))
                .where(TEST_ORDER.CLINIC_ID.eq(clinic.value()), TEST_ORDER.ID.in(latest))
                .orderBy(TEST_ORDER.COMPLETED_AT.desc(), TEST_ORDER.ID.desc(), LAB_TEST_PARAMETER.POSITION)
                .fetch();
        Map<UUID, CompletedTest> tests = new java.util.LinkedHashMap<>();
        for (var r : rows) {
            CompletedTest test = tests.computeIfAbsent(r.value1(), id -> new CompletedTest(id, r.value2(), r.value3(),
                    r.value4() != null, r.value5(), r.value6(), new java.util.ArrayList<>()));
            if (r.value7() != null) {
                Parameter parameter = new Parameter(null, r.value7(), r.value8(), r.value9(), r.value10(), r.value11());
                Result result = new Result(null, r.value12(), r.value13(), r.value14());
                test.lines().add(new ResultLine(parameter.name(), result.display(), parameter.unit(), parameter.range(),
                        result.abnormal()));
            }
        }
        return List.copyOf(tests.values());
    }

    /** The statuses of the orders the lab still has to work on: its work list. */
    public static final List<String> WORK_LIST_STATUSES = List.of("ordered", "sample_collected");

    /** Orders waiting for the lab, oldest first, after the given (ordered_at, id) cursor. */
    public static List<Order> pending(DSLContext tx, ClinicId clinic, OffsetDateTime afterAt, UUID afterId, int limit) {
        return pending(tx, clinic, WORK_LIST_STATUSES, afterAt, afterId, limit);
    }

    /** Orders in one of {@code statuses} (a subset of the work list's), oldest first, after the cursor. */
    public static List<Order> pending(DSLContext tx, ClinicId clinic, Collection<String> statuses,
                                      OffsetDateTime afterAt, UUID afterId, int limit) {
        Condition after = afterAt == null ? DSL.noCondition()
                : DSL.row(TEST_ORDER.ORDERED_AT, TEST_ORDER.ID).gt(afterAt, afterId);
        return orders(tx, clinic)
                .where(TEST_ORDER.CLINIC_ID.eq(clinic.value()), TEST_ORDER.STATUS.in(statuses), after)
                .orderBy(TEST_ORDER.ORDERED_AT, TEST_ORDER.ID)
                .limit(limit)
                .fetch(LabQueries::order);
    }

    public static Optional<Order> order(DSLContext tx, ClinicId clinic, UUID orderId) {
        return orders(tx, clinic)
                .where(TEST_ORDER.CLINIC_ID.eq(clinic.value()), TEST_ORDER.ID.eq(orderId))
                .fetchOptional(LabQueries::order);
    }

    /** Several orders by id (those that exist), oldest first. */
    public static List<Order> orders(DSLContext tx, ClinicId clinic, Collection<UUID> orderIds) {
        return orders(tx, clinic)
                .where(TEST_ORDER.CLINIC_ID.eq(clinic.value()), TEST_ORDER.ID.in(orderIds))
                .orderBy(TEST_ORDER.ORDERED_AT, TEST_ORDER.ID)
                .fetch(LabQueries::order);
    }

    /**
     * Locks an order for a write (writes to one order queue behind each other) and answers its
     * version; empty when the clinic has no such order.
     */
    public static Optional<Integer> lock(DSLContext tx, ClinicId clinic, UUID orderId) {
        return tx.select(TEST_ORDER.VERSION).from(TEST_ORDER)
                .where(TEST_ORDER.CLINIC_ID.eq(clinic.value()), TEST_ORDER.ID.eq(orderId))
                .forUpdate()
                .fetchOptional(TEST_ORDER.VERSION);
    }

    public static List<Parameter> parameters(DSLContext tx, ClinicId clinic, UUID labTestId) {
        return tx.select(LAB_TEST_PARAMETER.ID, LAB_TEST_PARAMETER.NAME, LAB_TEST_PARAMETER.UNIT,
                        LAB_TEST_PARAMETER.NORMAL_LOW, LAB_TEST_PARAMETER.NORMAL_HIGH, LAB_TEST_PARAMETER.REFERENCE_TEXT)
                .from(LAB_TEST_PARAMETER)
                .where(LAB_TEST_PARAMETER.CLINIC_ID.eq(clinic.value()), LAB_TEST_PARAMETER.LAB_TEST_ID.eq(labTestId))
                .orderBy(LAB_TEST_PARAMETER.POSITION)
                .fetch(r -> new Parameter(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6()));
    }

    public static Map<UUID, Result> results(DSLContext tx, ClinicId clinic, UUID orderId) {
        return tx.select(TEST_RESULT.PARAMETER_ID, TEST_RESULT.VALUE_NUMERIC, TEST_RESULT.VALUE_TEXT, TEST_RESULT.IS_ABNORMAL)
                .from(TEST_RESULT)
                .where(TEST_RESULT.CLINIC_ID.eq(clinic.value()), TEST_RESULT.TEST_ORDER_ID.eq(orderId))
                .fetch(r -> new Result(r.value1(), r.value2(), r.value3(), r.value4()))
                .stream().collect(Collectors.toMap(Result::parameterId, r -> r));
    }

    private static org.jooq.SelectOnConditionStep<? extends org.jooq.Record> orders(DSLContext tx, ClinicId clinic) {
        return tx.select(TEST_ORDER.ID, TEST_ORDER.STATUS, TEST_ORDER.ORDERED_AT, TEST_ORDER.CLINICAL_NOTES,
                        TEST_ORDER.REMARKS, TEST_ORDER.SAMPLE_COLLECTED_AT, TEST_ORDER.COMPLETED_AT, PATIENT.ID,
                        PATIENT.CODE, PATIENT.FIRST_NAME, PATIENT.LAST_NAME, PATIENT.DATE_OF_BIRTH,
                        PATIENT.DATE_OF_BIRTH_APPROXIMATE, PATIENT.GENDER,
                        LAB_TEST.ID, LAB_TEST.CODE, LAB_TEST.NAME, LAB_TEST.SAMPLE_TYPE, APP_USER.FULL_NAME,
                        TEST_ORDER.REPORT_FILE_ID, STORED_FILE.FILE_NAME, TEST_ORDER.VERSION)
                .from(TEST_ORDER)
                .join(PATIENT).on(PATIENT.CLINIC_ID.eq(TEST_ORDER.CLINIC_ID), PATIENT.ID.eq(TEST_ORDER.PATIENT_ID))
                .join(LAB_TEST).on(LAB_TEST.CLINIC_ID.eq(TEST_ORDER.CLINIC_ID), LAB_TEST.ID.eq(TEST_ORDER.LAB_TEST_ID))
                .join(DOCTOR).on(DOCTOR.CLINIC_ID.eq(TEST_ORDER.CLINIC_ID), DOCTOR.ID.eq(TEST_ORDER.ORDERED_BY))
                .join(APP_USER).on(APP_USER.CLINIC_ID.eq(DOCTOR.CLINIC_ID), APP_USER.ID.eq(DOCTOR.USER_ID))
                .leftJoin(STORED_FILE).on(STORED_FILE.CLINIC_ID.eq(TEST_ORDER.CLINIC_ID), STORED_FILE.ID.eq(TEST_ORDER.REPORT_FILE_ID));
    }

    private static Order order(org.jooq.Record r) {
        return new Order(r.get(TEST_ORDER.ID), r.get(TEST_ORDER.STATUS), r.get(TEST_ORDER.ORDERED_AT),
                r.get(TEST_ORDER.CLINICAL_NOTES), r.get(TEST_ORDER.REMARKS), r.get(TEST_ORDER.SAMPLE_COLLECTED_AT),
                r.get(TEST_ORDER.COMPLETED_AT), r.get(PATIENT.ID), r.get(PATIENT.CODE),
                r.get(PATIENT.FIRST_NAME) + " " + r.get(PATIENT.LAST_NAME), r.get(PATIENT.DATE_OF_BIRTH),
                r.get(PATIENT.DATE_OF_BIRTH_APPROXIMATE), r.get(PATIENT.GENDER), r.get(LAB_TEST.ID), r.get(LAB_TEST.CODE), r.get(LAB_TEST.NAME),
                r.get(LAB_TEST.SAMPLE_TYPE), r.get(APP_USER.FULL_NAME), r.get(TEST_ORDER.REPORT_FILE_ID),
                r.get(STORED_FILE.FILE_NAME), r.get(TEST_ORDER.VERSION));
    }
}
