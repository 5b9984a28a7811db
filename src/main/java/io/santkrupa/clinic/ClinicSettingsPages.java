package io.santkrupa.clinic;

import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.UploadedFile;
import io.santkrupa.audit.AuditContext;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.web.Form;
import io.santkrupa.web.Pages;
import io.santkrupa.web.PathIds;
import io.santkrupa.web.RequestContext;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;

/**
 * The clinic admin's settings page: the clinic's name, contact details, time zone and logo (the
 * only columns of the registry the app role may update, V002, V035 and V052), and its usage
 * against the limits the platform sets -- shown, never editable here. Also the logo itself, for
 * the page header of every signed-in user of the clinic.
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

    /**
     * The logo's own address carries its file's id, so each logo is kept by the browser for good
     * and a new one is a new address; private, because only the clinic's signed-in users get it.
     */
    static final String LOGO_CACHING = "private, max-age=31536000, immutable";

    private final TenantTransactions tenants;
    private final AuditLog audit;
    private final ClinicZones zones;
    private final ClinicLogo logo;
    private final Pages pages;

    public ClinicSettingsPages(TenantTransactions tenants, AuditLog audit, ClinicZones zones, ClinicLogo logo,
                               Pages pages) {
        this.tenants = tenants;
        this.audit = audit;
        this.zones = zones;
        this.logo = logo;
        this.pages = pages;
    }

    /** GET /clinic/{slug}/settings */
    public void show(Context ctx) {
        String done = String.valueOf(ctx.queryParam("done"));
        render(ctx, null, 200, done.equals("saved"), switch (done) {
            case "logo" -> "The clinic's logo was saved: it shows in the page header.";
            case "logo-removed" -> "The clinic's logo was removed.";
            case "no-logo" -> "The clinic has no logo to remove.";
            default -> "";
        }, "");
    }

    /** POST /clinic/{slug}/settings/logo: a new logo (multipart), replacing the old one. */
    public void uploadLogo(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UploadedFile upload = ctx.uploadedFile("logo");
        if (upload == null || upload.size() == 0) {
            render(ctx, null, Form.INVALID, false, "", "Choose an image file for the logo.");
            return;
        }
        byte[] content;
        try (InputStream in = upload.content()) {
            content = in.readNBytes(ClinicLogo.MAX_BYTES + 1); // one byte over is enough to refuse it
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            logo.replace(clinic.id(), RequestContext.requirePrincipal(ctx).userId(), RequestContext.audit(ctx),
                    upload.filename(), content);
        } catch (ClinicLogo.Refused refused) {
            render(ctx, null, Form.INVALID, false, "", refused.getMessage());
            return;
        }
        zones.forget(clinic.id()); // this instance's next page shows the new logo
        ctx.redirect("/clinic/" + clinic.slug() + "/settings?done=logo#logo", HttpStatus.SEE_OTHER);
    }

    /** POST /clinic/{slug}/settings/logo/remove */
    public void removeLogo(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        boolean removed = logo.remove(clinic.id(), RequestContext.audit(ctx));
        zones.forget(clinic.id());
        ctx.redirect("/clinic/" + clinic.slug() + "/settings?done=" + (removed ? "logo-removed" : "no-logo") + "#logo",
                HttpStatus.SEE_OTHER);
    }

    /** GET /clinic/{slug}/logo/{logoFileId}: the clinic's current logo, for any of its signed-in users. */
    public void logo(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        ClinicLogo.Image image = logo.load(clinic.id(), PathIds.of(ctx, "logoFileId"))
                .orElseThrow(NotFoundResponse::new);
        // an image a page shows, never a download; nothing of a patient, so it may be kept (SecurityHeaders)
        ctx.header(Header.CACHE_CONTROL, LOGO_CACHING);
        ctx.disableCompression(); // PNG, JPEG and WebP are compressed already
        ctx.contentType(image.contentType());
        ctx.header(Header.CONTENT_LENGTH, String.valueOf(image.content().length));
        ctx.result(image.content());
    }

    /** POST /clinic/{slug}/settings */
    public void update(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        Form form = Form.from(ctx, FIELDS);
        ClinicContact contact = ClinicContact.read(form);
        String timeZone = timeZone(form);
        int version = form.version();
        if (form.hasErrors()) {
            render(ctx, form, Form.INVALID, false, "", "");
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
            render(ctx, refused.applyTo(form), Form.CONFLICT, false, "", "");
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

    /**
     * The page: the submitted form when given, else the stored values; capacity beside it; the
     * logo with what became of the last upload ({@code logoDone}) or why it was refused.
     */
    private void render(Context ctx, Form submitted, int status, boolean saved, String logoDone, String logoError) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        record Loaded(Stored stored, ClinicCapacity.Usage usage, List<SubscriptionHistory.Change> history) {
        }
        Loaded loaded = tenants.readInClinic(clinic.id(), tx -> new Loaded(stored(tx, clinic.id()),
                ClinicCapacity.usage(tx, clinic.id()), SubscriptionHistory.recent(tx, clinic.id(), 20)));
        ClinicDetails d = loaded.stored().details();
        Form form = submitted != null ? submitted : Form.of(Map.of("name", d.name(), "address", d.address(),
                "city", d.city(), "state", d.state(), "postal_code", d.postalCode(), "phone", d.phone(),
                "email", d.email(), "website", d.website(), "time_zone", d.timeZone(), "version", d.version()));
        ctx.status(status);
        Map<String, Object> model = new java.util.HashMap<>(Map.of("form", form, "details", d, "usage", loaded.usage(),
                "history", loaded.history(), "saved", saved, "readOnly", !clinic.status().allowsWrites(),
                "timeZones", ZONE_OPTIONS, "title", "Clinic settings - Santkrupa"));
        model.put("logoPath", new ClinicHeader(d.name(), loaded.stored().logoFileId()).logoPath(clinic.slug()));
        model.put("logoDone", logoDone);
        model.put("logoError", logoError);
        model.put("logoMaxKb", ClinicLogo.MAX_BYTES / 1024);
        pages.render(ctx, "clinic/settings", model);
    }

    private static ClinicDetails details(DSLContext tx, ClinicId clinic) {
        return stored(tx, clinic).details();
    }

    /** The registry row as the page shows it, with the logo's file (not a detail the form edits). */
    private record Stored(ClinicDetails details, java.util.UUID logoFileId) {
    }

    private static Stored stored(DSLContext tx, ClinicId clinic) {
        return tx.select(CLINIC.SLUG, CLINIC.CODE, CLINIC.REGISTRATION_NUMBER, CLINIC.NAME, CLINIC.ADDRESS,
                        CLINIC.CITY, CLINIC.STATE, CLINIC.POSTAL_CODE, CLINIC.PHONE, CLINIC.EMAIL, CLINIC.WEBSITE,
                        CLINIC.TIME_ZONE, CLINIC.VERSION, CLINIC.LOGO_FILE_ID)
                .from(CLINIC)
                .where(CLINIC.ID.eq(clinic.value()))
                .fetchSingle(r -> new Stored(new ClinicDetails(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(),
                        r.value6(), r.value7(), r.value8(), r.value9(), r.value10(), r.value11(), r.value12(),
                        r.value13()), r.value14()));
    }
}
