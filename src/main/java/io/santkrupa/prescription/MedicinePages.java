package io.santkrupa.prescription;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.web.Form;
import io.santkrupa.web.Pages;
import io.santkrupa.web.PathIds;
import io.santkrupa.web.RequestContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/** The clinic admin's medicine catalog pages: the list, a new medicine, a medicine's edit form. */
public final class MedicinePages {

    private static final int PAGE_SIZE = 25;
    /** The catalog's fields and the version the form was opened at. */
    private static final String[] FIELDS = Stream.concat(MedicineCatalog.FIELDS.stream(), Stream.of("version"))
            .toArray(String[]::new);

    private final TenantTransactions tenants;
    private final MedicineCatalog catalog;
    private final Pages pages;

    public MedicinePages(TenantTransactions tenants, MedicineCatalog catalog, Pages pages) {
        this.tenants = tenants;
        this.catalog = catalog;
        this.pages = pages;
    }

    /** GET /clinic/{slug}/catalog/medicines?q=&status=&after= */
    public void list(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        String q = param(ctx, "q");
        String query = q.length() > 100 ? q.substring(0, 100) : q;
        String status = status(ctx);
        Boolean active = status.equals("all") ? null : status.equals("active");
        UUID after = PathIds.query(ctx, "after");
        List<MedicineCatalog.Medicine> found = tenants.readInClinic(clinic.id(),
                tx -> MedicineCatalog.list(tx, clinic.id(), query, active, after, PAGE_SIZE + 1));
        List<MedicineCatalog.Medicine> rows = found.stream().limit(PAGE_SIZE).toList();
        Map<String, Object> model = new HashMap<>();
        model.put("rows", rows);
        model.put("filters", Map.of("q", query, "status", status));
        model.put("next", found.size() > PAGE_SIZE ? rows.getLast().id().toString() : "");
        model.put("title", "Medicines - Santkrupa");
        pages.render(ctx, "catalog/medicines", model);
    }

    /** GET /clinic/{slug}/catalog/medicines/new */
    public void newForm(Context ctx) {
        render(ctx, null, Form.of(Map.of("form", "tablet", "active", "on")), 200, "");
    }

    /** POST /clinic/{slug}/catalog/medicines */
    public void create(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        Form form = Form.from(ctx, FIELDS);
        MedicineCatalog.MedicineFields fields = MedicineCatalog.validate(form, true);
        if (form.hasErrors()) {
            render(ctx, null, form, Form.INVALID, "");
            return;
        }
        try {
            UUID id = catalog.create(clinic.id(), RequestContext.audit(ctx), fields);
            ctx.redirect(path(clinic, id) + "?done=created", HttpStatus.SEE_OTHER);
        } catch (Form.Refused refused) {
            render(ctx, null, refused.applyTo(form), Form.CONFLICT, "");
        }
    }

    /** GET /clinic/{slug}/catalog/medicines/{medicineId} */
    public void show(Context ctx) {
        MedicineCatalog.Medicine medicine = find(ctx);
        String done = switch (param(ctx, "done")) {
            case "created" -> "The medicine was added to the catalog.";
            case "saved" -> "The medicine was saved.";
            default -> "";
        };
        render(ctx, medicine, Form.of(Map.of("name", medicine.name(), "genericName", medicine.genericName(),
                "form", medicine.form(), "strength", medicine.strength(), "manufacturer", medicine.manufacturer(),
                "active", medicine.active() ? "on" : "", "version", medicine.version())), 200, done);
    }

    /** POST /clinic/{slug}/catalog/medicines/{medicineId} */
    public void update(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        MedicineCatalog.Medicine medicine = find(ctx);
        Form form = Form.from(ctx, FIELDS);
        MedicineCatalog.MedicineFields fields = MedicineCatalog.validate(form, false);
        int version = form.version();
        if (form.hasErrors()) {
            render(ctx, medicine, form, Form.INVALID, "");
            return;
        }
        try {
            if (catalog.update(clinic.id(), RequestContext.audit(ctx), medicine.id(), version, fields)
                    == MedicineCatalog.Edit.STALE) {
                form.error(Form.WHOLE_FORM, "Someone else changed this medicine after you opened it, so nothing was "
                        + "saved. Reload the page to see the current values, then make your change again.");
                render(ctx, medicine, form, Form.CONFLICT, "");
                return;
            }
            ctx.redirect(path(clinic, medicine.id()) + "?done=saved", HttpStatus.SEE_OTHER);
        } catch (Form.Refused refused) {
            render(ctx, medicine, refused.applyTo(form), Form.CONFLICT, "");
        }
    }

    private MedicineCatalog.Medicine find(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID id = PathIds.of(ctx, "medicineId");
        return tenants.readInClinic(clinic.id(), tx -> MedicineCatalog.find(tx, clinic.id(), id))
                .orElseThrow(NotFoundResponse::new);
    }

    private void render(Context ctx, MedicineCatalog.Medicine medicine, Form form, int status, String done) {
        ctx.status(status);
        Map<String, Object> model = new HashMap<>();
        model.put("medicine", medicine);
        model.put("form", form);
        model.put("forms", MedicineCatalog.FORMS);
        model.put("done", done);
        model.put("title", (medicine == null ? "New medicine" : medicine.name()) + " - Santkrupa");
        pages.render(ctx, "catalog/medicine", model);
    }

    private static String path(CurrentClinic clinic, UUID id) {
        return "/clinic/" + clinic.slug() + "/catalog/medicines/" + id;
    }

    static String status(Context ctx) {
        return switch (param(ctx, "status")) {
            case "inactive" -> "inactive";
            case "all" -> "all";
            default -> "active";
        };
    }

    private static String param(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null ? "" : value.strip();
    }
}
