package io.santkrupa.lab;

import io.javalin.http.NotFoundResponse;
import io.santkrupa.audit.AuditContext;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.ConstraintViolations;
import io.santkrupa.db.Ids;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.db.TransactionWork;
import io.santkrupa.web.Form;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_REFERENCE_RANGE;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST;
import static io.santkrupa.db.jooq.santkrupa.Tables.LAB_TEST_PARAMETER;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_RESULT;

/**
 * The clinic's lab test catalog: each test with the parameters it measures (unit and normal
 * range, or a reference text for qualitative ones). A test and its parameters are saved
 * together, under the test's version. Tests are deactivated, never deleted; a parameter can
 * be removed only while no result refers to it.
 */
public final class LabTestCatalog {

    /** The sample types of lab_test_sample_type_valid (V012), with their labels. */
    public static final Map<String, String> SAMPLE_TYPES = sampleTypes();

    public record LabTest(UUID id, String code, String name, String sampleType, String description, BigDecimal price,
                          boolean active, int version, int parameterCount) {

        public String sampleTypeLabel() {
            return SAMPLE_TYPES.getOrDefault(sampleType, sampleType);
        }
    }

    public record Parameter(UUID id, int position, String name, String unit, BigDecimal normalLow,
                            BigDecimal normalHigh, String referenceText) {
    }

    public record LabTestFields(String code, String name, String sampleType, String description, BigDecimal price,
                                boolean active) {
    }

    /**
     * One parameter row of the form: {@code id} null for a new parameter, {@code remove} to
     * delete an existing one; {@code row} is the form's row, for messages. {@code ranges} are its
     * ranges by sex and age in their order, replacing the stored ones when {@code rangesGiven}
     * (the page always gives them; an API body may leave them out to keep them).
     */
    public record ParameterFields(int row, UUID id, String name, String unit, BigDecimal normalLow,
                                  BigDecimal normalHigh, String referenceText, boolean remove,
                                  List<ReferenceRanges.Range> ranges, boolean rangesGiven) {
        ParameterFields(int row, UUID id, String name, String unit, BigDecimal normalLow, BigDecimal normalHigh,
                        String referenceText, boolean remove) {
            this(row, id, name, unit, normalLow, normalHigh, referenceText, remove, List.of(), false);
        }
    }

    /** What an edit came to: saved, or refused because the test changed since {@code version} was read. */
    public enum Edit { SAVED, STALE }

    /** The fields of a test in the form, named as the API's JSON fields (parameters are rows of their own). */
    public static final List<String> FIELDS = List.of("code", "name", "sampleType", "description", "price", "active");
    /** The fields of a parameter row: {@code param_<kind>_<row>} in the form. */
    public static final List<String> PARAMETER_FIELDS = List.of("id", "name", "unit", "low", "high", "ref", "remove");
    /** The number of parameter rows in the form (its hidden field). */
    public static final String ROWS = "rows";
    /** The fields of a parameter's range row: {@code range_<kind>_<row>_<index>} in the form. */
    public static final List<String> RANGE_FIELDS = List.of("sex", "from", "to", "unit", "low", "high", "clow", "chigh",
            "remove");
    /** At most this many ranges by sex and age for one parameter. */
    public static final int MAX_RANGES = 20;

    /** The format of lab_test_code_format (V012). */
    private static final Pattern CODE = Pattern.compile("^[A-Z0-9_-]{1,20}$");
    private static final BigDecimal PRICE_LIMIT = new BigDecimal("100000000"); // numeric(10, 2)
    private static final BigDecimal RANGE_LIMIT = new BigDecimal("100000000"); // numeric(12, 4)

    private final TenantTransactions tenants;
    private final AuditLog audit;

    public LabTestCatalog(TenantTransactions tenants, AuditLog audit) {
        this.tenants = tenants;
        this.audit = audit;
    }

    /**
     * Tests in name order (names are unique in a clinic, so a keyset), after the test
     * {@code after}, each with its number of parameters: one statement whatever the rows.
     *
     * @param query  "" for all; else an exact code or the start of a name
     * @param active null for active and inactive alike
     */
    public static List<LabTest> list(DSLContext tx, ClinicId clinic, String query, Boolean active, UUID after,
                                     int limit) {
        List<Condition> where = new ArrayList<>();
        where.add(LAB_TEST.CLINIC_ID.eq(clinic.value()));
        if (!query.isEmpty()) {
            where.add(LAB_TEST.CODE.eq(query.toUpperCase()).or(DSL.lower(LAB_TEST.NAME).startsWith(query.toLowerCase())));
        }
        if (active != null) {
            where.add(LAB_TEST.IS_ACTIVE.eq(active));
        }
        if (after != null) {
            where.add(DSL.lower(LAB_TEST.NAME).gt(DSL.select(DSL.lower(LAB_TEST.NAME)).from(LAB_TEST)
                    .where(LAB_TEST.CLINIC_ID.eq(clinic.value()), LAB_TEST.ID.eq(after))));
        }
        Field<Integer> parameters = parameterCount();
        return tx.select(LAB_TEST.ID, LAB_TEST.CODE, LAB_TEST.NAME, LAB_TEST.SAMPLE_TYPE, LAB_TEST.DESCRIPTION,
                        LAB_TEST.PRICE, LAB_TEST.IS_ACTIVE, LAB_TEST.VERSION, parameters)
                .from(LAB_TEST)
                .where(where)
                .orderBy(DSL.lower(LAB_TEST.NAME))
                .limit(limit)
                .fetch(r -> new LabTest(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        r.value7(), r.value8(), r.value9()));
    }

    public static Optional<LabTest> find(DSLContext tx, ClinicId clinic, UUID id) {
        return tx.select(LAB_TEST.ID, LAB_TEST.CODE, LAB_TEST.NAME, LAB_TEST.SAMPLE_TYPE, LAB_TEST.DESCRIPTION,
                        LAB_TEST.PRICE, LAB_TEST.IS_ACTIVE, LAB_TEST.VERSION, parameterCount())
                .from(LAB_TEST)
                .where(LAB_TEST.CLINIC_ID.eq(clinic.value()), LAB_TEST.ID.eq(id))
                .fetchOptional(r -> new LabTest(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        r.value7(), r.value8(), r.value9()));
    }

    /** A test's parameters in their order. */
    public static List<Parameter> parameters(DSLContext tx, ClinicId clinic, UUID labTestId) {
        return tx.selectFrom(LAB_TEST_PARAMETER)
                .where(LAB_TEST_PARAMETER.CLINIC_ID.eq(clinic.value()), LAB_TEST_PARAMETER.LAB_TEST_ID.eq(labTestId))
                .orderBy(LAB_TEST_PARAMETER.POSITION)
                .fetch(p -> new Parameter(p.getId(), p.getPosition(), p.getName(), p.getUnit(), p.getNormalLow(),
                        p.getNormalHigh(), p.getReferenceText()));
    }

    /** The form field of a parameter row, e.g. param_name_2. */
    public static String field(String kind, int row) {
        return "param_" + kind + "_" + row;
    }

    /** The hidden field with the number of range rows of a parameter row, e.g. ranges_2. */
    public static String rangeRows(int row) {
        return "ranges_" + row;
    }

    /** The form field of a range row of a parameter row, e.g. range_low_2_0. */
    public static String rangeField(String kind, int row, int index) {
        return "range_" + kind + "_" + row + "_" + index;
    }

    /** The number of range rows a form says parameter row {@code row} has; -1 when it does not say. */
    public static int rangeRowCount(Form form, int row) {
        String value = form.value(rangeRows(row));
        if (value.isEmpty()) {
            return -1;
        }
        try {
            return Math.clamp(Integer.parseInt(value), 0, MAX_RANGES + 5);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The stored ranges by sex and age of a test's parameters, by parameter id. */
    public static Map<UUID, List<ReferenceRanges.Range>> ranges(DSLContext tx, ClinicId clinic, UUID labTestId) {
        return LabQueries.ranges(tx, clinic, labTestId);
    }

    /**
     * Checks a test's own fields as typed (the page's form and the API's body alike), recording
     * a message per invalid field on {@code form}; a new test is always active.
     */
    public static LabTestFields validate(Form form, boolean creating) {
        String code = form.value("code").toUpperCase(Locale.ROOT);
        form.put("code", code);
        if (code.isEmpty()) {
            form.error("code", "Code is required.");
        } else if (!CODE.matcher(code).matches()) {
            form.error("code", "Use up to 20 capital letters, digits, hyphens or underscores, e.g. CBC or LIPID-1.");
        }
        String name = form.required("name", "Name", 200);
        String sampleType = form.oneOf("sampleType", "Sample type", SAMPLE_TYPES.keySet());
        String description = form.optional("description", "Description", 2000);
        BigDecimal price = form.decimal("price", "Price", 2, BigDecimal.ZERO, PRICE_LIMIT).orElse(null);
        boolean active = creating || form.checked("active");
        return new LabTestFields(code, name, sampleType, description, price, active);
    }

    /**
     * The form's {@link #ROWS} parameter rows, checked: empty new rows are skipped, every kept row
     * is checked (messages at {@code param_<kind>_<row>}), an existing row ticked for removal is
     * passed on as a removal.
     */
    public static List<ParameterFields> parameters(Form form) {
        int rows = Integer.parseInt(form.value(ROWS));
        List<ParameterFields> parameters = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int row = 0; row < rows; row++) {
            UUID id = null;
            String rawId = form.value(field("id", row));
            if (!rawId.isEmpty()) {
                try {
                    id = UUID.fromString(rawId);
                } catch (IllegalArgumentException e) {
                    form.error(Form.WHOLE_FORM, "This form is incomplete. Reload the page and try again.");
                    continue;
                }
            }
            boolean remove = form.checked(field("remove", row));
            int r = row;
            boolean blank = List.of("name", "unit", "low", "high", "ref").stream()
                    .allMatch(kind -> form.value(field(kind, r)).isEmpty());
            if (id == null && (blank || remove)) {
                continue;
            }
            if (id != null && remove) {
                parameters.add(new ParameterFields(row, id, "", "", null, null, "", true));
                continue;
            }
            String name = form.required(field("name", row), "Parameter name", 100);
            if (!name.isEmpty() && !names.add(name.toLowerCase(Locale.ROOT))) {
                form.error(field("name", row), "Another parameter of this test has this name.");
            }
            String unit = form.optional(field("unit", row), "Unit", 30);
            BigDecimal low = form.decimal(field("low", row), "Normal low", 4, null, RANGE_LIMIT).orElse(null);
            BigDecimal high = form.decimal(field("high", row), "Normal high", 4, null, RANGE_LIMIT).orElse(null);
            if (low != null && high != null && low.compareTo(high) > 0) {
                form.error(field("high", row), "Normal high must not be below normal low.");
            }
            String reference = form.optional(field("ref", row), "Reference text", 200);
            int rangeRows = rangeRowCount(form, row);
            List<ReferenceRanges.Range> ranges = rangeRows < 0 ? List.of() : ranges(form, row, rangeRows);
            if (!ranges.isEmpty() && low == null && high == null && !form.hasError(field("low", row))
                    && !form.hasError(field("high", row))) {
                form.error(field("low", row), "Give the general normal range too: it is used for every patient "
                        + "no range by sex and age fits.");
            }
            parameters.add(new ParameterFields(row, id, name, unit, low, high, reference, false, ranges,
                    rangeRows >= 0));
        }
        return parameters;
    }

    /**
     * The checked range rows of parameter row {@code row}: empty rows and rows ticked for removal
     * are left out, every other is checked (messages at {@code range_<kind>_<row>_<index>}),
     * including that no two ranges for the same sex cover the same age.
     */
    private static List<ReferenceRanges.Range> ranges(Form form, int row, int count) {
        List<ReferenceRanges.Range> ranges = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            boolean blank = List.of("from", "to", "low", "high", "clow", "chigh").stream()
                    .allMatch(kind -> form.value(rangeField(kind, row, index)).isEmpty());
            if (blank || form.checked(rangeField("remove", row, i))) {
                continue;
            }
            String sexField = rangeField("sex", row, i);
            String sex = form.value(sexField);
            if (!ReferenceRanges.SEXES.containsKey(sex)) {
                form.error(sexField, "Choose anyone, female or male.");
            }
            ReferenceRanges.AgeUnit unit = ReferenceRanges.ageUnit(form.value(rangeField("unit", row, i)));
            if (unit == null) {
                form.error(rangeField("unit", row, i), "Choose years, months or days.");
                unit = ReferenceRanges.AgeUnit.YEARS;
            }
            Integer from = age(form, rangeField("from", row, i), unit);
            Integer to = age(form, rangeField("to", row, i), unit);
            if (from != null && to != null && to <= from) {
                form.error(rangeField("to", row, i), "Must be above the age from (the range is up to, not including, this age).");
            }
            BigDecimal low = form.decimal(rangeField("low", row, i), "Normal low", 4, null, RANGE_LIMIT).orElse(null);
            BigDecimal high = form.decimal(rangeField("high", row, i), "Normal high", 4, null, RANGE_LIMIT).orElse(null);
            BigDecimal criticalLow = form.decimal(rangeField("clow", row, i), "Critical low", 4, null, RANGE_LIMIT)
                    .orElse(null);
            BigDecimal criticalHigh = form.decimal(rangeField("chigh", row, i), "Critical high", 4, null, RANGE_LIMIT)
                    .orElse(null);
            String lowField = rangeField("low", row, i);
            if (low == null && high == null && !form.hasError(lowField) && !form.hasError(rangeField("high", row, i))) {
                form.error(lowField, "Give a normal low, a normal high or both.");
            }
            if (low != null && high != null && low.compareTo(high) > 0) {
                form.error(rangeField("high", row, i), "Normal high must not be below normal low.");
            }
            if (criticalLow != null && low != null && criticalLow.compareTo(low) >= 0) {
                form.error(rangeField("clow", row, i), "Critical low must be below the normal low.");
            }
            if (criticalHigh != null && high != null && criticalHigh.compareTo(high) <= 0) {
                form.error(rangeField("chigh", row, i), "Critical high must be above the normal high.");
            }
            if (criticalLow != null && criticalHigh != null && criticalLow.compareTo(criticalHigh) >= 0) {
                form.error(rangeField("chigh", row, i), "Critical high must be above critical low.");
            }
            if (form.hasError(sexField) || from == null || (to != null && to <= from)) {
                continue;
            }
            ReferenceRanges.Range range = new ReferenceRanges.Range(sex, from, to, unit, low, high, criticalLow,
                    criticalHigh);
            for (int other = 0; other < ranges.size(); other++) {
                if (range.overlaps(ranges.get(other))) {
                    form.error(rangeField("from", row, i), "Overlaps the range above for "
                            + ranges.get(other).appliesTo() + ": each patient must fit one range of their sex.");
                    break;
                }
            }
            ranges.add(range);
        }
        if (ranges.size() > MAX_RANGES) {
            form.error(field("name", row), "At most " + MAX_RANGES + " ranges by sex and age for one parameter.");
        }
        return ranges;
    }

    /** An age bound of a range row: 0 when blank for "from", null when blank for "to"; null with a message when wrong. */
    private static Integer age(Form form, String field, ReferenceRanges.AgeUnit unit) {
        String value = form.value(field);
        boolean from = field.startsWith("range_from_");
        if (value.isEmpty()) {
            return from ? 0 : null;
        }
        try {
            int age = Integer.parseInt(value);
            if (age < 0 || age > unit.max()) {
                form.error(field, "Give a whole number from 0 to " + unit.max() + ".");
                return null;
            }
            return age;
        } catch (NumberFormatException e) {
            form.error(field, "Give a whole number of " + unit.dbValue() + ", e.g. 18.");
            return null;
        }
    }

    /** Adds a test with its parameters; its id. */
    public UUID create(ClinicId clinic, AuditContext who, LabTestFields t, List<ParameterFields> parameters) {
        return write(clinic, tx -> {
            UUID id = Ids.newId();
            tx.insertInto(LAB_TEST)
                    .set(LAB_TEST.CLINIC_ID, clinic.value())
                    .set(LAB_TEST.ID, id)
                    .set(LAB_TEST.CODE, t.code())
                    .set(LAB_TEST.NAME, t.name())
                    .set(LAB_TEST.SAMPLE_TYPE, t.sampleType())
                    .set(LAB_TEST.DESCRIPTION, t.description())
                    .set(LAB_TEST.PRICE, t.price())
                    .set(LAB_TEST.IS_ACTIVE, t.active())
                    .execute();
            int position = 0;
            int ranges = 0;
            for (ParameterFields p : parameters) {
                if (p.id() == null && !p.remove()) {
                    UUID parameter = insertParameter(tx, clinic, id, ++position, p);
                    ranges += replaceRanges(tx, clinic, parameter, p.ranges());
                }
            }
            audit.record(tx, clinic, who, "lab_test.create", AuditLog.Outcome.SUCCESS, "lab_test", id,
                    "parameters: " + position + (ranges == 0 ? "" : ", ranges by sex and age: " + ranges));
            return id;
        });
    }

    /**
     * Changes a test and its parameters together, if the test is still at {@code version} and
     * every parameter id is still one of its parameters; 404 when the clinic has no such test.
     */
    public Edit update(ClinicId clinic, AuditContext who, UUID id, int version, LabTestFields t,
                       List<ParameterFields> parameters) {
        try {
            return write(clinic, tx -> updateIn(tx, clinic, who, id, version, t, parameters));
        } catch (StaleEdit e) {
            return Edit.STALE;
        }
    }

    private Edit updateIn(DSLContext tx, ClinicId clinic, AuditContext who, UUID id, int version, LabTestFields t,
                          List<ParameterFields> parameters) {
        LabTest before = find(tx, clinic, id).orElseThrow(NotFoundResponse::new);
        int updated = tx.update(LAB_TEST)
                .set(LAB_TEST.CODE, t.code())
                .set(LAB_TEST.NAME, t.name())
                .set(LAB_TEST.SAMPLE_TYPE, t.sampleType())
                .set(LAB_TEST.DESCRIPTION, t.description())
                .set(LAB_TEST.PRICE, t.price())
                .set(LAB_TEST.IS_ACTIVE, t.active())
                .set(LAB_TEST.UPDATED_AT, DSL.currentOffsetDateTime())
                .set(LAB_TEST.VERSION, LAB_TEST.VERSION.plus(1))
                .where(LAB_TEST.CLINIC_ID.eq(clinic.value()), LAB_TEST.ID.eq(id), LAB_TEST.VERSION.eq(version))
                .execute();
        if (updated == 0) {
            return Edit.STALE;
        }
        Map<UUID, Parameter> existing = parameters(tx, clinic, id).stream()
                .collect(Collectors.toMap(Parameter::id, Function.identity()));
        for (ParameterFields p : parameters) {
            if (p.id() != null && !existing.containsKey(p.id())) {
                throw new StaleEdit(); // rolls back the test's update
            }
        }
        List<ParameterFields> removed = parameters.stream().filter(p -> p.id() != null && p.remove()).toList();
        if (!removed.isEmpty()) {
            Set<UUID> used = Set.copyOf(tx.selectDistinct(TEST_RESULT.PARAMETER_ID).from(TEST_RESULT)
                    .where(TEST_RESULT.CLINIC_ID.eq(clinic.value()),
                            TEST_RESULT.PARAMETER_ID.in(removed.stream().map(ParameterFields::id).toList()))
                    .fetch(TEST_RESULT.PARAMETER_ID));
            for (ParameterFields p : removed) {
                if (used.contains(p.id())) {
                    throw new Form.Refused(field("remove", p.row()), "Results were recorded for "
                            + "this parameter, so it cannot be removed. Change its name or range instead.");
                }
            }
            tx.deleteFrom(LAB_TEST_PARAMETER)
                    .where(LAB_TEST_PARAMETER.CLINIC_ID.eq(clinic.value()), LAB_TEST_PARAMETER.LAB_TEST_ID.eq(id),
                            LAB_TEST_PARAMETER.ID.in(removed.stream().map(ParameterFields::id).toList()))
                    .execute();
        }
        int changedParameters = 0;
        int position = 0;
        for (Parameter kept : existing.values()) {
            boolean isRemoved = removed.stream().anyMatch(r -> r.id().equals(kept.id()));
            if (!isRemoved) {
                position = Math.max(position, kept.position());
            }
        }
        int added = 0;
        int rangesChanged = 0;
        Map<UUID, List<ReferenceRanges.Range>> storedRanges = ranges(tx, clinic, id);
        for (ParameterFields p : parameters) {
            if (p.remove()) {
                continue;
            }
            if (p.id() == null) {
                UUID parameter = insertParameter(tx, clinic, id, ++position, p);
                if (replaceRanges(tx, clinic, parameter, p.ranges()) > 0) {
                    rangesChanged++;
                }
                added++;
                continue;
            }
            if (p.rangesGiven() && !storedRanges.getOrDefault(p.id(), List.of()).equals(p.ranges())) {
                tx.deleteFrom(LAB_REFERENCE_RANGE)
                        .where(LAB_REFERENCE_RANGE.CLINIC_ID.eq(clinic.value()), LAB_REFERENCE_RANGE.PARAMETER_ID.eq(p.id()))
                        .execute();
                replaceRanges(tx, clinic, p.id(), p.ranges());
                rangesChanged++;
            }
            if (!same(existing.get(p.id()), p)) {
                tx.update(LAB_TEST_PARAMETER)
                        .set(LAB_TEST_PARAMETER.NAME, p.name())
                        .set(LAB_TEST_PARAMETER.UNIT, p.unit())
                        .set(LAB_TEST_PARAMETER.NORMAL_LOW, p.normalLow())
                        .set(LAB_TEST_PARAMETER.NORMAL_HIGH, p.normalHigh())
                        .set(LAB_TEST_PARAMETER.REFERENCE_TEXT, p.referenceText())
                        .where(LAB_TEST_PARAMETER.CLINIC_ID.eq(clinic.value()),
                                LAB_TEST_PARAMETER.LAB_TEST_ID.eq(id), LAB_TEST_PARAMETER.ID.eq(p.id()))
                        .execute();
                changedParameters++;
            }
        }
        List<String> changed = new ArrayList<>();
        changed(changed, "code", before.code(), t.code());
        changed(changed, "name", before.name(), t.name());
        changed(changed, "sample_type", before.sampleType(), t.sampleType());
        changed(changed, "description", before.description(), t.description());
        if (!sameAmount(before.price(), t.price())) {
            changed.add("price");
        }
        if (before.active() != t.active()) {
            changed.add(t.active() ? "reactivated" : "deactivated");
        }
        String detail = (changed.isEmpty() ? "no change to the test" : "changed: " + String.join(", ", changed))
                + "; parameters added " + added + ", changed " + changedParameters + ", removed " + removed.size()
                + (rangesChanged == 0 ? "" : "; ranges by sex and age changed for " + rangesChanged + " parameter(s)");
        audit.record(tx, clinic, who, "lab_test.update", AuditLog.Outcome.SUCCESS, "lab_test", id, detail);
        return Edit.SAVED;
    }

    /** Inserts {@code ranges} as the parameter's (it has none now), in their order; how many. */
    private static int replaceRanges(DSLContext tx, ClinicId clinic, UUID parameter, List<ReferenceRanges.Range> ranges) {
        int position = 0;
        for (ReferenceRanges.Range r : ranges) {
            tx.insertInto(LAB_REFERENCE_RANGE)
                    .set(LAB_REFERENCE_RANGE.CLINIC_ID, clinic.value())
                    .set(LAB_REFERENCE_RANGE.ID, Ids.newId())
                    .set(LAB_REFERENCE_RANGE.PARAMETER_ID, parameter)
                    .set(LAB_REFERENCE_RANGE.POSITION, (short) ++position)
                    .set(LAB_REFERENCE_RANGE.SEX, r.sex())
                    .set(LAB_REFERENCE_RANGE.AGE_FROM, r.ageFrom())
                    .set(LAB_REFERENCE_RANGE.AGE_TO, r.ageTo())
                    .set(LAB_REFERENCE_RANGE.AGE_UNIT, r.ageUnit().dbValue())
                    .set(LAB_REFERENCE_RANGE.NORMAL_LOW, r.normalLow())
                    .set(LAB_REFERENCE_RANGE.NORMAL_HIGH, r.normalHigh())
                    .set(LAB_REFERENCE_RANGE.CRITICAL_LOW, r.criticalLow())
                    .set(LAB_REFERENCE_RANGE.CRITICAL_HIGH, r.criticalHigh())
                    .execute();
        }
        return position;
    }

    private static UUID insertParameter(DSLContext tx, ClinicId clinic, UUID labTestId, int position, ParameterFields p) {
        UUID id = Ids.newId();
        tx.insertInto(LAB_TEST_PARAMETER)
                .set(LAB_TEST_PARAMETER.CLINIC_ID, clinic.value())
                .set(LAB_TEST_PARAMETER.ID, id)
                .set(LAB_TEST_PARAMETER.LAB_TEST_ID, labTestId)
                .set(LAB_TEST_PARAMETER.POSITION, (short) position)
                .set(LAB_TEST_PARAMETER.NAME, p.name())
                .set(LAB_TEST_PARAMETER.UNIT, p.unit())
                .set(LAB_TEST_PARAMETER.NORMAL_LOW, p.normalLow())
                .set(LAB_TEST_PARAMETER.NORMAL_HIGH, p.normalHigh())
                .set(LAB_TEST_PARAMETER.REFERENCE_TEXT, p.referenceText())
                .execute();
        return id;
    }

    private static boolean same(Parameter stored, ParameterFields p) {
        return stored.name().equals(p.name()) && stored.unit().equals(p.unit())
                && sameAmount(stored.normalLow(), p.normalLow()) && sameAmount(stored.normalHigh(), p.normalHigh())
                && stored.referenceText().equals(p.referenceText());
    }

    private static Field<Integer> parameterCount() {
        return DSL.field(DSL.selectCount().from(LAB_TEST_PARAMETER)
                .where(LAB_TEST_PARAMETER.CLINIC_ID.eq(LAB_TEST.CLINIC_ID), LAB_TEST_PARAMETER.LAB_TEST_ID.eq(LAB_TEST.ID)));
    }

    /** A parameter id that is not (or no longer) one of the test's: the form was opened at another state. */
    private static final class StaleEdit extends RuntimeException {
        StaleEdit() {
            super(null, null, false, false);
        }
    }

    private <T> T write(ClinicId clinic, TransactionWork<T> work) {
        try {
            return tenants.inClinic(clinic, work);
        } catch (DataAccessException e) {
            Optional<String> unique = ConstraintViolations.uniqueConstraintOf(e);
            if (unique.filter("lab_test_code_uk"::equals).isPresent()) {
                throw new Form.Refused("code", "Another test of this clinic has this code.");
            }
            if (unique.filter("lab_test_name_uk"::equals).isPresent()) {
                throw new Form.Refused("name", "Another test of this clinic has this name.");
            }
            if (ConstraintViolations.foreignKeyOf(e).filter("test_result_parameter_fk"::equals).isPresent()) {
                // a result arrived for a parameter between our check and its removal
                throw new Form.Refused(Form.WHOLE_FORM, "A result was just recorded for a parameter you removed, "
                        + "so nothing was saved. Reload the page and try again.");
            }
            throw e;
        }
    }

    private static void changed(List<String> changed, String field, String before, String after) {
        if (!Objects.equals(before, after)) {
            changed.add(field);
        }
    }

    private static boolean sameAmount(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    private static Map<String, String> sampleTypes() {
        Map<String, String> types = new LinkedHashMap<>();
        types.put("blood", "Blood");
        types.put("urine", "Urine");
        types.put("stool", "Stool");
        types.put("swab", "Swab");
        types.put("sputum", "Sputum");
        types.put("tissue", "Tissue");
        types.put("other", "Other");
        types.put("none", "None (no sample)");
        return Collections.unmodifiableMap(types);
    }
}
