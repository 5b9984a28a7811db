package io.santkrupa.lab;

import io.santkrupa.db.ClinicId;
import io.santkrupa.db.Ids;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST_PARAMETER;
import static io.santkrupa.db.jooq.santkrupa.Tables.STORED_FILE;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER_CORRECTION;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_RESULT;

/**
 * Test orders as the doctor sees them: ordering tests of the clinic's catalog for a visit, and
 * reading orders with their results (each value beside its parameter's normal range) in a
 * single statement per list.
 */
public final class TestOrders {

    /** Orders the lab still has to work on: the same test cannot be ordered twice in a visit meanwhile. */
    private static final List<String> PENDING = List.of("ordered", "sample_collected");

    public record CatalogTest(UUID id, String code, String name, String sampleType) {
    }

    /** A value with its flag and the range it was judged against ({@code referenceNote}: whom it is for). */
    public record ResultView(String parameter, String unit, String generalRange, BigDecimal valueNumeric,
                             String valueText, ResultFlag flag, BigDecimal referenceLow, BigDecimal referenceHigh,
                             String referenceNote) {
        /** The value as entered, with its unit. */
        public String value() {
            String shown = valueNumeric == null ? valueText : valueNumeric.stripTrailingZeros().toPlainString();
            return unit.isBlank() ? shown : shown + " " + unit;
        }

        /**
         * The range the value was judged against: "12 – 15.5 g/dL", "≥ 40", or the reference text
         * (the test's general range for a value stored without its range).
         */
        public String range() {
            String range = ReferenceRanges.bounds(referenceLow, referenceHigh);
            if (range.isEmpty()) {
                range = generalRange;
            }
            return unit.isBlank() || range.isEmpty() || valueNumeric == null ? range : range + " " + unit;
        }

        public boolean abnormal() {
            return flag.abnormal();
        }

        /** "Low", "Critical high", ...; "Normal" for a normal value. */
        public String flagLabel() {
            return flag.abnormal() ? flag.label() : "Normal";
        }
    }

    /** A correction of the order, as the doctor reads it. */
    public record CorrectionView(OffsetDateTime correctedAt, String reason, List<LabQueries.Change> changes) {
        public String earlierValues() {
            return new LabQueries.Correction(null, correctedAt, "", reason, changes, null, false).earlierValues();
        }
    }

    /** An order as the doctor reads it; {@code reportFileName} null: no report file attached. */
    public record OrderView(UUID id, OffsetDateTime orderedAt, UUID visitId, String testCode, String testName,
                            String status, String clinicalNotes, OffsetDateTime completedAt, String remarks,
                            String reportFileName, List<ResultView> results, List<CorrectionView> corrections) {
        public boolean hasReport() {
            return reportFileName != null;
        }

        public String statusLabel() {
            return LabQueries.statusLabel(status);
        }

        public boolean hasAbnormal() {
            return results.stream().anyMatch(ResultView::abnormal);
        }

        public boolean hasCritical() {
            return results.stream().anyMatch(r -> r.flag().critical());
        }

        public boolean corrected() {
            return !corrections.isEmpty();
        }
    }

    private TestOrders() {
    }

    /** The clinic's active lab tests, by name. */
    public static List<CatalogTest> activeCatalog(DSLContext tx, ClinicId clinic) {
        return tx.select(LAB_TEST.ID, LAB_TEST.CODE, LAB_TEST.NAME, LAB_TEST.SAMPLE_TYPE)
                .from(LAB_TEST)
                .where(LAB_TEST.CLINIC_ID.eq(clinic.value()), LAB_TEST.IS_ACTIVE.isTrue())
                .orderBy(DSL.lower(LAB_TEST.NAME))
                .fetch(r -> new CatalogTest(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /** Which of {@code ids} are active tests of the clinic's catalog. */
    public static Set<UUID> activeAmong(DSLContext tx, ClinicId clinic, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(tx.select(LAB_TEST.ID).from(LAB_TEST)
                .where(LAB_TEST.CLINIC_ID.eq(clinic.value()), LAB_TEST.ID.in(ids), LAB_TEST.IS_ACTIVE.isTrue())
                .fetch(LAB_TEST.ID));
    }

    /** The tests ordered in a visit that the lab has not completed or cancelled yet. */
    public static Set<UUID> pendingInVisit(DSLContext tx, ClinicId clinic, UUID visitId) {
        return new HashSet<>(tx.select(TEST_ORDER.LAB_TEST_ID).from(TEST_ORDER)
                .where(TEST_ORDER.CLINIC_ID.eq(clinic.value()), TEST_ORDER.VISIT_ID.eq(visitId),
                        TEST_ORDER.STATUS.in(PENDING))
                .fetch(TEST_ORDER.LAB_TEST_ID));
    }

    /** Orders each test for the visit's patient, status "ordered", in one statement; returns the new ids. */
    public static List<UUID> create(DSLContext tx, ClinicId clinic, UUID patientId, UUID visitId, UUID doctorId,
                                    List<UUID> labTests, String clinicalNotes, OffsetDateTime at) {
        var insert = tx.insertInto(TEST_ORDER, TEST_ORDER.CLINIC_ID, TEST_ORDER.ID, TEST_ORDER.PATIENT_ID,
                TEST_ORDER.VISIT_ID, TEST_ORDER.LAB_TEST_ID, TEST_ORDER.ORDERED_BY, TEST_ORDER.STATUS,
                TEST_ORDER.CLINICAL_NOTES, TEST_ORDER.ORDERED_AT, TEST_ORDER.UPDATED_AT);
        List<UUID> ids = new ArrayList<>();
        for (UUID labTest : labTests) {
            UUID id = Ids.newId();
            ids.add(id);
            insert = insert.values(clinic.value(), id, patientId, visitId, labTest, doctorId, "ordered", clinicalNotes,
                    at, at);
        }
        insert.execute();
        return ids;
    }

    /** The orders of one visit with their results, newest first. */
    public static List<OrderView> forVisit(DSLContext tx, ClinicId clinic, UUID visitId) {
        return list(tx, clinic, TEST_ORDER.VISIT_ID.eq(visitId), 50);
    }

    /**
     * A patient's test orders other than those of {@code exceptVisit}, with their results, newest
     * first, from just before the keyset ({@code beforeAt}, {@code beforeId}) when given.
     */
    public static List<OrderView> history(DSLContext tx, ClinicId clinic, UUID patientId, UUID exceptVisit,
                                          OffsetDateTime beforeAt, UUID beforeId, int limit) {
        // "IS DISTINCT FROM NULL" would drop the rows written outside a visit: no exception, no condition
        Condition where = TEST_ORDER.PATIENT_ID.eq(patientId).and(exceptVisit == null ? DSL.noCondition()
                : TEST_ORDER.VISIT_ID.isDistinctFrom(exceptVisit));
        if (beforeAt != null && beforeId != null) {
            where = where.and(DSL.row(TEST_ORDER.ORDERED_AT, TEST_ORDER.ID).lt(beforeAt, beforeId));
        }
        return list(tx, clinic, where, limit);
    }

    private static List<OrderView> list(DSLContext tx, ClinicId clinic, Condition where, int limit) {
        return tx.select(TEST_ORDER.ID, TEST_ORDER.ORDERED_AT, TEST_ORDER.VISIT_ID, LAB_TEST.CODE, LAB_TEST.NAME,
                        TEST_ORDER.STATUS, TEST_ORDER.CLINICAL_NOTES, TEST_ORDER.COMPLETED_AT, TEST_ORDER.REMARKS,
                        STORED_FILE.FILE_NAME, results(clinic), corrections(clinic))
                .from(TEST_ORDER)
                .join(LAB_TEST).on(LAB_TEST.CLINIC_ID.eq(TEST_ORDER.CLINIC_ID), LAB_TEST.ID.eq(TEST_ORDER.LAB_TEST_ID))
                .leftJoin(STORED_FILE).on(STORED_FILE.CLINIC_ID.eq(TEST_ORDER.CLINIC_ID),
                        STORED_FILE.ID.eq(TEST_ORDER.REPORT_FILE_ID))
                .where(TEST_ORDER.CLINIC_ID.eq(clinic.value()), where)
                .orderBy(TEST_ORDER.ORDERED_AT.desc(), TEST_ORDER.ID.desc())
                .limit(limit)
                .fetch(r -> new OrderView(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        r.value7(), r.value8(), r.value9(), r.value10(), r.value11(), r.value12()));
    }

    /** The results of the outer query's order, in the test's parameter order, as one nested collection. */
    static Field<List<ResultView>> results(ClinicId clinic) {
        return DSL.multiset(DSL.select(LAB_TEST_PARAMETER.NAME, LAB_TEST_PARAMETER.UNIT, LAB_TEST_PARAMETER.REFERENCE_TEXT,
                                LAB_TEST_PARAMETER.NORMAL_LOW, LAB_TEST_PARAMETER.NORMAL_HIGH, TEST_RESULT.VALUE_NUMERIC, TEST_RESULT.VALUE_TEXT, TEST_RESULT.FLAG,
                                TEST_RESULT.REFERENCE_LOW, TEST_RESULT.REFERENCE_HIGH, TEST_RESULT.REFERENCE_NOTE)
                        .from(TEST_RESULT)
                        .join(LAB_TEST_PARAMETER).on(LAB_TEST_PARAMETER.CLINIC_ID.eq(TEST_RESULT.CLINIC_ID),
                                LAB_TEST_PARAMETER.ID.eq(TEST_RESULT.PARAMETER_ID))
                        .where(TEST_RESULT.CLINIC_ID.eq(clinic.value()),
                                TEST_RESULT.CLINIC_ID.eq(TEST_ORDER.CLINIC_ID),
                                TEST_RESULT.TEST_ORDER_ID.eq(TEST_ORDER.ID))
                        .orderBy(LAB_TEST_PARAMETER.POSITION))
                .as("results")
                .convertFrom(rows -> rows.map(v -> new ResultView(v.value1(), v.value2(),
                        new LabQueries.Parameter(null, v.value1(), v.value2(), v.value4(), v.value5(), v.value3()).range(),
                        v.value6(), v.value7(), ResultFlag.fromDbValue(v.value8()), v.value9(), v.value10(), v.value11())));
    }

    /** The corrections of the outer query's order, newest first. */
    private static Field<List<CorrectionView>> corrections(ClinicId clinic) {
        return DSL.multiset(DSL.select(TEST_ORDER_CORRECTION.CORRECTED_AT, TEST_ORDER_CORRECTION.REASON,
                                TEST_ORDER_CORRECTION.CHANGES)
                        .from(TEST_ORDER_CORRECTION)
                        .where(TEST_ORDER_CORRECTION.CLINIC_ID.eq(clinic.value()),
                                TEST_ORDER_CORRECTION.CLINIC_ID.eq(TEST_ORDER.CLINIC_ID),
                                TEST_ORDER_CORRECTION.TEST_ORDER_ID.eq(TEST_ORDER.ID))
                        .orderBy(TEST_ORDER_CORRECTION.CORRECTED_AT.desc()))
                .as("corrections")
                .convertFrom(rows -> rows.map(v -> new CorrectionView(v.value1(), v.value2(),
                        LabQueries.changes(v.value3()))));
    }
}
