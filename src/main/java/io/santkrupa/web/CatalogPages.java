package io.santkrupa.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.santkrupa.audit.AuditContext;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.TenantTransactions;
import org.jooq.DSLContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The clinic admin's pages of one catalog -- the list with its name filter and status, a new
 * entry, an entry's edit form -- written once for every catalog (medicines, lab tests): each
 * catalog says only what differs, as a {@link Kind}. Forms post back here and redirect on
 * success; a refused form comes back with its messages and what was typed; an edit from a stale
 * page saves nothing.
 *
 * @param <E> an entry of the catalog as listed and edited
 * @param <F> an entry's fields as typed and checked
 */
public final class CatalogPages<E, F> {

    private static final int PAGE_SIZE = 25;

    /** What one catalog is: its words, its templates, its queries and its writes. */
    public interface Kind<E, F> {
        /** The catalog's segment of /clinic/{slug}/catalog/..., e.g. "medicines". */
        String path();

        /** Its path parameter of an entry, e.g. "medicineId". */
        String idParam();

        /** The list's and the entry's templates, e.g. "catalog/medicines", "catalog/medicine". */
        String listTemplate();

        String entryTemplate();

        /** "Medicines", and "medicine" as in "The medicine was saved." */
        String plural();

        String singular();

        /** The template's name of an entry: "medicine", "test". */
        String modelName();

        List<E> list(DSLContext tx, ClinicId clinic, String query, Boolean active, UUID after, int limit);

        Optional<E> find(DSLContext tx, ClinicId clinic, UUID id);

        UUID id(E entry);

        String name(E entry);

        /** The new entry's form with its defaults. */
        Form blankForm();

        /** The stored entry as its edit form shows it (reads what else it needs in {@code tx}). */
        Form formOf(DSLContext tx, ClinicId clinic, E entry);

        /** The submitted form: the catalog's fields and the version it was opened at. */
        Form read(Context ctx);

        /** Checks {@code form}, each problem a message at its field; the fields when there is none. */
        F validate(Form form, boolean creating);

        /** @throws Form.Refused when the records refuse it (a name taken) */
        UUID create(ClinicId clinic, AuditContext who, F fields);

        /**
         * @return false when the entry changed since {@code version}: nothing saved
         * @throws Form.Refused when the records refuse it
         */
        boolean update(ClinicId clinic, AuditContext who, UUID id, int version, F fields);

        /** What else the entry's template shows (choices of a select, the form's rows). */
        Map<String, Object> extras(Form form);
    }

    private final TenantTransactions tenants;
    private final Kind<E, F> kind;
    private final Pages pages;

    public CatalogPages(TenantTransactions tenants, Kind<E, F> kind, Pages pages) {
        this.tenants = tenants;
        this.kind = kind;
        this.pages = pages;
    }

    /** GET .../catalog/{path}?q=&status=&after= */
    public void list(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        String q = QueryParams.text(ctx, "q");
        String query = q.length() > 100 ? q.substring(0, 100) : q;
        String status = switch (QueryParams.text(ctx, "status")) {
            case "inactive" -> "inactive";
            case "all" -> "all";
            default -> "active";
        };
        Boolean active = status.equals("all") ? null : status.equals("active");
        UUID after = PathIds.query(ctx, "after");
        List<E> found = tenants.readInClinic(clinic.id(), tx -> kind.list(tx, clinic.id(), query, active, after,
                PAGE_SIZE + 1));
        List<E> rows = found.stream().limit(PAGE_SIZE).toList();
        Map<String, Object> model = new HashMap<>();
        model.put("rows", rows);
        model.put("filters", Map.of("q", query, "status", status));
        model.put("next", found.size() > PAGE_SIZE ? kind.id(rows.getLast()).toString() : "");
        model.put("title", kind.plural() + " - Santkrupa");
        pages.render(ctx, kind.listTemplate(), model);
    }

    /** GET .../catalog/{path}/new */
    public void newForm(Context ctx) {
        render(ctx, null, kind.blankForm(), 200, "");
    }

    /** POST .../catalog/{path} */
    public void create(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        Form form = kind.read(ctx);
        F fields = kind.validate(form, true);
        if (form.hasErrors()) {
            render(ctx, null, form, Form.INVALID, "");
            return;
        }
        try {
            UUID id = kind.create(clinic.id(), RequestContext.audit(ctx), fields);
            ctx.redirect(path(clinic, id) + "?done=created", HttpStatus.SEE_OTHER);
        } catch (Form.Refused refused) {
            render(ctx, null, refused.applyTo(form), Form.CONFLICT, "");
        }
    }

    /** GET .../catalog/{path}/{id} */
    public void show(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID id = PathIds.of(ctx, kind.idParam());
        record Loaded<E>(E entry, Form form) {
        }
        Loaded<E> loaded = tenants.readInClinic(clinic.id(), tx -> kind.find(tx, clinic.id(), id)
                .map(entry -> new Loaded<>(entry, kind.formOf(tx, clinic.id(), entry)))
                .orElseThrow(NotFoundResponse::new));
        String done = switch (QueryParams.text(ctx, "done")) {
            case "created" -> "The " + kind.singular() + " was added to the catalog.";
            case "saved" -> "The " + kind.singular() + " was saved.";
            default -> "";
        };
        render(ctx, loaded.entry(), loaded.form(), 200, done);
    }

    /** POST .../catalog/{path}/{id} */
    public void update(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID id = PathIds.of(ctx, kind.idParam());
        E entry = tenants.readInClinic(clinic.id(), tx -> kind.find(tx, clinic.id(), id))
                .orElseThrow(NotFoundResponse::new);
        Form form = kind.read(ctx);
        F fields = kind.validate(form, false);
        int version = form.version();
        if (form.hasErrors()) {
            render(ctx, entry, form, Form.INVALID, "");
            return;
        }
        try {
            if (!kind.update(clinic.id(), RequestContext.audit(ctx), id, version, fields)) {
                form.error(Form.WHOLE_FORM, "Someone else changed this " + kind.singular() + " after you opened it, so "
                        + "nothing was saved. Reload the page to see the current values, then make your change again.");
                render(ctx, entry, form, Form.CONFLICT, "");
                return;
            }
            ctx.redirect(path(clinic, id) + "?done=saved", HttpStatus.SEE_OTHER);
        } catch (Form.Refused refused) {
            render(ctx, entry, refused.applyTo(form), Form.CONFLICT, "");
        }
    }

    private void render(Context ctx, E entry, Form form, int status, String done) {
        ctx.status(status);
        Map<String, Object> model = new HashMap<>(kind.extras(form));
        model.put(kind.modelName(), entry);
        model.put("form", form);
        model.put("done", done);
        model.put("title", (entry == null ? "New " + kind.singular() : kind.name(entry)) + " - Santkrupa");
        pages.render(ctx, kind.entryTemplate(), model);
    }

    private String path(CurrentClinic clinic, UUID id) {
        return "/clinic/" + clinic.slug() + "/catalog/" + kind.path() + "/" + id;
    }
}
