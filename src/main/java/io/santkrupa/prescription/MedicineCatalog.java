package io.santkrupa.prescription;

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
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICINE;

/**
 * The clinic's medicine catalog, which prescriptions choose from. Entries are deactivated,
 * never deleted: prescriptions keep referring to them.
 */
public final class MedicineCatalog {

    /** The forms of medicine_form_valid (V009), with their labels, in the order offered. */
    public static final Map<String, String> FORMS = forms();

    public record Medicine(UUID id, String name, String genericName, String form, String strength,
                           String manufacturer, boolean active, int version) {

        public String formLabel() {
            return FORMS.getOrDefault(form, form);
        }
    }

    /** What the admin types for a medicine. */
    public record MedicineFields(String name, String genericName, String form, String strength, String manufacturer,
                                 boolean active) {
    }

    /** What an edit came to: saved, or refused because the medicine changed since {@code version} was read. */
    public enum Edit { SAVED, STALE }

    /** The fields of the medicine form, named as the API's JSON fields. */
    public static final List<String> FIELDS = List.of("name", "genericName", "form", "strength", "manufacturer",
            "active");

    private final TenantTransactions tenants;
    private final AuditLog audit;

    public MedicineCatalog(TenantTransactions tenants, AuditLog audit) {
        this.tenants = tenants;
        this.audit = audit;
    }

    /**
     * Medicines in name order (then form and strength: unique in a clinic, so a keyset), after
     * the medicine {@code after}; one statement whatever the number of rows.
     *
     * @param namePrefix "" for all
     * @param active     null for active and inactive alike
     */
    public static List<Medicine> list(DSLContext tx, ClinicId clinic, String namePrefix, Boolean active, UUID after,
                                      int limit) {
        List<Condition> where = new ArrayList<>();
        where.add(MEDICINE.CLINIC_ID.eq(clinic.value()));
        if (!namePrefix.isEmpty()) {
            where.add(DSL.lower(MEDICINE.NAME).startsWith(namePrefix.toLowerCase()));
        }
        if (active != null) {
            where.add(MEDICINE.IS_ACTIVE.eq(active));
        }
        if (after != null) {
            where.add(DSL.row(DSL.lower(MEDICINE.NAME), MEDICINE.FORM, MEDICINE.STRENGTH).gt(
                    DSL.select(DSL.lower(MEDICINE.NAME), MEDICINE.FORM, MEDICINE.STRENGTH).from(MEDICINE)
                            .where(MEDICINE.CLINIC_ID.eq(clinic.value()), MEDICINE.ID.eq(after))));
        }
        return tx.selectFrom(MEDICINE)
                .where(where)
                .orderBy(DSL.lower(MEDICINE.NAME), MEDICINE.FORM, MEDICINE.STRENGTH)
                .limit(limit)
                .fetch(r -> new Medicine(r.getId(), r.getName(), r.getGenericName(), r.getForm(), r.getStrength(),
                        r.getManufacturer(), r.getIsActive(), r.getVersion()));
    }

    public static Optional<Medicine> find(DSLContext tx, ClinicId clinic, UUID id) {
        return tx.selectFrom(MEDICINE)
                .where(MEDICINE.CLINIC_ID.eq(clinic.value()), MEDICINE.ID.eq(id))
                .fetchOptional(r -> new Medicine(r.getId(), r.getName(), r.getGenericName(), r.getForm(),
                        r.getStrength(), r.getManufacturer(), r.getIsActive(), r.getVersion()));
    }

    /**
     * Checks a medicine's fields as typed (the page's form and the API's body alike), recording a
     * message per invalid field on {@code form}; a new medicine is always active.
     */
    public static MedicineFields validate(Form form, boolean creating) {
        String name = form.required("name", "Name", 200);
        String genericName = form.optional("genericName", "Generic name", 200);
        String dosageForm = form.oneOf("form", "Form", FORMS.keySet());
        String strength = form.optional("strength", "Strength", 50);
        String manufacturer = form.optional("manufacturer", "Manufacturer", 200);
        // a new medicine is active; an edit says so with its checkbox
        boolean active = creating || form.checked("active");
        return new MedicineFields(name, genericName, dosageForm, strength, manufacturer, active);
    }

    /** Adds a medicine; its id. */
    public UUID create(ClinicId clinic, AuditContext who, MedicineFields m) {
        return write(clinic, tx -> {
            UUID id = Ids.newId();
            tx.insertInto(MEDICINE)
                    .set(MEDICINE.CLINIC_ID, clinic.value())
                    .set(MEDICINE.ID, id)
                    .set(MEDICINE.NAME, m.name())
                    .set(MEDICINE.GENERIC_NAME, m.genericName())
                    .set(MEDICINE.FORM, m.form())
                    .set(MEDICINE.STRENGTH, m.strength())
                    .set(MEDICINE.MANUFACTURER, m.manufacturer())
                    .set(MEDICINE.IS_ACTIVE, m.active())
                    .execute();
            audit.record(tx, clinic, who, "medicine.create", AuditLog.Outcome.SUCCESS, "medicine", id, "");
            return id;
        });
    }

    /** Changes a medicine, if still at {@code version}; 404 when the clinic has no such medicine. */
    public Edit update(ClinicId clinic, AuditContext who, UUID id, int version, MedicineFields m) {
        return write(clinic, tx -> {
            Medicine before = find(tx, clinic, id).orElseThrow(NotFoundResponse::new);
            int updated = tx.update(MEDICINE)
                    .set(MEDICINE.NAME, m.name())
                    .set(MEDICINE.GENERIC_NAME, m.genericName())
                    .set(MEDICINE.FORM, m.form())
                    .set(MEDICINE.STRENGTH, m.strength())
                    .set(MEDICINE.MANUFACTURER, m.manufacturer())
                    .set(MEDICINE.IS_ACTIVE, m.active())
                    .set(MEDICINE.UPDATED_AT, DSL.currentOffsetDateTime())
                    .set(MEDICINE.VERSION, MEDICINE.VERSION.plus(1))
                    .where(MEDICINE.CLINIC_ID.eq(clinic.value()), MEDICINE.ID.eq(id), MEDICINE.VERSION.eq(version))
                    .execute();
            if (updated == 0) {
                return Edit.STALE;
            }
            List<String> changed = new ArrayList<>();
            changed(changed, "name", before.name(), m.name());
            changed(changed, "generic_name", before.genericName(), m.genericName());
            changed(changed, "form", before.form(), m.form());
            changed(changed, "strength", before.strength(), m.strength());
            changed(changed, "manufacturer", before.manufacturer(), m.manufacturer());
            if (before.active() != m.active()) {
                changed.add(m.active() ? "reactivated" : "deactivated");
            }
            audit.record(tx, clinic, who, "medicine.update", AuditLog.Outcome.SUCCESS, "medicine", id,
                    changed.isEmpty() ? "no change" : "changed: " + String.join(", ", changed));
            return Edit.SAVED;
        });
    }

    private <T> T write(ClinicId clinic, TransactionWork<T> work) {
        try {
            return tenants.inClinic(clinic, work);
        } catch (DataAccessException e) {
            if (ConstraintViolations.uniqueConstraintOf(e).filter("medicine_name_uk"::equals).isPresent()) {
                throw new Form.Refused("name", "The catalog already has a medicine of this name, form and strength.");
            }
            throw e;
        }
    }

    private static void changed(List<String> changed, String field, String before, String after) {
        if (!Objects.equals(before, after)) {
            changed.add(field);
        }
    }

    private static Map<String, String> forms() {
        Map<String, String> forms = new LinkedHashMap<>();
        forms.put("tablet", "Tablet");
        forms.put("capsule", "Capsule");
        forms.put("syrup", "Syrup");
        forms.put("injection", "Injection");
        forms.put("ointment", "Ointment");
        forms.put("drops", "Drops");
        forms.put("inhaler", "Inhaler");
        forms.put("other", "Other");
        return java.util.Collections.unmodifiableMap(forms);
    }
}
