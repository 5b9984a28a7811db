package io.santkrupa.lab;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.web.Form;
import io.santkrupa.web.PathIds;
import io.santkrupa.web.RequestContext;
import io.santkrupa.web.api.ApiJson;
import io.santkrupa.web.api.ApiPaging;
import io.santkrupa.web.api.ApiParams;
import io.santkrupa.web.api.ApiProblem;
import io.santkrupa.web.api.ApiVersions;
import io.santkrupa.web.api.FieldError;
import io.santkrupa.web.api.JsonFields;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The lab test catalog over the API: list, read, add and edit a test together with its
 * parameters. The body's {@code parameters} array is the test's whole list: an item with the
 * {@code id} of one of the test's parameters changes it, an item without one adds a parameter,
 * and a parameter left out is removed (refused, 409, once results were recorded for it). The
 * items become the rows of the page's form, so the checks ({@link LabTestCatalog#validate},
 * {@link LabTestCatalog#parameters}), refusals and audit events are the page's own.
 */
public final class LabTestApi {

    /** A new test is always active, as on the page: {@code active} is for edits. */
    private static final Set<String> CREATE_FIELDS = Set.of("code", "name", "sampleType", "description", "price",
            "parameters");
    private static final Set<String> UPDATE_FIELDS = Set.of("code", "name", "sampleType", "description", "price",
            "active", "parameters");
    private static final Set<String> PARAMETER_FIELDS = Set.of("id", "name", "unit", "normalLow", "normalHigh",
            "referenceText", "ranges");
    private static final Set<String> RANGE_JSON_FIELDS = Set.of("sex", "ageFrom", "ageTo", "ageUnit", "normalLow",
            "normalHigh", "criticalLow", "criticalHigh");
    /** The JSON name of each kind of field of a range row of the form. */
    private static final Map<String, String> RANGE_ROW_FIELDS = Map.of("sex", "sex", "from", "ageFrom", "to", "ageTo",
            "unit", "ageUnit", "low", "normalLow", "high", "normalHigh", "clow", "criticalLow", "chigh", "criticalHigh");
    /** The JSON name of each kind of field of a parameter row of the form. */
    private static final Map<String, String> ROW_FIELDS = Map.of("id", "id", "name", "name", "unit", "unit",
            "low", "normalLow", "high", "normalHigh", "ref", "referenceText");
    /** As many parameters as the page's form holds rows. */
    private static final int MAX_PARAMETERS = 60;
    private static final int MAX_QUERY = 100;
    /** Numbers read exactly (12.3456 stays 12.3456), for the form's decimal checks. */

    private final TenantTransactions tenants;
    private final LabTestCatalog catalog;

    public LabTestApi(TenantTransactions tenants, LabTestCatalog catalog) {
        this.tenants = tenants;
        this.catalog = catalog;
    }

    /** A test with its parameters, in their order, and their ranges by sex and age. */
    private record Loaded(LabTestCatalog.LabTest test, List<LabTestCatalog.Parameter> parameters,
                          Map<UUID, List<ReferenceRanges.Range>> ranges) {
    }

    /** GET /tests?q=&active=&limit=&cursor= -- q is an exact code or the start of a name; in name order. */
    public void list(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        String q = ApiParams.text(ctx, "q", MAX_QUERY);
        Boolean active = ApiParams.bool(ctx, "active");
        int limit = ApiPaging.limit(ctx);
        UUID after = ApiPaging.cursor(ctx, PathIds::parse).orElse(null);
        var found = tenants.readInClinic(clinic.id(),
                tx -> LabTestCatalog.list(tx, clinic.id(), q, active, after, limit + 1));
        ApiJson.ok(ctx, ApiPaging.page(found, limit, LabTestApi::summary, t -> t.id().toString()));
    }

    /** GET /tests/{labTestId} */
    public void show(Context ctx) {
        Loaded loaded = load(RequestContext.clinic(ctx).id(), PathIds.of(ctx, "labTestId"));
        ApiVersions.etag(ctx, loaded.test().version());
        ApiJson.ok(ctx, detail(loaded));
    }

    /** POST /tests -- 409 at {@code code} or {@code name} when another test of the clinic has it. */
    public void create(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        Body body = read(ctx, true, List.of());
        UUID id;
        try {
            id = catalog.create(clinic.id(), RequestContext.audit(ctx), body.test(), body.parameters());
        } catch (Form.Refused refused) {
            throw conflict(refused, body);
        }
        Loaded created = load(clinic.id(), id);
        ApiVersions.etag(ctx, created.test().version());
        ApiJson.created(ctx, "/clinic/" + clinic.slug() + "/api/v1/tests/" + id, detail(created));
    }

    /**
     * PUT /tests/{labTestId} with If-Match -- replaces the test's fields and its list of
     * parameters; {@code active} and {@code parameters} are required, so nothing is deactivated
     * or removed by being left out of the body by mistake. 412 if it was saved since the client read it.
     */
    public void update(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID id = PathIds.of(ctx, "labTestId");
        int version = ApiVersions.ifMatch(ctx);
        JsonFields.read(ctx, UPDATE_FIELDS); // 415, 413, 400 and unknown fields before the database is asked
        Loaded current = load(clinic.id(), id);
        Body body = read(ctx, false, current.parameters());
        LabTestCatalog.Edit edit;
        try {
            edit = catalog.update(clinic.id(), RequestContext.audit(ctx), id, version, body.test(), body.parameters());
        } catch (Form.Refused refused) {
            throw conflict(refused, body);
        }
        if (edit == LabTestCatalog.Edit.STALE) {
            throw ApiVersions.stale();
        }
        Loaded saved = load(clinic.id(), id);
        ApiVersions.etag(ctx, saved.test().version());
        ApiJson.ok(ctx, detail(saved));
    }

    /**
     * The checked body: the test's fields and its parameter rows as the catalog takes them.
     *
     * @param removed the parameter each removal row (after the listed ones) removes, by row
     */
    private record Body(LabTestCatalog.LabTestFields test, List<LabTestCatalog.ParameterFields> parameters,
                        Map<Integer, LabTestCatalog.Parameter> removed) {
    }

    /**
     * Reads the body into the page's form -- the test's fields, then a row per listed parameter,
     * then a removal row per {@code existing} parameter left out -- and checks it as the page
     * does; 422 with every invalid field (wrong types and the form's messages alike), by its JSON path.
     */
    private static Body read(Context ctx, boolean creating, List<LabTestCatalog.Parameter> existing) {
        JsonFields fields = JsonFields.read(ctx, creating ? CREATE_FIELDS : UPDATE_FIELDS);
        JsonNode tree = fields.tree();
        Map<String, String> errors = new LinkedHashMap<>();
        Form form = Form.empty();
        for (String field : List.of("code", "name", "sampleType", "description")) {
            String value = fields.text(field);
            form.put(field, value == null ? "" : value.strip());
        }
        form.put("price", decimal(tree, "price", "price", errors));
        if (!creating) {
            JsonNode active = tree.get("active");
            if (active == null || active.isNull()) {
                errors.put("active", "Required on an edit: true keeps the test in the catalog, false takes it out.");
            } else {
                form.put("active", fields.bool("active", false) ? "true" : "");
            }
        }
        fields.errors().forEach(e -> errors.putIfAbsent(e.field(), e.message()));

        JsonNode items = tree.get("parameters");
        List<JsonNode> listed = new ArrayList<>();
        if (items == null || items.isNull()) {
            if (!creating) {
                errors.put("parameters", "Required on an edit: the test's whole list of parameters ([] for none).");
            }
        } else if (!items.isArray()) {
            errors.put("parameters", "Must be an array of parameters.");
        } else if (items.size() > MAX_PARAMETERS) {
            errors.put("parameters", "A test has at most " + MAX_PARAMETERS + " parameters.");
        } else {
            items.forEach(listed::add);
        }
        Map<UUID, LabTestCatalog.Parameter> byId = new LinkedHashMap<>();
        existing.forEach(p -> byId.put(p.id(), p));
        Set<UUID> kept = new HashSet<>();
        for (int row = 0; row < listed.size(); row++) {
            String at = "parameters[" + row + "]";
            JsonNode item = listed.get(row);
            if (!item.isObject()) {
                errors.putIfAbsent(at, "Must be an object with the parameter's fields.");
                continue;
            }
            item.fieldNames().forEachRemaining(name -> {
                if (!PARAMETER_FIELDS.contains(name)) {
                    errors.putIfAbsent(at + "." + name, "Unknown field: this request does not take it.");
                }
            });
            String id = text(item, "id", at, errors);
            if (!id.isEmpty()) {
                Optional<UUID> parameter = PathIds.parse(id).filter(byId::containsKey);
                if (creating) {
                    errors.putIfAbsent(at + ".id", "A new test's parameters have no id yet: leave it out.");
                } else if (parameter.isEmpty()) {
                    errors.putIfAbsent(at + ".id", "Not a parameter of this test: leave it out to add a parameter.");
                } else if (!kept.add(parameter.get())) {
                    errors.putIfAbsent(at + ".id", "This parameter is listed twice.");
                } else {
                    form.put(LabTestCatalog.field("id", row), id);
                }
            }
            form.put(LabTestCatalog.field("name", row), text(item, "name", at, errors));
            form.put(LabTestCatalog.field("unit", row), text(item, "unit", at, errors));
            form.put(LabTestCatalog.field("low", row), decimal(item, "normalLow", at + ".normalLow", errors));
            form.put(LabTestCatalog.field("high", row), decimal(item, "normalHigh", at + ".normalHigh", errors));
            form.put(LabTestCatalog.field("ref", row), text(item, "referenceText", at, errors));
            ranges(item.get("ranges"), row, at, form, errors);
            if (form.value(LabTestCatalog.field("name", row)).isEmpty()) {
                // the page skips an empty row; in a list, an item is meant
                errors.putIfAbsent(at + ".name", "Parameter name is required.");
            }
        }
        Map<Integer, LabTestCatalog.Parameter> removed = new LinkedHashMap<>();
        int row = listed.size();
        for (LabTestCatalog.Parameter p : existing) {
            if (!kept.contains(p.id())) {
                form.put(LabTestCatalog.field("id", row), p.id().toString());
                form.put(LabTestCatalog.field("remove", row), "on");
                removed.put(row++, p);
            }
        }
        form.put(LabTestCatalog.ROWS, String.valueOf(row));

        LabTestCatalog.LabTestFields test = LabTestCatalog.validate(form, creating);
        List<LabTestCatalog.ParameterFields> parameters = LabTestCatalog.parameters(form);
        for (String field : LabTestCatalog.FIELDS) {
            if (form.hasError(field)) {
                errors.putIfAbsent(field, form.error(field));
            }
        }
        for (int r = 0; r < listed.size(); r++) {
            for (String kind : LabTestCatalog.PARAMETER_FIELDS) {
                String field = LabTestCatalog.field(kind, r);
                if (form.hasError(field) && ROW_FIELDS.containsKey(kind)) {
                    errors.putIfAbsent("parameters[" + r + "]." + ROW_FIELDS.get(kind), form.error(field));
                }
            }
        }
        for (int r = 0; r < listed.size(); r++) {
            int count = Math.max(0, LabTestCatalog.rangeRowCount(form, r));
            for (int k = 0; k < count; k++) {
                for (var kind : RANGE_ROW_FIELDS.entrySet()) {
                    String field = LabTestCatalog.rangeField(kind.getKey(), r, k);
                    if (form.hasError(field)) {
                        errors.putIfAbsent("parameters[" + r + "].ranges[" + k + "]." + kind.getValue(), form.error(field));
                    }
                }
            }
        }
        if (form.hasError(Form.WHOLE_FORM)) {
            errors.putIfAbsent("parameters", form.error(Form.WHOLE_FORM));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        return new Body(test, parameters, removed);
    }

    /**
     * A refusal by the records' state -- a code or name taken, a parameter with results left out
     * of the list, a result recorded meanwhile -- 409, at the field the page shows it.
     */
    private static ApiProblem conflict(Form.Refused refused, Body body) {
        List<FieldError> errors = new ArrayList<>();
        String detail = refused.getMessage();
        if (LabTestCatalog.FIELDS.contains(refused.field())) {
            errors.add(new FieldError(refused.field(), refused.getMessage()));
        } else if (!refused.field().equals(Form.WHOLE_FORM)) {
            // a removal row: a parameter left out of the list
            body.removed().entrySet().stream()
                    .filter(r -> refused.field().equals(LabTestCatalog.field("remove", r.getKey())))
                    .findFirst()
                    .ifPresent(r -> errors.add(new FieldError("parameters", "Results were recorded for the parameter "
                            + r.getValue().name() + " (" + r.getValue().id() + "), so it cannot be removed: keep it "
                            + "in the list. Its name or range may change.")));
            detail = "A parameter left out of the list has recorded results, so it cannot be removed.";
        }
        return new ApiProblem(409, ApiProblem.CONFLICT, "Conflict", detail + " Nothing was changed.", errors);
    }

    private Loaded load(ClinicId clinic, UUID id) {
        return tenants.readInClinic(clinic, tx -> LabTestCatalog.find(tx, clinic, id)
                        .map(test -> new Loaded(test, LabTestCatalog.parameters(tx, clinic, id),
                                LabTestCatalog.ranges(tx, clinic, id))))
                .orElseThrow(NotFoundResponse::new);
    }

    /**
     * A parameter item's {@code ranges} into the form's range rows of {@code row}: absent or
     * null keeps the stored ranges (no row count in the form), an array replaces them.
     */
    private static void ranges(JsonNode ranges, int row, String at, Form form, Map<String, String> errors) {
        if (ranges == null || ranges.isNull()) {
            return;
        }
        if (!ranges.isArray()) {
            errors.putIfAbsent(at + ".ranges", "Must be an array of ranges ([] for none).");
            return;
        }
        if (ranges.size() > LabTestCatalog.MAX_RANGES) {
            errors.putIfAbsent(at + ".ranges", "At most " + LabTestCatalog.MAX_RANGES + " ranges for one parameter.");
            return;
        }
        form.put(LabTestCatalog.rangeRows(row), String.valueOf(ranges.size()));
        for (int k = 0; k < ranges.size(); k++) {
            String path = at + ".ranges[" + k + "]";
            JsonNode range = ranges.get(k);
            if (!range.isObject()) {
                errors.putIfAbsent(path, "Must be an object with the range's fields.");
                continue;
            }
            range.fieldNames().forEachRemaining(name -> {
                if (!RANGE_JSON_FIELDS.contains(name)) {
                    errors.putIfAbsent(path + "." + name, "Unknown field: this request does not take it.");
                }
            });
            String sex = text(range, "sex", path, errors);
            form.put(LabTestCatalog.rangeField("sex", row, k), sex.isEmpty() ? "any" : sex);
            String unit = text(range, "ageUnit", path, errors);
            form.put(LabTestCatalog.rangeField("unit", row, k), unit.isEmpty() ? "years" : unit);
            form.put(LabTestCatalog.rangeField("from", row, k), whole(range, "ageFrom", path, errors));
            form.put(LabTestCatalog.rangeField("to", row, k), whole(range, "ageTo", path, errors));
            form.put(LabTestCatalog.rangeField("low", row, k), decimal(range, "normalLow", path + ".normalLow", errors));
            form.put(LabTestCatalog.rangeField("high", row, k), decimal(range, "normalHigh", path + ".normalHigh", errors));
            form.put(LabTestCatalog.rangeField("clow", row, k), decimal(range, "criticalLow", path + ".criticalLow", errors));
            form.put(LabTestCatalog.rangeField("chigh", row, k), decimal(range, "criticalHigh", path + ".criticalHigh", errors));
            int index = k;
            if (RANGE_ROW_FIELDS.keySet().stream().filter(kind -> !kind.equals("sex") && !kind.equals("unit"))
                    .allMatch(kind -> form.value(LabTestCatalog.rangeField(kind, row, index)).isEmpty())) {
                // the page skips an empty row; in a list, a range is meant
                errors.putIfAbsent(path + ".normalLow", "Give a normal low, a normal high or both.");
            }
        }
    }

    /** A whole number: "" when absent or null; an error unless an integer. */
    private static String whole(JsonNode node, String field, String path, Map<String, String> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isIntegralNumber()) {
            errors.putIfAbsent(path + "." + field, "Must be a whole number or null.");
            return "";
        }
        return value.bigIntegerValue().toString();
    }

    /** A text of a parameter item: "" when absent or null; an error unless a string. */
    private static String text(JsonNode item, String field, String at, Map<String, String> errors) {
        JsonNode value = item.get(field);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            errors.putIfAbsent(at + "." + field, "Must be a string.");
            return "";
        }
        return value.textValue().strip();
    }

    /** A number as the form's decimal check takes it: "" when absent or null; an error unless a number. */
    private static String decimal(JsonNode node, String field, String path, Map<String, String> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isNumber()) {
            errors.putIfAbsent(path, "Must be a number or null.");
            return "";
        }
        return value.decimalValue().toPlainString();
    }

    static Map<String, Object> summary(LabTestCatalog.LabTest t) {
        Map<String, Object> body = fields(t);
        body.put("parameterCount", t.parameterCount());
        return body;
    }

    private static Map<String, Object> detail(Loaded loaded) {
        Map<String, Object> body = fields(loaded.test());
        body.put("parameters", loaded.parameters().stream().map(p -> {
            Map<String, Object> parameter = new LinkedHashMap<>();
            parameter.put("id", p.id());
            parameter.put("position", p.position());
            parameter.put("name", p.name());
            parameter.put("unit", p.unit());
            parameter.put("normalLow", ApiJson.number(p.normalLow()));
            parameter.put("normalHigh", ApiJson.number(p.normalHigh()));
            parameter.put("referenceText", p.referenceText());
            parameter.put("ranges", loaded.ranges().getOrDefault(p.id(), List.of()).stream().map(r -> {
                Map<String, Object> range = new LinkedHashMap<>();
                range.put("sex", r.sex());
                range.put("ageFrom", r.ageFrom());
                range.put("ageTo", r.ageTo());
                range.put("ageUnit", r.ageUnit().dbValue());
                range.put("normalLow", ApiJson.number(r.normalLow()));
                range.put("normalHigh", ApiJson.number(r.normalHigh()));
                range.put("criticalLow", ApiJson.number(r.criticalLow()));
                range.put("criticalHigh", ApiJson.number(r.criticalHigh()));
                range.put("appliesTo", r.appliesTo());
                return range;
            }).toList());
            return parameter;
        }).toList());
        return body;
    }

    private static Map<String, Object> fields(LabTestCatalog.LabTest t) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", t.id());
        body.put("code", t.code());
        body.put("name", t.name());
        body.put("sampleType", t.sampleType());
        body.put("description", t.description());
        body.put("price", ApiJson.number(t.price()));
        body.put("active", t.active());
        body.put("version", t.version());
        return body;
    }
}
