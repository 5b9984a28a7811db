package io.santkrupa.prescription;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.web.Form;
import io.santkrupa.web.PathIds;
import io.santkrupa.web.RequestContext;
import io.santkrupa.web.api.ApiJson;
import io.santkrupa.web.api.ApiPaging;
import io.santkrupa.web.api.ApiParams;
import io.santkrupa.web.api.ApiProblem;
import io.santkrupa.web.api.ApiVersions;
import io.santkrupa.web.api.JsonFields;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The medicine catalog over the API: list, read, add and edit (including taking a medicine out
 * of the catalog and back). The same checks ({@link MedicineCatalog#validate}), refusals and
 * audit events as the clinic admin's pages -- only the representation differs.
 */
public final class MedicineApi {

    /** A new medicine is always active, as on the page: {@code active} is for edits. */
    private static final Set<String> CREATE_FIELDS = Set.of("name", "genericName", "form", "strength", "manufacturer");
    private static final Set<String> UPDATE_FIELDS = Set.copyOf(MedicineCatalog.FIELDS);
    private static final int MAX_QUERY = 100;

    private final TenantTransactions tenants;
    private final MedicineCatalog catalog;

    public MedicineApi(TenantTransactions tenants, MedicineCatalog catalog) {
        this.tenants = tenants;
        this.catalog = catalog;
    }

    /** GET /medicines?q=&active=&limit=&cursor= -- in name order (then form and strength). */
    public void list(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        String q = ApiParams.text(ctx, "q", MAX_QUERY);
        Boolean active = ApiParams.bool(ctx, "active");
        int limit = ApiPaging.limit(ctx);
        UUID after = ApiPaging.cursor(ctx, PathIds::parse).orElse(null);
        var found = tenants.readInClinic(clinic.id(),
                tx -> MedicineCatalog.list(tx, clinic.id(), q, active, after, limit + 1));
        ApiJson.ok(ctx, ApiPaging.page(found, limit, MedicineApi::body, m -> m.id().toString()));
    }

    /** GET /medicines/{medicineId} */
    public void show(Context ctx) {
        MedicineCatalog.Medicine medicine = find(RequestContext.clinic(ctx), PathIds.of(ctx, "medicineId"));
        ApiVersions.etag(ctx, medicine.version());
        ApiJson.ok(ctx, body(medicine));
    }

    /** POST /medicines -- 409 at {@code name} when the catalog has this name, form and strength already. */
    public void create(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        MedicineCatalog.MedicineFields fields = validated(ctx, JsonFields.read(ctx, CREATE_FIELDS), true);
        UUID id;
        try {
            id = catalog.create(clinic.id(), RequestContext.audit(ctx), fields);
        } catch (Form.Refused refused) {
            throw conflict(refused);
        }
        MedicineCatalog.Medicine created = find(clinic, id);
        ApiVersions.etag(ctx, created.version());
        ApiJson.created(ctx, "/clinic/" + clinic.slug() + "/api/v1/medicines/" + id, body(created));
    }

    /**
     * PUT /medicines/{medicineId} with If-Match -- replaces the medicine's fields (an absent
     * optional text becomes empty); {@code active} is required, so an edit never takes a
     * medicine out of the catalog by leaving it out. 412 if it was saved since the client read it.
     */
    public void update(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID id = PathIds.of(ctx, "medicineId");
        int version = ApiVersions.ifMatch(ctx);
        MedicineCatalog.MedicineFields fields = validated(ctx, JsonFields.read(ctx, UPDATE_FIELDS), false);
        MedicineCatalog.Edit edit;
        try {
            edit = catalog.update(clinic.id(), RequestContext.audit(ctx), id, version, fields);
        } catch (Form.Refused refused) {
            throw conflict(refused);
        }
        if (edit == MedicineCatalog.Edit.STALE) {
            throw ApiVersions.stale();
        }
        MedicineCatalog.Medicine current = find(clinic, id);
        ApiVersions.etag(ctx, current.version());
        ApiJson.ok(ctx, body(current));
    }

    /** The body checked as the page checks its form: every invalid field at once, 422. */
    private static MedicineCatalog.MedicineFields validated(Context ctx, JsonFields body, boolean creating) {
        Form form = Form.empty();
        for (String field : MedicineCatalog.FIELDS) {
            if (!field.equals("active")) {
                String value = body.text(field);
                form.put(field, value == null ? "" : value.strip());
            }
        }
        Map<String, String> errors = new LinkedHashMap<>();
        if (!creating) {
            JsonNode active = body.node("active");
            if (active.isMissingNode() || active.isNull()) {
                errors.put("active", "Required on an edit: true keeps the medicine in the catalog, false takes it out.");
            } else {
                form.put("active", body.bool("active", false) ? "true" : "");
            }
        }
        MedicineCatalog.MedicineFields fields = MedicineCatalog.validate(form, creating);
        body.errors().forEach(e -> errors.putIfAbsent(e.field(), e.message()));
        for (String field : MedicineCatalog.FIELDS) {
            if (form.hasError(field)) {
                errors.putIfAbsent(field, form.error(field));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        return fields;
    }

    /** A refusal by the records' state (a duplicate): 409, at the field the page shows it. */
    private static ApiProblem conflict(Form.Refused refused) {
        return ApiProblem.conflict(refused.getMessage(),
                refused.field().equals(Form.WHOLE_FORM) ? null : refused.field());
    }

    private MedicineCatalog.Medicine find(CurrentClinic clinic, UUID id) {
        return tenants.readInClinic(clinic.id(), tx -> MedicineCatalog.find(tx, clinic.id(), id))
                .orElseThrow(NotFoundResponse::new);
    }

    static Map<String, Object> body(MedicineCatalog.Medicine m) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", m.id());
        body.put("name", m.name());
        body.put("genericName", m.genericName());
        body.put("form", m.form());
        body.put("strength", m.strength());
        body.put("manufacturer", m.manufacturer());
        body.put("active", m.active());
        body.put("version", m.version());
        return body;
    }
}
