package io.santkrupa.prescription;

import io.javalin.http.Context;
import io.santkrupa.audit.AuditContext;
import io.santkrupa.db.ClinicId;
import io.santkrupa.web.CatalogPages;
import io.santkrupa.web.Form;
import org.jooq.DSLContext;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/** The medicine catalog's pages, as {@link CatalogPages} runs every catalog: what is particular to medicines. */
public final class MedicinePages implements CatalogPages.Kind<MedicineCatalog.Medicine, MedicineCatalog.MedicineFields> {

    /** The catalog's fields and the version the form was opened at. */
    private static final String[] FIELDS = Stream.concat(MedicineCatalog.FIELDS.stream(), Stream.of("version"))
            .toArray(String[]::new);

    private final MedicineCatalog catalog;

    public MedicinePages(MedicineCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public String path() {
        return "medicines";
    }

    @Override
    public String idParam() {
        return "medicineId";
    }

    @Override
    public String listTemplate() {
        return "catalog/medicines";
    }

    @Override
    public String entryTemplate() {
        return "catalog/medicine";
    }

    @Override
    public String plural() {
        return "Medicines";
    }

    @Override
    public String singular() {
        return "medicine";
    }

    @Override
    public String modelName() {
        return "medicine";
    }

    @Override
    public List<MedicineCatalog.Medicine> list(DSLContext tx, ClinicId clinic, String query, Boolean active, UUID after,
                                               int limit) {
        return MedicineCatalog.list(tx, clinic, query, active, after, limit);
    }

    @Override
    public Optional<MedicineCatalog.Medicine> find(DSLContext tx, ClinicId clinic, UUID id) {
        return MedicineCatalog.find(tx, clinic, id);
    }

    @Override
    public UUID id(MedicineCatalog.Medicine medicine) {
        return medicine.id();
    }

    @Override
    public String name(MedicineCatalog.Medicine medicine) {
        return medicine.name();
    }

    @Override
    public Form blankForm() {
        return Form.of(Map.of("form", "tablet", "active", "on"));
    }

    @Override
    public Form formOf(DSLContext tx, ClinicId clinic, MedicineCatalog.Medicine medicine) {
        return Form.of(Map.of("name", medicine.name(), "genericName", medicine.genericName(), "form", medicine.form(),
                "strength", medicine.strength(), "manufacturer", medicine.manufacturer(),
                "active", medicine.active() ? "on" : "", "version", medicine.version()));
    }

    @Override
    public Form read(Context ctx) {
        return Form.from(ctx, FIELDS);
    }

    @Override
    public MedicineCatalog.MedicineFields validate(Form form, boolean creating) {
        return MedicineCatalog.validate(form, creating);
    }

    @Override
    public UUID create(ClinicId clinic, AuditContext who, MedicineCatalog.MedicineFields fields) {
        return catalog.create(clinic, who, fields);
    }

    @Override
    public boolean update(ClinicId clinic, AuditContext who, UUID id, int version, MedicineCatalog.MedicineFields fields) {
        return catalog.update(clinic, who, id, version, fields) == MedicineCatalog.Edit.SAVED;
    }

    @Override
    public Map<String, Object> extras(Form form) {
        return Map.of("forms", MedicineCatalog.FORMS);
    }
}
