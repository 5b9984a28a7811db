package io.santkrupa.lab;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.web.Form;
import io.santkrupa.web.Pages;
import io.santkrupa.web.PathIds;
import io.santkrupa.web.RequestContext;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * The clinic admin's lab test catalog pages: the list, a new test, a test's edit form. A test
 * and its parameters are one form: a row per parameter, plus a few empty rows to add more.
 */
public final class LabTestPages {

    private static final int PAGE_SIZE = 25;
    /** The format of lab_test_code_format (V012). */
    private static final Pattern CODE = Pattern.compile("^[A-Z0-9_-]{1,20}$");
    private static final BigDecimal PRICE_LIMIT = new BigDecimal("100000000"); // numeric(10, 2)
    private static final BigDecimal RANGE_LIMIT = new BigDecimal("100000000"); // numeric(12, 4)
    private static final int EMPTY_ROWS_NEW = 5;
    private static final int EMPTY_ROWS_EDIT = 3;
    private static final int MAX_ROWS = 60;
    private static final String[] TEST_FIELDS = {"code", "name", "sample_type", "description", "price", "is_active",
            "version", "rows"};
    private static final String[] PARAMETER_FIELDS = {"id", "name", "unit", "low", "high", "ref", "remove"};

    private final TenantTransactions tenants;
    private final LabTestCatalog catalog;
    private final Pages pages;

    public LabTestPages(TenantTransactions tenants, LabTestCatalog catalog, Pages pages) {
        this.tenants = tenants;
        this.catalog = catalog;
        this.pages = pages;
    }

    /** The form field of a parameter row, e.g. param_name_2. */
    static String field(String kind, int row) {
        return "param_" + kind + "_" + row;
    }

    /** GET /clinic/{slug}/catalog/lab-tests?q=&status=&after= */
    public void list(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        String q = param(ctx, "q");
        String query = q.length() > 100 ? q.substring(0, 100) : q;
        String status = switch (param(ctx, "status")) {
            case "inactive" -> "inactive";
            case "all" -> "all";
            default -> "active";
        };
        Boolean active = status.equals("all") ? null : status.equals("active");
        UUID after = PathIds.query(ctx, "after");
        List<LabTestCatalog.LabTest> found = tenants.readInClinic(clinic.id(),
                tx -> LabTestCatalog.list(tx, clinic.id(), query, active, after, PAGE_SIZE + 1));
        List<LabTestCatalog.LabTest> rows = found.stream().limit(PAGE_SIZE).toList();
        Map<String, Object> model = new HashMap<>();
        model.put("rows", rows);
        model.put("filters", Map.of("q", query, "status", status));
        model.put("next", found.size() > PAGE_SIZE ? rows.getLast().id().toString() : "");
        model.put("title", "Lab tests - Santkrupa");
        pages.render(ctx, "catalog/lab-tests", model);
    }

    /** GET /clinic/{slug}/catalog/lab-tests/new */
    public void newForm(Context ctx) {
        Form form = Form.of(Map.of("sample_type", "blood", "rows", EMPTY_ROWS_NEW));
        render(ctx, null, form, 200, "");
    }

    /** POST /clinic/{slug}/catalog/lab-tests */
    public void create(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        Form form = read(ctx);
        LabTestCatalog.LabTestFields fields = validate(form, true);
        List<LabTestCatalog.ParameterFields> parameters = parameters(form);
        if (form.hasErrors()) {
            render(ctx, null, form, Form.INVALID, "");
            return;
        }
        try {
            UUID id = catalog.create(clinic.id(), RequestContext.audit(ctx), fields, parameters);
            ctx.redirect(path(clinic, id) + "?done=created", HttpStatus.SEE_OTHER);
        } catch (Form.Refused refused) {
            render(ctx, null, refused.applyTo(form), Form.CONFLICT, "");
        }
    }

    /** GET /clinic/{slug}/catalog/lab-tests/{labTestId} */
    public void show(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID id = PathIds.of(ctx, "labTestId");
        record Loaded(LabTestCatalog.LabTest test, List<LabTestCatalog.Parameter> parameters) {
        }
        Loaded loaded = tenants.readInClinic(clinic.id(), tx -> LabTestCatalog.find(tx, clinic.id(), id)
                .map(test -> new Loaded(test, LabTestCatalog.parameters(tx, clinic.id(), id)))
                .orElseThrow(NotFoundResponse::new));
        LabTestCatalog.LabTest test = loaded.test();
        Form form = Form.of(Map.of("code", test.code(), "name", test.name(), "sample_type", test.sampleType(),
                "description", test.description(), "price", amount(test.price()),
                "is_active", test.active() ? "on" : "", "version", test.version(),
                "rows", loaded.parameters().size() + EMPTY_ROWS_EDIT));
        int row = 0;
        for (LabTestCatalog.Parameter p : loaded.parameters()) {
            form.put(field("id", row), p.id().toString())
                    .put(field("name", row), p.name())
                    .put(field("unit", row), p.unit())
                    .put(field("low", row), amount(p.normalLow()))
                    .put(field("high", row), amount(p.normalHigh()))
                    .put(field("ref", row), p.referenceText());
            row++;
        }
        String done = switch (param(ctx, "done")) {
            case "created" -> "The test was added to the catalog.";
            case "saved" -> "The test was saved.";
            default -> "";
        };
        render(ctx, test, form, 200, done);
    }

    /** POST /clinic/{slug}/catalog/lab-tests/{labTestId} */
    public void update(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID id = PathIds.of(ctx, "labTestId");
        LabTestCatalog.LabTest test = tenants.readInClinic(clinic.id(), tx -> LabTestCatalog.find(tx, clinic.id(), id))
                .orElseThrow(NotFoundResponse::new);
        Form form = read(ctx);
        LabTestCatalog.LabTestFields fields = validate(form, false);
        int version = form.version();
        List<LabTestCatalog.ParameterFields> parameters = parameters(form);
        if (form.hasErrors()) {
            render(ctx, test, form, Form.INVALID, "");
            return;
        }
        try {
            catalog.update(clinic.id(), RequestContext.audit(ctx), id, version, fields, parameters);
            ctx.redirect(path(clinic, id) + "?done=saved", HttpStatus.SEE_OTHER);
        } catch (Form.Refused refused) {
            render(ctx, test, refused.applyTo(form), Form.CONFLICT, "");
        }
    }

    /** The test's fields and every parameter row the form says it has. */
    private static Form read(Context ctx) {
        int rows = rows(ctx.formParam("rows"));
        List<String> names = new ArrayList<>(List.of(TEST_FIELDS));
        for (int row = 0; row < rows; row++) {
            for (String kind : PARAMETER_FIELDS) {
                names.add(field(kind, row));
            }
        }
        Form form = Form.from(ctx, names.toArray(String[]::new));
        form.put("rows", String.valueOf(rows));
        return form;
    }

    private static int rows(String value) {
        try {
            return Math.clamp(Integer.parseInt(value == null ? "" : value.strip()), 0, MAX_ROWS);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static LabTestCatalog.LabTestFields validate(Form form, boolean creating) {
        String code = form.value("code").toUpperCase(Locale.ROOT);
        form.put("code", code);
        if (code.isEmpty()) {
            form.error("code", "Code is required.");
        } else if (!CODE.matcher(code).matches()) {
            form.error("code", "Use up to 20 capital letters, digits, hyphens or underscores, e.g. CBC or LIPID-1.");
        }
        String name = form.required("name", "Name", 200);
        String sampleType = form.oneOf("sample_type", "Sample type", LabTestCatalog.SAMPLE_TYPES.keySet());
        String description = form.optional("description", "Description", 2000);
        BigDecimal price = form.decimal("price", "Price", 2, BigDecimal.ZERO, PRICE_LIMIT).orElse(null);
        boolean active = creating || form.checked("is_active");
        return new LabTestCatalog.LabTestFields(code, name, sampleType, description, price, active);
    }

    /** The parameter rows: empty new rows are skipped; every kept row is checked. */
    private static List<LabTestCatalog.ParameterFields> parameters(Form form) {
        int rows = Integer.parseInt(form.value("rows"));
        List<LabTestCatalog.ParameterFields> parameters = new ArrayList<>();
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
                parameters.add(new LabTestCatalog.ParameterFields(row, id, "", "", null, null, "", true));
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
            parameters.add(new LabTestCatalog.ParameterFields(row, id, name, unit, low, high, reference, false));
        }
        return parameters;
    }

    private void render(Context ctx, LabTestCatalog.LabTest test, Form form, int status, String done) {
        int rows = Integer.parseInt(form.value("rows"));
        ctx.status(status);
        Map<String, Object> model = new HashMap<>();
        model.put("test", test);
        model.put("form", form);
        model.put("rowIndexes", IntStream.range(0, rows).boxed().toList());
        model.put("sampleTypes", LabTestCatalog.SAMPLE_TYPES);
        model.put("done", done);
        model.put("title", (test == null ? "New lab test" : test.name()) + " - Santkrupa");
        pages.render(ctx, "catalog/lab-test", model);
    }

    private static String amount(BigDecimal value) {
        return value == null ? "" : value.stripTrailingZeros().toPlainString();
    }

    private static String path(CurrentClinic clinic, UUID id) {
        return "/clinic/" + clinic.slug() + "/catalog/lab-tests/" + id;
    }

    private static String param(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null ? "" : value.strip();
    }
}
