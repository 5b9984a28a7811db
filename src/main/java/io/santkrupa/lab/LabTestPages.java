package io.santkrupa.lab;

import io.javalin.http.Context;
import io.santkrupa.audit.AuditContext;
import io.santkrupa.db.ClinicId;
import io.santkrupa.web.CatalogPages;
import io.santkrupa.web.Form;
import org.jooq.DSLContext;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * The lab test catalog's pages, as {@link CatalogPages} runs every catalog: what is particular to
 * lab tests. A test and its parameters are one form: a row per parameter, plus a few empty rows
 * to add more.
 */
public final class LabTestPages implements CatalogPages.Kind<LabTestCatalog.LabTest, LabTestPages.Fields> {

    private static final int EMPTY_ROWS_NEW = 5;
    private static final int EMPTY_ROWS_EDIT = 3;
    private static final int MAX_ROWS = 60;
    /** Empty rows under a parameter's ranges by sex and age, to add more. */
    private static final int EMPTY_RANGES = 2;

    /** A test's fields and its parameter rows, as typed and checked. */
    public record Fields(LabTestCatalog.LabTestFields test, List<LabTestCatalog.ParameterFields> parameters) {
    }

    private final LabTestCatalog catalog;

    public LabTestPages(LabTestCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public String path() {
        return "lab-tests";
    }

    @Override
    public String idParam() {
        return "labTestId";
    }

    @Override
    public String listTemplate() {
        return "catalog/lab-tests";
    }

    @Override
    public String entryTemplate() {
        return "catalog/lab-test";
    }

    @Override
    public String plural() {
        return "Lab tests";
    }

    @Override
    public String singular() {
        return "lab test";
    }

    @Override
    public String modelName() {
        return "test";
    }

    @Override
    public List<LabTestCatalog.LabTest> list(DSLContext tx, ClinicId clinic, String query, Boolean active, UUID after,
                                             int limit) {
        return LabTestCatalog.list(tx, clinic, query, active, after, limit);
    }

    @Override
    public Optional<LabTestCatalog.LabTest> find(DSLContext tx, ClinicId clinic, UUID id) {
        return LabTestCatalog.find(tx, clinic, id);
    }

    @Override
    public UUID id(LabTestCatalog.LabTest test) {
        return test.id();
    }

    @Override
    public String name(LabTestCatalog.LabTest test) {
        return test.name();
    }

    @Override
    public Form blankForm() {
        Form form = Form.of(Map.of("sampleType", "blood", LabTestCatalog.ROWS, EMPTY_ROWS_NEW));
        for (int row = 0; row < EMPTY_ROWS_NEW; row++) {
            emptyRanges(form, row, 0);
        }
        return form;
    }

    /** {@link #EMPTY_RANGES} empty range rows after the {@code filled} ones of parameter row {@code row}. */
    private static void emptyRanges(Form form, int row, int filled) {
        form.put(LabTestCatalog.rangeRows(row), String.valueOf(filled + EMPTY_RANGES));
        for (int i = filled; i < filled + EMPTY_RANGES; i++) {
            form.put(LabTestCatalog.rangeField("sex", row, i), "any");
            form.put(LabTestCatalog.rangeField("unit", row, i), "years");
        }
    }

    @Override
    public Form formOf(DSLContext tx, ClinicId clinic, LabTestCatalog.LabTest test) {
        List<LabTestCatalog.Parameter> parameters = LabTestCatalog.parameters(tx, clinic, test.id());
        Form form = Form.of(Map.of("code", test.code(), "name", test.name(), "sampleType", test.sampleType(),
                "description", test.description(), "price", amount(test.price()),
                "active", test.active() ? "on" : "", "version", test.version(),
                LabTestCatalog.ROWS, parameters.size() + EMPTY_ROWS_EDIT));
        Map<UUID, List<ReferenceRanges.Range>> ranges = LabTestCatalog.ranges(tx, clinic, test.id());
        int row = 0;
        for (LabTestCatalog.Parameter p : parameters) {
            form.put(LabTestCatalog.field("id", row), p.id().toString())
                    .put(LabTestCatalog.field("name", row), p.name())
                    .put(LabTestCatalog.field("unit", row), p.unit())
                    .put(LabTestCatalog.field("low", row), amount(p.normalLow()))
                    .put(LabTestCatalog.field("high", row), amount(p.normalHigh()))
                    .put(LabTestCatalog.field("ref", row), p.referenceText());
            List<ReferenceRanges.Range> own = ranges.getOrDefault(p.id(), List.of());
            for (int i = 0; i < own.size(); i++) {
                ReferenceRanges.Range r = own.get(i);
                form.put(LabTestCatalog.rangeField("sex", row, i), r.sex())
                        .put(LabTestCatalog.rangeField("from", row, i), String.valueOf(r.ageFrom()))
                        .put(LabTestCatalog.rangeField("to", row, i), r.ageTo() == null ? "" : String.valueOf(r.ageTo()))
                        .put(LabTestCatalog.rangeField("unit", row, i), r.ageUnit().dbValue())
                        .put(LabTestCatalog.rangeField("low", row, i), amount(r.normalLow()))
                        .put(LabTestCatalog.rangeField("high", row, i), amount(r.normalHigh()))
                        .put(LabTestCatalog.rangeField("clow", row, i), amount(r.criticalLow()))
                        .put(LabTestCatalog.rangeField("chigh", row, i), amount(r.criticalHigh()));
            }
            emptyRanges(form, row, own.size());
            row++;
        }
        for (; row < parameters.size() + EMPTY_ROWS_EDIT; row++) {
            emptyRanges(form, row, 0);
        }
        return form;
    }

    /** The test's fields and every parameter row the form says it has. */
    @Override
    public Form read(Context ctx) {
        int rows = rows(ctx.formParam(LabTestCatalog.ROWS));
        List<String> names = new ArrayList<>(LabTestCatalog.FIELDS);
        names.add("version");
        for (int row = 0; row < rows; row++) {
            for (String kind : LabTestCatalog.PARAMETER_FIELDS) {
                names.add(LabTestCatalog.field(kind, row));
            }
            names.add(LabTestCatalog.rangeRows(row));
            int ranges = Math.clamp(rows(ctx.formParam(LabTestCatalog.rangeRows(row))), 0, LabTestCatalog.MAX_RANGES + 5);
            for (int i = 0; i < ranges; i++) {
                for (String kind : LabTestCatalog.RANGE_FIELDS) {
                    names.add(LabTestCatalog.rangeField(kind, row, i));
                }
            }
        }
        Form form = Form.from(ctx, names.toArray(String[]::new));
        form.put(LabTestCatalog.ROWS, String.valueOf(rows));
        return form;
    }

    @Override
    public Fields validate(Form form, boolean creating) {
        return new Fields(LabTestCatalog.validate(form, creating), LabTestCatalog.parameters(form));
    }

    @Override
    public UUID create(ClinicId clinic, AuditContext who, Fields fields) {
        return catalog.create(clinic, who, fields.test(), fields.parameters());
    }

    @Override
    public boolean update(ClinicId clinic, AuditContext who, UUID id, int version, Fields fields) {
        return catalog.update(clinic, who, id, version, fields.test(), fields.parameters()) == LabTestCatalog.Edit.SAVED;
    }

    /**
     * The rows to show: every parameter row, and under each its range rows (a row sent back
     * keeps as many as were sent; a refused form gets no new empty ones).
     */
    @Override
    public Map<String, Object> extras(Form form) {
        int rows = Integer.parseInt(form.value(LabTestCatalog.ROWS));
        Map<Integer, List<Integer>> rangeIndexes = new java.util.HashMap<>();
        Map<Integer, Integer> rangesFilled = new java.util.HashMap<>();
        Map<Integer, Boolean> rangesOpen = new java.util.HashMap<>();
        for (int row = 0; row < rows; row++) {
            int count = Math.max(0, LabTestCatalog.rangeRowCount(form, row));
            int r = row;
            rangeIndexes.put(row, IntStream.range(0, count).boxed().toList());
            rangesFilled.put(row, (int) IntStream.range(0, count).filter(i -> List.of("from", "to", "low", "high")
                    .stream().anyMatch(kind -> !form.value(LabTestCatalog.rangeField(kind, r, i)).isEmpty())).count());
            rangesOpen.put(row, IntStream.range(0, count).anyMatch(i -> LabTestCatalog.RANGE_FIELDS.stream()
                    .anyMatch(kind -> form.hasError(LabTestCatalog.rangeField(kind, r, i)))));
        }
        return Map.of("rowIndexes", IntStream.range(0, rows).boxed().toList(), "sampleTypes", LabTestCatalog.SAMPLE_TYPES,
                "rangeIndexes", rangeIndexes, "rangesFilled", rangesFilled, "rangesOpen", rangesOpen,
                "sexes", ReferenceRanges.SEXES, "ageUnits", AGE_UNITS);
    }

    private static final Map<String, String> AGE_UNITS = ageUnits();

    private static Map<String, String> ageUnits() {
        Map<String, String> units = new java.util.LinkedHashMap<>();
        units.put("years", "years");
        units.put("months", "months");
        units.put("days", "days");
        return java.util.Collections.unmodifiableMap(units);
    }

    private static int rows(String value) {
        try {
            return Math.clamp(Integer.parseInt(value == null ? "" : value.strip()), 0, MAX_ROWS);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String amount(BigDecimal value) {
        return value == null ? "" : value.stripTrailingZeros().toPlainString();
    }
}
