package io.santkrupa.clinic;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.santkrupa.audit.AuditContext;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.web.Form;
import io.santkrupa.web.Pages;
import io.santkrupa.web.RequestContext;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;

/**
 * The clinic admin's settings page: the clinic's name, contact details and time zone (the only
 * columns of the registry the app role may update, V002 and V035), and its usage against the
 * limits the platform sets -- shown, never editable here.
 */
public final class ClinicSettingsPages {

    /** The select's options: each zone by its IANA name, in order. */
    private static final Map<String, String> ZONE_OPTIONS = TimeZones.choices().stream()
            .collect(LinkedHashMap::new, (m, zone) -> m.put(zone, zone), Map::putAll);

    private static final String[] FIELDS = {"name", "address", "city", "state", "postal_code", "phone", "email",
            "website", "time_zone", "version"};

    /** The registry row as the settings page shows it. */
    public record ClinicDetails(String slug, String code, String registrationNumber, String name, String address,
                                String city, String state, String postalCode, String phone, String email,
                                String website, String timeZone, int version) {
    }

    private final TenantTransactions tenants;
    private final AuditLog audit;
    private final ClinicZones zones;
    private final Pages pages;

    public ClinicSettingsPages(TenantTransactions tenants, AuditLog audit, ClinicZones zones, Pages pages) {
        this.tenants = tenants;
        this.audit = audit;
        this.zones = zones;
        this.pages = pages;
    }

    /** GET /clinic/{slug}/settings */
    public void show(Context ctx) {
        render(ctx, null, 200, "saved".equals(ctx.queryParam("done")));
    }

    /** POST /clinic/{slug}/settings */
    public void update(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        Form form = Form.from(ctx, FIELDS);
        ClinicContact contact = ClinicContact.read(form);
        String timeZone = timeZone(form);
        int version = form.version();
        if (form.hasErrors()) {
            render(ctx, form, Form.INVALID, false);
            return;
        }
        ClinicDetails edited = new ClinicDetails("", "", "", contact.name(), contact.address(), contact.city(),
                contact.state(), contact.postalCode(), contact.phone(), contact.email(), contact.website(), timeZone,
                version);
        try {
            tenants.inClinic(clinic.id(), tx -> {
                save(tx, clinic.id(), edited, RequestContext.audit(ctx));
                return null;
            });
        } catch (Form.Refused refused) {
            render(ctx, refused.applyTo(form), Form.CONFLICT, false);
            return;
        }
        zones.forget(clinic.id()); // this instance's next request counts days in the new zone
        ctx.redirect("/clinic/" + clinic.slug() + "/settings?done=saved", HttpStatus.SEE_OTHER);
    }

    /** One of the zones offered (Java's), by its IANA name. */
    private static String timeZone(Form form) {
        String zone = form.value("time_zone");
        if (!TimeZones.isChoice(zone)) {
            form.error("time_zone", zone.isEmpty() ? "Choose the clinic's time zone."
                    : "Choose one of the listed time zones, e.g. Asia/Kolkata.");
        }
        return zone;
    }

    private void save(DSLContext tx, ClinicId clinic, ClinicDetails edited, AuditContext who) {
        ClinicDetails before = details(tx, clinic);
        boolean zoneChanged = !before.timeZone().equals(edited.timeZone());
        if (zoneChanged && !databaseKnows(tx, edited.timeZone())) {
            // the database counts the platform's monthly usage in the zone: it must know it too
            throw new Form.Refused("time_zone", "This time zone cannot be used yet; choose another one near the clinic.");
        }
        int updated = tx.update(CLINIC)
                .set(CLINIC.NAME, edited.name())
                .set(CLINIC.ADDRESS, edited.address())
                .set(CLINIC.CITY, edited.city())
                .set(CLINIC.STATE, edited.state())
                .set(CLINIC.POSTAL_CODE, edited.postalCode())
                .set(CLINIC.PHONE, edited.phone())
                .set(CLINIC.EMAIL, edited.email())
                .set(CLINIC.WEBSITE, edited.website())
                .set(CLINIC.TIME_ZONE, edited.timeZone())
                .set(CLINIC.UPDATED_AT, DSL.currentOffsetDateTime())
                .set(CLINIC.VERSION, CLINIC.VERSION.plus(1))
                .where(CLINIC.ID.eq(clinic.value()), CLINIC.VERSION.eq(edited.version()))
                .execute();
        if (updated == 0) {
            throw new Form.Refused(Form.WHOLE_FORM, "Someone else changed the clinic's settings after you opened "
                    + "them, so nothing was saved. Reload the page to see the current values, then make your change again.");
        }
        List<String> changed = new ArrayList<>();
        Map<String, String[]> pairs = new LinkedHashMap<>();
        pairs.put("name", new String[]{before.name(), edited.name()});
        pairs.put("address", new String[]{before.address(), edited.address()});
        pairs.put("city", new String[]{before.city(), edited.city()});
        pairs.put("state", new String[]{before.state(), edited.state()});
        pairs.put("postal_code", new String[]{before.postalCode(), edited.postalCode()});
        pairs.put("phone", new String[]{before.phone(), edited.phone()});
        pairs.put("email", new String[]{before.email(), edited.email()});
        pairs.put("website", new String[]{before.website(), edited.website()});
        pairs.forEach((field, values) -> {
            if (!Objects.equals(values[0], values[1])) {
                changed.add(field);
            }
        });
        if (zoneChanged) {
            changed.add("time_zone " + before.timeZone() + " -> " + edited.timeZone());
        }
        audit.record(tx, clinic, who, "clinic.update", AuditLog.Outcome.SUCCESS, "clinic", clinic.value(),
                changed.isEmpty() ? "no change" : "changed: " + String.join(", ", changed));
    }

    private static boolean databaseKnows(DSLContext tx, String zone) {
        var names = DSL.table(DSL.name("pg_catalog", "pg_timezone_names"));
        return tx.fetchExists(names, DSL.field(DSL.name("name"), String.class).eq(zone));
    }

    /** The page: the submitted form when given, else the stored values; capacity beside it. */
    private void render(Context ctx, Form submitted, int status, boolean saved) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        record Loaded(ClinicDetails details, ClinicCapacity.Usage usage, List<SubscriptionHistory.Change> history) {
        }
        Loaded loaded = tenants.readInClinic(clinic.id(), tx -> new Loaded(details(tx, clinic.id()),
                ClinicCapacity.usage(tx, clinic.id()), SubscriptionHistory.recent(tx, clinic.id(), 20)));
        ClinicDetails d = loaded.details();
        Form form = submitted != null ? submitted : Form.of(Map.of("name", d.name(), "address", d.address(),
                "city", d.city(), "state", d.state(), "postal_code", d.postalCode(), "phone", d.phone(),
                "email", d.email(), "website", d.website(), "time_zone", d.timeZone(), "version", d.version()));
        ctx.status(status);
        pages.render(ctx, "clinic/settings", Map.of("form", form, "details", d, "usage", loaded.usage(),
                "history", loaded.history(), "saved", saved, "readOnly", !clinic.status().allowsWrites(),
                "timeZones", ZONE_OPTIONS, "title", "Clinic settings - Santkrupa"));
    }

    private static ClinicDetails details(DSLContext tx, ClinicId clinic) {
        return tx.select(CLINIC.SLUG, CLINIC.CODE, CLINIC.REGISTRATION_NUMBER, CLINIC.NAME, CLINIC.ADDRESS,
                        CLINIC.CITY, CLINIC.STATE, CLINIC.POSTAL_CODE, CLINIC.PHONE, CLINIC.EMAIL, CLINIC.WEBSITE,
                        CLINIC.TIME_ZONE, CLINIC.VERSION)
                .from(CLINIC)
                .where(CLINIC.ID.eq(clinic.value()))
                .fetchSingle(r -> new ClinicDetails(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(),
                        r.value6(), r.value7(), r.value8(), r.value9(), r.value10(), r.value11(), r.value12(),
                        r.value13()));
    }
}
