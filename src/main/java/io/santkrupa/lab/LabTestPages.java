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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * The clinic admin's lab test catalog pages: the list, a new test, a test's edit form. A test
 * and its parameters are one form: a row per parameter, plus a few empty rows to add more.
 */
public final class LabTestPages {

    private static final int PAGE_SIZE = 25;
    private static final int EMPTY_ROWS_NEW = 5;
    private static final int EMPTY_ROWS_EDIT = 3;
    private static final int MAX_ROWS = 60;

    private final TenantTransactions tenants;
    private final LabTestCatalog catalog;
    private final Pages pages;

    public LabTestPages(TenantTransactions tenants, LabTestCatalog catalog, Pages pages) {
        this.tenants = tenants;
        this.catalog = catalog;
        this.pages = pages;
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
        Form form = Form.of(Map.of("sampleType", "blood", LabTestCatalog.ROWS, EMPTY_ROWS_NEW));
        render(ctx, null, form, 200, "");
    }

    /** POST /clinic/{slug}/catalog/lab-tests */
    public void create(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        Form form = read(ctx);
        LabTestCatalog.LabTestFields fields = LabTestCatalog.validate(form, true);
        List<LabTestCatalog.ParameterFields> parameters = LabTestCatalog.parameters(form);
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
        Form form = Form.of(Map.of("code", test.code(), "name", test.name(), "sampleType", test.sampleType(),
                "description", test.description(), "price", amount(test.price()),
                "active", test.active() ? "on" : "", "version", test.version(),
                LabTestCatalog.ROWS, loaded.parameters().size() + EMPTY_ROWS_EDIT));
        int row = 0;
        for (LabTestCatalog.Parameter p : loaded.parameters()) {
            form.put(LabTestCatalog.field("id", row), p.id().toString())
                    .put(LabTestCatalog.field("name", row), p.name())
                    .put(LabTestCatalog.field("unit", row), p.unit())
                    .put(LabTestCatalog.field("low", row), amount(p.normalLow()))
                    .put(LabTestCatalog.field("high", row), amount(p.normalHigh()))
                    .put(LabTestCatalog.field("ref", row), p.referenceText());
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
        LabTestCatalog.LabTestFields fields = LabTestCatalog.validate(form, false);
        int version = form.version();
        List<LabTestCatalog.ParameterFields> parameters = LabTestCatalog.parameters(form);
        if (form.hasErrors()) {
            render(ctx, test, form, Form.INVALID, "");
            return;
        }
        try {
            if (catalog.update(clinic.id(), RequestContext.audit(ctx), id, version, fields, parameters)
                    == LabTestCatalog.Edit.STALE) {
                form.error(Form.WHOLE_FORM, "Someone else changed this test after you opened it, so nothing was "
                        + "saved. Reload the page to see the current values, then make your change again.");
                render(ctx, test, form, Form.CONFLICT, "");
                return;
            }
            ctx.redirect(path(clinic, id) + "?done=saved", HttpStatus.SEE_OTHER);
        } catch (Form.Refused refused) {
            render(ctx, test, refused.applyTo(form), Form.CONFLICT, "");
        }
    }

    /** The test's fields and every parameter row the form says it has. */
    private static Form read(Context ctx) {
        int rows = rows(ctx.formParam(LabTestCatalog.ROWS));
        List<String> names = new ArrayList<>(LabTestCatalog.FIELDS);
        names.add("version");
        for (int row = 0; row < rows; row++) {
            for (String kind : LabTestCatalog.PARAMETER_FIELDS) {
                names.add(LabTestCatalog.field(kind, row));
            }
        }
        Form form = Form.from(ctx, names.toArray(String[]::new));
        form.put(LabTestCatalog.ROWS, String.valueOf(rows));
        return form;
    }

    private static int rows(String value) {
        try {
            return Math.clamp(Integer.parseInt(value == null ? "" : value.strip()), 0, MAX_ROWS);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void render(Context ctx, LabTestCatalog.LabTest test, Form form, int status, String done) {
        int rows = Integer.parseInt(form.value(LabTestCatalog.ROWS));
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
