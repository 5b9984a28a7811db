package io.santkrupa.lab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.santkrupa.db.ClinicId;
import io.santkrupa.web.Json;
import io.santkrupa.web.KeysetCursor;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_REFERENCE_RANGE;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST_PARAMETER;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.STORED_FILE;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER_CORRECTION;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_RESULT;

/**
 * The lab's reads. A lab technician sees test orders and only the patient data needed to run
 * them: name, code, age and sex -- no contact details, no clinical notes.
 */
public final class LabQueries {

    /** The words for an order's status wherever it is shown; the API keeps the codes. */
    public static String statusLabel(String status) {
        return switch (status) {
            case "ordered" -> "Ordered";
            case "sample_collected" -> "Sample collected";
            case "completed" -> "Completed";
            case "cancelled" -> "Cancelled";
            default -> status;
        };
    }

    /** One order in the lab's lists or on its own page; {@code correctedAt}: its latest correction, if any. */
    public record Order(UUID id, String status, OffsetDateTime orderedAt, String clinicalNotes, String remarks,
                        OffsetDateTime sampleCollectedAt, OffsetDateTime completedAt, UUID patientId, String patientCode,
                        String patientName, LocalDate dateOfBirth, boolean dateOfBirthApproximate, String gender,
                        UUID labTestId, String testCode,
                        String testName, String sampleType, String orderedBy, UUID reportFileId, String reportFileName,
                        int version, OffsetDateTime correctedAt) {

        public boolean awaitingSample() {
            return status.equals("ordered");
        }

        public boolean acceptingResults() {
            return status.equals("sample_collected");
        }

        public boolean completed() {
            return status.equals("completed");
        }

        public String statusLabel() {
            return LabQueries.statusLabel(status);
        }

        /** What the lab does next with it, in the work list. */
        public String nextStep() {
            return switch (status) {
                case "ordered" -> "Collect the sample";
                case "sample_collected" -> "Enter the results";
                default -> "";
            };
        }

        public String genderLabel() {
            return gender == null || gender.isEmpty() ? "" : gender.substring(0, 1).toUpperCase(Locale.ROOT)
                    + gender.substring(1);
        }

        public String sampleTypeLabel() {
            return LabTestCatalog.SAMPLE_TYPES.getOrDefault(sampleType, sampleType);
        }
    }

    public record Parameter(UUID id, String name, String unit, BigDecimal normalLow, BigDecimal normalHigh,
                            String referenceText) {
        public boolean numeric() {
            return normalLow != null || normalHigh != null;
        }

        /** The general range: "12 – 15.5", "≥ 40", "≤ 200", or the reference text. */
        public String range() {
            return numeric() ? ReferenceRanges.bounds(normalLow, normalHigh) : referenceText;
        }
    }

    /**
     * A stored value with its flag and the range it was judged against ({@code referenceNote}:
     * whom that range is for; empty for the general one).
     */
    public record Result(UUID parameterId, BigDecimal valueNumeric, String valueText, ResultFlag flag,
                         BigDecimal referenceLow, BigDecimal referenceHigh, String referenceNote) {
        public String display() {
            return valueNumeric != null ? ReferenceRanges.plain(valueNumeric) : valueText;
        }

        public boolean abnormal() {
            return flag.abnormal();
        }

        /**
         * The range as judged: its bounds, or {@code general} (the parameter's general range or
         * reference text) for a text result or a value stored without its range.
         */
        public String range(String general) {
            String bounds = ReferenceRanges.bounds(referenceLow, referenceHigh);
            return bounds.isEmpty() ? general : bounds;
        }
    }

    /** A correction of a completed order: who, when, why, and the values it replaced. */
    public record Correction(UUID id, OffsetDateTime correctedAt, String correctedBy, String reason,
                             List<Change> changes, String remarksBefore, boolean reportReplaced) {
        /** "Haemoglobin 11.2 g/dL (Low)": the values before the correction, as the report showed them. */
        public String earlierValues() {
            return changes.stream().map(c -> c.parameter() + " " + c.before() + (c.unit().isEmpty() ? "" : " " + c.unit())
                            + (c.beforeFlagLabel().isEmpty() ? "" : " (" + c.beforeFlagLabel() + ")"))
                    .collect(Collectors.joining(", "));
        }
    }

    /** One value a correction changed; "before" is "" when the parameter had no value. */
    public record Change(String parameter, String unit, String before, String beforeFlag, String after,
                         String afterFlag) {
        public String beforeFlagLabel() {
            return beforeFlag == null || beforeFlag.isEmpty() ? "" : ResultFlag.fromDbValue(beforeFlag).label();
        }

        public String afterFlagLabel() {
            return afterFlag == null || afterFlag.isEmpty() ? "" : ResultFlag.fromDbValue(afterFlag).label();
        }
    }

    /** A completed order with its values, for the patient's record; the latest correction, if any. */
    public record CompletedTest(UUID orderId, String testName, OffsetDateTime completedAt, boolean hasReport,
                                String reportFileName, String remarks, List<ResultLine> lines,
                                OffsetDateTime correctedAt, String correctionReason) {
        public boolean anyAbnormal() {
            return lines.stream().anyMatch(ResultLine::abnormal);
        }

        public boolean anyCritical() {
            return lines.stream().anyMatch(l -> l.flag().critical());
        }

        public boolean corrected() {
            return correctedAt != null;
        }
    }

    /** One value of a completed test: {@code range} as judged, {@code rangeNote} whom it is for. */
    public record ResultLine(String parameter, String value, String unit, String range, ResultFlag flag,
                             String rangeNote) {
        public boolean abnormal() {
            return flag.abnormal();
        }

        public String flagLabel() {
            return flag.label();
        }
    }

    /**
     * What the lab typed in its search, resolved to the patients and tests it names (a patient
     * code, the start of a patient's first or last name, a test's code or the start of its name).
     * {@code capped}: more patients matched than are searched; the lab should type more.
     */
    public record Search(String text, List<UUID> patients, List<UUID> tests, boolean capped) {
        public static final Search NONE = new Search("", List.of(), List.of(), false);

        public boolean active() {
            return !text.isEmpty();
        }

        Condition condition() {
            if (!active()) {
                return DSL.noCondition();
            }
            if (patients.isEmpty() && tests.isEmpty()) {
                return DSL.falseCondition();
            }
            Condition byPatient = patients.isEmpty() ? DSL.falseCondition() : TEST_ORDER.PATIENT_ID.in(patients);
            Condition byTest = tests.isEmpty() ? DSL.falseCondition() : TEST_ORDER.LAB_TEST_ID.in(tests);
            return byPatient.or(byTest);
        }
    }

    /** At most this many patients a name search looks at; more: "type more of the name". */
    static final int MAX_SEARCHED_PATIENTS = 200;
    private static final Pattern PATIENT_CODE = Pattern.compile("(?i)^PT-\\S+$");
    /** The highest code point: every key starting with p sorts below p followed by it (V019). */
    private static final String LAST_CHARACTER = new String(Character.toChars(Character.MAX_CODE_POINT));

    private LabQueries() {
    }

    /**
     * Resolves the search text: a patient code exactly; else patients whose first or last name
     * starts with it (the name keys of V019, compared with LEAKPROOF operators so the indexes
     * serve under RLS) and tests whose code is it or whose name starts with it.
     */
    public static Search search(DSLContext tx, ClinicId clinic, String query) {
        String q = query == null ? "" : query.strip().replaceAll("\\s+", " ");
        if (q.isEmpty()) {
            return Search.NONE;
        }
        if (q.length() > 100) {
            q = q.substring(0, 100);
        }
        if (PATIENT_CODE.matcher(q).matches()) {
            List<UUID> patients = tx.select(PATIENT.ID).from(PATIENT)
                    .where(PATIENT.CLINIC_ID.eq(clinic.value()), PATIENT.CODE.eq(q.toUpperCase(Locale.ROOT)))
                    .fetch(PATIENT.ID);
            return new Search(q, patients, List.of(), false);
        }
        int space = q.indexOf(' ');
        Condition name = space < 0
                ? startsWith(PATIENT.LAST_NAME_KEY, q).or(startsWith(PATIENT.FIRST_NAME_KEY, q))
                : startsWith(PATIENT.FIRST_NAME_KEY, q.substring(0, space))
                        .and(startsWith(PATIENT.LAST_NAME_KEY, q.substring(space + 1)))
                        .or(startsWith(PATIENT.LAST_NAME_KEY, q));
        List<UUID> patients = tx.select(PATIENT.ID).from(PATIENT)
                .where(PATIENT.CLINIC_ID.eq(clinic.value()), name)
                .limit(MAX_SEARCHED_PATIENTS + 1)
                .fetch(PATIENT.ID);
        boolean capped = patients.size() > MAX_SEARCHED_PATIENTS;
        // a clinic's catalog is a few dozen tests: no index needed for its names
        List<UUID> tests = tx.select(LAB_TEST.ID).from(LAB_TEST)
                .where(LAB_TEST.CLINIC_ID.eq(clinic.value()),
                        LAB_TEST.CODE.eq(q.toUpperCase(Locale.ROOT))
                                .or(DSL.lower(LAB_TEST.NAME).startsWith(q.toLowerCase(Locale.ROOT))))
                .fetch(LAB_TEST.ID);
        return new Search(q, capped ? patients.subList(0, MAX_SEARCHED_PATIENTS) : patients, tests, capped);
    }

    /** key starts with lower(prefix), lowered by the database exactly as the key was. */
    private static Condition startsWith(Field<String> key, String prefix) {
        return key.ge(DSL.lower(DSL.val(prefix))).and(key.lt(DSL.lower(DSL.val(prefix + LAST_CHARACTER))));
    }

    /**
     * The patient's latest completed tests with every value, in one query (the orders are limited
     * in a sub-select, the values come joined), so the record costs the same however long the history.
     */
    public static List<CompletedTest> completedForPatient(DSLContext tx, ClinicId clinic, UUID patientId,
                                                          KeysetCursor before, int limit) {
        var latest = DSL.select(TEST_ORDER.ID).from(TEST_ORDER)
                .where(TEST_ORDER.CLINIC_ID.eq(clinic.value()), TEST_ORDER.PATIENT_ID.eq(patientId),
                        TEST_ORDER.STATUS.eq("completed"),
                        before == null ? DSL.noCondition()
                                : DSL.row(TEST_ORDER.COMPLETED_AT, TEST_ORDER.ID).lt(before.at(), before.id()))
                .orderBy(TEST_ORDER.COMPLETED_AT.desc(), TEST_ORDER.ID.desc())
                .limit(limit);
        var latestCorrection = TEST_ORDER_CORRECTION.as("latest_correction");
        Field<OffsetDateTime> correctedAt = DSL.field(DSL.select(latestCorrection.CORRECTED_AT).from(latestCorrection)
                .where(latestCorrection.CLINIC_ID.eq(TEST_ORDER.CLINIC_ID), latestCorrection.TEST_ORDER_ID.eq(TEST_ORDER.ID))
                .orderBy(latestCorrection.CORRECTED_AT.desc()).limit(1));
        Field<String> correctionReason = DSL.field(DSL.select(latestCorrection.REASON).from(latestCorrection)
                .where(latestCorrection.CLINIC_ID.eq(TEST_ORDER.CLINIC_ID), latestCorrection.TEST_ORDER_ID.eq(TEST_ORDER.ID))
                .orderBy(latestCorrection.CORRECTED_AT.desc()).limit(1));
        var rows = tx.select(TEST_ORDER.ID, LAB_TEST.NAME, TEST_ORDER.COMPLETED_AT, TEST_ORDER.REPORT_FILE_ID,
                        STORED_FILE.FILE_NAME, TEST_ORDER.REMARKS, LAB_TEST_PARAMETER.NAME, LAB_TEST_PARAMETER.UNIT,
                        LAB_TEST_PARAMETER.REFERENCE_TEXT, LAB_TEST_PARAMETER.NORMAL_LOW, LAB_TEST_PARAMETER.NORMAL_HIGH,
                        TEST_RESULT.VALUE_NUMERIC, TEST_RESULT.VALUE_TEXT,
                        TEST_RESULT.FLAG, TEST_RESULT.REFERENCE_LOW, TEST_RESULT.REFERENCE_HIGH,
                        TEST_RESULT.REFERENCE_NOTE, correctedAt, correctionReason)
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
        Map<UUID, CompletedTest> tests = new LinkedHashMap<>();
        for (var r : rows) {
            CompletedTest test = tests.computeIfAbsent(r.value1(), id -> new CompletedTest(id, r.value2(), r.value3(),
                    r.value4() != null, r.value5(), r.value6(), new ArrayList<>(), r.value18(),
                    r.value19() == null ? "" : r.value19()));
            if (r.value7() != null) {
                Parameter parameter = new Parameter(null, r.value7(), r.value8(), r.value10(), r.value11(), r.value9());
                Result result = new Result(null, r.value12(), r.value13(), ResultFlag.fromDbValue(r.value14()),
                        r.value15(), r.value16(), r.value17());
                test.lines().add(new ResultLine(r.value7(), result.display(), r.value8(), result.range(parameter.range()),
                        result.flag(), result.referenceNote()));
            }
        }
        return List.copyOf(tests.values());
    }

    /** A completed order on the desk's list of lab reports to print: no values, they are on the printed report. */
    public record ReportRow(UUID orderId, String testName, String testCode, OffsetDateTime completedAt,
                            String reportFileName, boolean corrected) {
        public boolean hasReport() {
            return reportFileName != null;
        }
    }

    /** A patient's completed orders, newest first, from just before {@code before} when given; one statement. */
    public static List<ReportRow> reportsForPatient(DSLContext tx, ClinicId clinic, UUID patientId, KeysetCursor before,
                                                    int limit) {
        Field<Boolean> corrected = DSL.field(DSL.exists(DSL.selectOne().from(TEST_ORDER_CORRECTION)
                .where(TEST_ORDER_CORRECTION.CLINIC_ID.eq(TEST_ORDER.CLINIC_ID),
                        TEST_ORDER_CORRECTION.TEST_ORDER_ID.eq(TEST_ORDER.ID)))).as("corrected");
        return tx.select(TEST_ORDER.ID, LAB_TEST.NAME, LAB_TEST.CODE, TEST_ORDER.COMPLETED_AT, STORED_FILE.FILE_NAME,
                        corrected)
                .from(TEST_ORDER)
                .join(LAB_TEST).on(LAB_TEST.CLINIC_ID.eq(TEST_ORDER.CLINIC_ID), LAB_TEST.ID.eq(TEST_ORDER.LAB_TEST_ID))
                .leftJoin(STORED_FILE).on(STORED_FILE.CLINIC_ID.eq(TEST_ORDER.CLINIC_ID),
                        STORED_FILE.ID.eq(TEST_ORDER.REPORT_FILE_ID))
                .where(TEST_ORDER.CLINIC_ID.eq(clinic.value()), TEST_ORDER.PATIENT_ID.eq(patientId),
                        TEST_ORDER.STATUS.eq("completed"),
                        before == null ? DSL.noCondition()
                                : DSL.row(TEST_ORDER.COMPLETED_AT, TEST_ORDER.ID).lt(before.at(), before.id()))
                .orderBy(TEST_ORDER.COMPLETED_AT.desc(), TEST_ORDER.ID.desc())
                .limit(limit)
                .fetch(r -> new ReportRow(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6()));
    }

    /** The statuses of the orders the lab still has to work on: its work list. */
    public static final List<String> WORK_LIST_STATUSES = List.of("ordered", "sample_collected");

    /** Orders waiting for the lab, oldest first, after the given (ordered_at, id) cursor. */
    public static List<Order> pending(DSLContext tx, ClinicId clinic, OffsetDateTime afterAt, UUID afterId, int limit) {
        return pending(tx, clinic, WORK_LIST_STATUSES, Search.NONE, afterAt, afterId, limit);
    }

    /** Orders in one of {@code statuses} (a subset of the work list's), oldest first, after the cursor. */
    public static List<Order> pending(DSLContext tx, ClinicId clinic, Collection<String> statuses,
                                      OffsetDateTime afterAt, UUID afterId, int limit) {
        return pending(tx, clinic, statuses, Search.NONE, afterAt, afterId, limit);
    }

    /** The same, of the patients and tests {@code search} found. */
    public static List<Order> pending(DSLContext tx, ClinicId clinic, Collection<String> statuses, Search search,
                                      OffsetDateTime afterAt, UUID afterId, int limit) {
        Condition after = afterAt == null ? DSL.noCondition()
                : DSL.row(TEST_ORDER.ORDERED_AT, TEST_ORDER.ID).gt(afterAt, afterId);
        return orders(tx)
                .where(TEST_ORDER.CLINIC_ID.eq(clinic.value()), TEST_ORDER.STATUS.in(statuses), search.condition(), after)
                .orderBy(TEST_ORDER.ORDERED_AT, TEST_ORDER.ID)
                .limit(limit)
                .fetch(LabQueries::order);
    }

    /**
     * Completed orders, newest completion first, before the given (completed_at, id) cursor, of
     * the patients and tests {@code search} found (all when it is empty).
     */
    public static List<Order> completed(DSLContext tx, ClinicId clinic, Search search, OffsetDateTime beforeAt,
                                        UUID beforeId, int limit) {
        Condition before = beforeAt == null ? DSL.noCondition()
                : DSL.row(TEST_ORDER.COMPLETED_AT, TEST_ORDER.ID).lt(beforeAt, beforeId);
        return orders(tx)
                .where(TEST_ORDER.CLINIC_ID.eq(clinic.value()), TEST_ORDER.STATUS.eq("completed"), search.condition(),
                        before)
                .orderBy(TEST_ORDER.COMPLETED_AT.desc(), TEST_ORDER.ID.desc())
                .limit(limit)
                .fetch(LabQueries::order);
    }

    public static Optional<Order> order(DSLContext tx, ClinicId clinic, UUID orderId) {
        return orders(tx)
                .where(TEST_ORDER.CLINIC_ID.eq(clinic.value()), TEST_ORDER.ID.eq(orderId))
                .fetchOptional(LabQueries::order);
    }

    /** Several orders by id (those that exist), oldest first. */
    public static List<Order> orders(DSLContext tx, ClinicId clinic, Collection<UUID> orderIds) {
        return orders(tx)
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

    /** The ranges by sex and age of a test's parameters, by parameter id, each list in the catalog's order. */
    public static Map<UUID, List<ReferenceRanges.Range>> ranges(DSLContext tx, ClinicId clinic, UUID labTestId) {
        Map<UUID, List<ReferenceRanges.Range>> ranges = new LinkedHashMap<>();
        tx.select(LAB_REFERENCE_RANGE.PARAMETER_ID, LAB_REFERENCE_RANGE.SEX, LAB_REFERENCE_RANGE.AGE_FROM,
                        LAB_REFERENCE_RANGE.AGE_TO, LAB_REFERENCE_RANGE.AGE_UNIT, LAB_REFERENCE_RANGE.NORMAL_LOW,
                        LAB_REFERENCE_RANGE.NORMAL_HIGH, LAB_REFERENCE_RANGE.CRITICAL_LOW, LAB_REFERENCE_RANGE.CRITICAL_HIGH)
                .from(LAB_REFERENCE_RANGE)
                .join(LAB_TEST_PARAMETER).on(LAB_TEST_PARAMETER.CLINIC_ID.eq(LAB_REFERENCE_RANGE.CLINIC_ID),
                        LAB_TEST_PARAMETER.ID.eq(LAB_REFERENCE_RANGE.PARAMETER_ID))
                .where(LAB_REFERENCE_RANGE.CLINIC_ID.eq(clinic.value()), LAB_TEST_PARAMETER.LAB_TEST_ID.eq(labTestId))
                .orderBy(LAB_REFERENCE_RANGE.PARAMETER_ID, LAB_REFERENCE_RANGE.POSITION)
                .forEach(r -> ranges.computeIfAbsent(r.value1(), id -> new ArrayList<>()).add(new ReferenceRanges.Range(
                        r.value2(), r.value3(), r.value4(), ReferenceRanges.AgeUnit.fromDbValue(r.value5()), r.value6(),
                        r.value7(), r.value8(), r.value9())));
        return ranges;
    }

    /**
     * The range each parameter of the order's test is judged against for its patient, on the
     * day its sample was collected (today, in the clinic's time zone, before that).
     */
    public static Map<UUID, ReferenceRanges.Applied> applicableRanges(DSLContext tx, ClinicId clinic, Order order,
                                                                      List<Parameter> parameters, OffsetDateTime now) {
        Map<UUID, List<ReferenceRanges.Range>> ranges = ranges(tx, clinic, order.labTestId());
        LocalDate on = localDate(tx, clinic, order.sampleCollectedAt() != null ? order.sampleCollectedAt() : now);
        Map<UUID, ReferenceRanges.Applied> applied = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            applied.put(p.id(), p.numeric()
                    ? ReferenceRanges.choose(p.normalLow(), p.normalHigh(), ranges.getOrDefault(p.id(), List.of()),
                            order.gender(), order.dateOfBirth(), on)
                    : ReferenceRanges.Applied.NONE);
        }
        return applied;
    }

    /** The clinic's calendar day of {@code at}. */
    private static LocalDate localDate(DSLContext tx, ClinicId clinic, OffsetDateTime at) {
        String zone = tx.select(CLINIC.TIME_ZONE).from(CLINIC).where(CLINIC.ID.eq(clinic.value()))
                .fetchOptional(CLINIC.TIME_ZONE).orElse("UTC");
        return at.atZoneSameInstant(ZoneId.of(zone)).toLocalDate();
    }

    public static Map<UUID, Result> results(DSLContext tx, ClinicId clinic, UUID orderId) {
        return tx.select(TEST_RESULT.PARAMETER_ID, TEST_RESULT.VALUE_NUMERIC, TEST_RESULT.VALUE_TEXT, TEST_RESULT.FLAG,
                        TEST_RESULT.REFERENCE_LOW, TEST_RESULT.REFERENCE_HIGH, TEST_RESULT.REFERENCE_NOTE)
                .from(TEST_RESULT)
                .where(TEST_RESULT.CLINIC_ID.eq(clinic.value()), TEST_RESULT.TEST_ORDER_ID.eq(orderId))
                .fetch(r -> new Result(r.value1(), r.value2(), r.value3(), ResultFlag.fromDbValue(r.value4()), r.value5(),
                        r.value6(), r.value7()))
                .stream().collect(Collectors.toMap(Result::parameterId, r -> r));
    }

    /** The order's corrections, newest first. */
    public static List<Correction> corrections(DSLContext tx, ClinicId clinic, UUID orderId) {
        return tx.select(TEST_ORDER_CORRECTION.ID, TEST_ORDER_CORRECTION.CORRECTED_AT, APP_USER.FULL_NAME,
                        TEST_ORDER_CORRECTION.REASON, TEST_ORDER_CORRECTION.CHANGES, TEST_ORDER_CORRECTION.REMARKS_BEFORE,
                        TEST_ORDER_CORRECTION.REPORT_REPLACED)
                .from(TEST_ORDER_CORRECTION)
                .join(APP_USER).on(APP_USER.CLINIC_ID.eq(TEST_ORDER_CORRECTION.CLINIC_ID),
                        APP_USER.ID.eq(TEST_ORDER_CORRECTION.CORRECTED_BY))
                .where(TEST_ORDER_CORRECTION.CLINIC_ID.eq(clinic.value()), TEST_ORDER_CORRECTION.TEST_ORDER_ID.eq(orderId))
                .orderBy(TEST_ORDER_CORRECTION.CORRECTED_AT.desc(), TEST_ORDER_CORRECTION.ID.desc())
                .fetch(r -> new Correction(r.value1(), r.value2(), r.value3(), r.value4(), changes(r.value5()),
                        r.value6(), r.value7()));
    }

    static List<Change> changes(JSONB json) {
        if (json == null) {
            return List.of();
        }
        try {
            return Json.MAPPER.readValue(json.data(), new TypeReference<List<Change>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a correction's changes are not the JSON V042 describes", e);
        }
    }

    static JSONB changesJson(List<Change> changes) {
        return JSONB.valueOf(Json.write(changes));
    }

    private static org.jooq.SelectOnConditionStep<? extends org.jooq.Record> orders(DSLContext tx) {
        return tx.select(TEST_ORDER.ID, TEST_ORDER.STATUS, TEST_ORDER.ORDERED_AT, TEST_ORDER.CLINICAL_NOTES,
                        TEST_ORDER.REMARKS, TEST_ORDER.SAMPLE_COLLECTED_AT, TEST_ORDER.COMPLETED_AT, PATIENT.ID,
                        PATIENT.CODE, PATIENT.FIRST_NAME, PATIENT.LAST_NAME, PATIENT.DATE_OF_BIRTH,
                        PATIENT.DATE_OF_BIRTH_APPROXIMATE, PATIENT.GENDER,
                        LAB_TEST.ID, LAB_TEST.CODE, LAB_TEST.NAME, LAB_TEST.SAMPLE_TYPE, APP_USER.FULL_NAME,
                        TEST_ORDER.REPORT_FILE_ID, STORED_FILE.FILE_NAME, TEST_ORDER.VERSION, CORRECTED_AT)
                .from(TEST_ORDER)
                .join(PATIENT).on(PATIENT.CLINIC_ID.eq(TEST_ORDER.CLINIC_ID), PATIENT.ID.eq(TEST_ORDER.PATIENT_ID))
                .join(LAB_TEST).on(LAB_TEST.CLINIC_ID.eq(TEST_ORDER.CLINIC_ID), LAB_TEST.ID.eq(TEST_ORDER.LAB_TEST_ID))
                .join(DOCTOR).on(DOCTOR.CLINIC_ID.eq(TEST_ORDER.CLINIC_ID), DOCTOR.ID.eq(TEST_ORDER.ORDERED_BY))
                .join(APP_USER).on(APP_USER.CLINIC_ID.eq(DOCTOR.CLINIC_ID), APP_USER.ID.eq(DOCTOR.USER_ID))
                .leftJoin(STORED_FILE).on(STORED_FILE.CLINIC_ID.eq(TEST_ORDER.CLINIC_ID), STORED_FILE.ID.eq(TEST_ORDER.REPORT_FILE_ID));
    }

    /** The order's latest correction time, from the correction index. */
    private static final Field<OffsetDateTime> CORRECTED_AT = DSL.field(
            DSL.select(DSL.max(TEST_ORDER_CORRECTION.CORRECTED_AT)).from(TEST_ORDER_CORRECTION)
                    .where(TEST_ORDER_CORRECTION.CLINIC_ID.eq(TEST_ORDER.CLINIC_ID),
                            TEST_ORDER_CORRECTION.TEST_ORDER_ID.eq(TEST_ORDER.ID))).as("corrected_at");

    private static Order order(org.jooq.Record r) {
        return new Order(r.get(TEST_ORDER.ID), r.get(TEST_ORDER.STATUS), r.get(TEST_ORDER.ORDERED_AT),
                r.get(TEST_ORDER.CLINICAL_NOTES), r.get(TEST_ORDER.REMARKS), r.get(TEST_ORDER.SAMPLE_COLLECTED_AT),
                r.get(TEST_ORDER.COMPLETED_AT), r.get(PATIENT.ID), r.get(PATIENT.CODE),
                r.get(PATIENT.FIRST_NAME) + " " + r.get(PATIENT.LAST_NAME), r.get(PATIENT.DATE_OF_BIRTH),
                r.get(PATIENT.DATE_OF_BIRTH_APPROXIMATE), r.get(PATIENT.GENDER), r.get(LAB_TEST.ID), r.get(LAB_TEST.CODE), r.get(LAB_TEST.NAME),
                r.get(LAB_TEST.SAMPLE_TYPE), r.get(APP_USER.FULL_NAME), r.get(TEST_ORDER.REPORT_FILE_ID),
                r.get(STORED_FILE.FILE_NAME), r.get(TEST_ORDER.VERSION), r.get(CORRECTED_AT));
    }
}
