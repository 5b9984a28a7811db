package io.santkrupa.platform;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.santkrupa.clinic.ClinicSlug;
import io.santkrupa.clinic.SubscriptionStatus;
import io.santkrupa.clinic.TimeZones;
import io.santkrupa.phone.PhoneNumbers;
import io.santkrupa.web.FileDownload;
import io.santkrupa.web.Form;
import io.santkrupa.web.Pages;
import io.santkrupa.web.QueryParams;
import io.santkrupa.web.WebSettings;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The super admins' clinic pages: the list (status, limits, usage as counts only), onboarding
 * with the first administrator's one-time link, and one clinic's page where its subscription
 * and limits change with a reason. Nothing here can read a clinic's records: the platform role
 * has no privilege on them.
 */
public final class ClinicConsolePages {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClinicConsolePages.class);
    static final int PAGE_SIZE = 25;
    private static final String[] STATUS_FIELDS = {"subscription_status", "subscription_ends_on", "reason", "version"};
    private static final String[] OFFBOARD_FIELDS = {"confirm"};
    private static final String[] LIMIT_FIELDS = {"max_doctors", "max_patients", "max_receptionists", "reason",
            "version"};
    private static final Map<String, String> STATUS_LABELS = statusLabels();

    /** Confirmations after a redirect, by the {@code done} parameter: a fixed text, never the parameter. */
    private static final Map<String, String> DONE = Map.of(
            "status", "The subscription was changed. The clinic's pages and API follow at once; its administrator sees the reason.",
            "limits", "The limits were changed. Its administrator sees them and the reason on the clinic's settings page.");

    /** ... and on the list, after a clinic left. */
    private static final Map<String, String> LIST_DONE = Map.of(
            "offboarded", "The clinic was offboarded: every row of it was deleted after its export was verified."
                    + " The platform audit log keeps the event.");

    private final ClinicRegistry registry;
    private final ClinicArchives archives;
    private final ClinicOnboarding onboarding;
    private final PlatformAuditPage auditTrail;
    private final Pages pages;
    private final WebSettings settings;

    public ClinicConsolePages(ClinicRegistry registry, ClinicArchives archives, ClinicOnboarding onboarding,
                              PlatformAuditPage auditTrail, Pages pages, WebSettings settings) {
        this.registry = registry;
        this.archives = archives;
        this.onboarding = onboarding;
        this.auditTrail = auditTrail;
        this.pages = pages;
        this.settings = settings;
    }

    /** GET /platform: every clinic, filtered and sorted, 25 to a page. */
    public void list(Context ctx) {
        String text = QueryParams.text(ctx, "q");
        String status = QueryParams.text(ctx, "status");
        ClinicRegistry.Sort sort = ClinicRegistry.Sort.parse(QueryParams.text(ctx, "sort"));
        SubscriptionStatus statusFilter = STATUS_LABELS.containsKey(status) ? SubscriptionStatus.fromDbValue(status) : null;
        ClinicRegistry.Page page = registry.list(new ClinicRegistry.Query(text.length() > 100 ? text.substring(0, 100) : text,
                statusFilter, sort, QueryParams.text(ctx, "after"), PAGE_SIZE));
        Map<String, Object> model = PlatformRequest.model(ctx, "Clinics");
        model.put("rows", page.rows());
        model.put("next", page.next() == null ? "" : page.next());
        model.put("filters", Map.of("q", text, "status", statusFilter == null ? "" : status, "sort", sort.value()));
        model.put("statuses", STATUS_LABELS);
        model.put("firstPage", QueryParams.text(ctx, "after").isEmpty());
        model.put("done", LIST_DONE.getOrDefault(QueryParams.text(ctx, "done"), ""));
        pages.render(ctx, "platform/clinics", model);
    }

    /** GET /platform/clinics/new */
    public void newForm(Context ctx) {
        Form form = Form.of(Map.of("time_zone", TimeZones.DEFAULT,
                "phone_country", ClinicOnboarding.DEFAULT_PHONE_COUNTRY, "subscription_status", "trial",
                "max_doctors", Limits.TRIAL.doctors(), "max_patients", Limits.TRIAL.patients(),
                "max_receptionists", Limits.TRIAL.receptionists()));
        renderNew(ctx, form, 200);
    }

    /** POST /platform/clinics: the clinic and its first administrator, then the link, shown once. */
    public void onboard(Context ctx) {
        Form form = Form.from(ctx, ClinicOnboarding.FIELDS);
        Optional<ClinicOnboarding.NewClinic> clinic = ClinicOnboarding.read(form);
        if (clinic.isEmpty()) {
            renderNew(ctx, form, Form.INVALID);
            return;
        }
        ClinicOnboarding.Onboarded onboarded;
        try {
            onboarded = onboarding.onboard(clinic.get(), PlatformRequest.actor(ctx));
        } catch (Form.Refused refused) {
            renderNew(ctx, refused.applyTo(form), Form.CONFLICT);
            return;
        }
        renderLink(ctx, onboarded.slug(), clinic.get().contact().name(), onboarded.adminUsername(),
                onboarded.setPasswordPath(), onboarded.linkExpiresAt(), true);
    }

    /** GET /platform/clinics/{slug} */
    public void show(Context ctx) {
        ClinicRegistry.ClinicRow clinic = clinic(ctx);
        renderClinic(ctx, clinic, statusForm(clinic), limitsForm(clinic), Form.empty(), 200);
    }

    /**
     * POST /platform/clinics/{slug}/export: the clinic's archive, streamed to the browser as it is
     * read (export-clinic's, in one snapshot), then {@code clinic.exported} in the platform's trail.
     * A POST with the session's CSRF token, like every action of the console: it reads a whole
     * clinic, so no link from elsewhere may start it.
     */
    public void export(Context ctx) throws Exception {
        ClinicRegistry.ClinicRow clinic = clinic(ctx);
        String file = clinic.slug() + "-" + LocalDate.now(java.time.ZoneOffset.UTC) + ".santkrupa.zip";
        java.io.OutputStream out = FileDownload.streamed(ctx, file, "application/zip");
        ClinicArchives.Exported exported;
        try {
            exported = archives.export(clinic.id().value(), clinic.slug(), out);
            out.flush();
        } catch (Exception e) {
            LOG.warn("request {}: the export of clinic {} stopped half-way ({}); the download was cut off",
                    io.santkrupa.web.RequestContext.requestId(ctx), clinic.id().value(), e.getClass().getSimpleName());
            registry.recordExportCutOff(clinic.id(), clinic.slug(), e.getClass().getSimpleName(), PlatformRequest.actor(ctx));
            FileDownload.failed(ctx, e);
            return;
        }
        registry.recordExport(clinic.id(), clinic.slug(), exported, PlatformRequest.actor(ctx));
    }

    /**
     * POST /platform/clinics/{slug}/offboard (multipart): the typed slug and the export the admin
     * downloaded, verified exactly as offboard-clinic verifies it, inside the deleting transaction.
     */
    public void offboard(Context ctx) throws java.io.IOException {
        ClinicRegistry.ClinicRow clinic = clinic(ctx);
        Form form = Form.from(ctx, OFFBOARD_FIELDS);
        Optional<String> unavailable = archives.offboardingUnavailable();
        if (unavailable.isPresent()) {
            form.error(Form.WHOLE_FORM, unavailable.get());
            renderClinic(ctx, clinic, statusForm(clinic), limitsForm(clinic), Form.empty(), form, Form.CONFLICT);
            return;
        }
        if (clinic.status() != SubscriptionStatus.SUSPENDED) {
            form.error(Form.WHOLE_FORM, "Only a suspended clinic can be offboarded: suspend it first, download its"
                    + " export, then offboard it. Nothing was deleted.");
            renderClinic(ctx, clinic, statusForm(clinic), limitsForm(clinic), Form.empty(), form, Form.CONFLICT);
            return;
        }
        if (!form.value("confirm").equals(clinic.slug())) {
            form.error("confirm", "Type the clinic's web address, " + clinic.slug() + ", exactly. Nothing was deleted.");
        }
        io.javalin.http.UploadedFile upload = ctx.uploadedFile("export");
        if (upload == null || upload.size() == 0) {
            form.error("export", "Choose the export you downloaded (" + clinic.slug() + "-....santkrupa.zip).");
        }
        if (form.hasErrors()) {
            renderClinic(ctx, clinic, statusForm(clinic), limitsForm(clinic), Form.empty(), form, Form.INVALID);
            return;
        }
        java.nio.file.Path copy = java.nio.file.Files.createTempFile("santkrupa-offboard-", ".zip"); // owner-only
        try {
            try (java.io.InputStream in = upload.content()) {
                java.nio.file.Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            try (var working = io.santkrupa.web.LongRequest.allow(ctx, java.time.Duration.ofMinutes(15))) {
                archives.offboard(clinic.slug(), copy, PlatformRequest.actor(ctx));
            }
        } catch (ClinicArchives.Refused refused) {
            form.error(refused.archive() ? "export" : Form.WHOLE_FORM, refused.getMessage());
            renderClinic(ctx, clinic, statusForm(clinic), limitsForm(clinic), Form.empty(), form,
                    refused.archive() ? Form.INVALID : Form.CONFLICT);
            return;
        } finally {
            java.nio.file.Files.deleteIfExists(copy);
        }
        ctx.redirect("/platform?done=offboarded", HttpStatus.SEE_OTHER);
    }

    /** POST /platform/clinics/{slug}/status */
    public void changeStatus(Context ctx) {
        ClinicRegistry.ClinicRow clinic = clinic(ctx);
        Form form = Form.from(ctx, STATUS_FIELDS);
        String status = form.oneOf("subscription_status", "Subscription", STATUS_LABELS.keySet());
        LocalDate endsOn = form.date("subscription_ends_on", "Ends on").orElse(null);
        String reason = ClinicRegistry.reason(form, "reason");
        int version = form.version();
        if (!form.hasErrors() && status.equals(clinic.statusValue()) && java.util.Objects.equals(endsOn, clinic.subscriptionEndsOn())) {
            form.error("subscription_status", "The clinic is " + STATUS_LABELS.get(status).toLowerCase()
                    + " already, with that end date. Choose another status or date.");
        }
        if (form.hasErrors()) {
            renderClinic(ctx, clinic, form, limitsForm(clinic), Form.empty(), Form.INVALID);
            return;
        }
        try {
            orNotFound(() -> registry.changeStatus(clinic.id(), version, SubscriptionStatus.fromDbValue(status), endsOn,
                    reason, PlatformRequest.actor(ctx)));
        } catch (Form.Refused refused) {
            renderClinic(ctx, clinic, refused.applyTo(form), limitsForm(clinic), Form.empty(), Form.CONFLICT);
            return;
        }
        ctx.redirect("/platform/clinics/" + clinic.slug() + "?done=status", HttpStatus.SEE_OTHER);
    }

    /** POST /platform/clinics/{slug}/limits */
    public void changeLimits(Context ctx) {
        ClinicRegistry.ClinicRow clinic = clinic(ctx);
        Form form = Form.from(ctx, LIMIT_FIELDS);
        Limits limits = ClinicRegistry.limits(form);
        String reason = ClinicRegistry.reason(form, "reason");
        int version = form.version();
        if (!form.hasErrors() && limits.equals(clinic.limits())) {
            form.error("max_doctors", "These are the clinic's limits already. Change at least one.");
        }
        if (form.hasErrors()) {
            renderClinic(ctx, clinic, statusForm(clinic), form, Form.empty(), Form.INVALID);
            return;
        }
        try {
            orNotFound(() -> registry.changeLimits(clinic.id(), version, limits.doctors(), limits.patients(),
                    limits.receptionists(), reason, PlatformRequest.actor(ctx)));
        } catch (Form.Refused refused) {
            renderClinic(ctx, clinic, statusForm(clinic), refused.applyTo(form), Form.empty(), Form.CONFLICT);
            return;
        }
        ctx.redirect("/platform/clinics/" + clinic.slug() + "?done=limits", HttpStatus.SEE_OTHER);
    }

    /** POST /platform/clinics/{slug}/admin-link: a new link while the first administrator has none in use. */
    public void reissueLink(Context ctx) {
        ClinicRegistry.ClinicRow clinic = clinic(ctx);
        ClinicRegistry.NewLink link;
        try {
            link = registry.reissueAdminLink(clinic.id(), clinic.slug(), PlatformRequest.actor(ctx));
        } catch (Form.Refused refused) {
            renderClinic(ctx, clinic, statusForm(clinic), limitsForm(clinic), refused.applyTo(Form.empty()), Form.CONFLICT);
            return;
        }
        renderLink(ctx, clinic.slug(), clinic.name(), null, link.setPasswordPath(), link.expiresAt(), false);
    }

    private static <T> T orNotFound(java.util.function.Supplier<T> change) {
        try {
            return change.get();
        } catch (ClinicRegistry.UnknownClinic gone) {
            throw new NotFoundResponse();
        }
    }

    private ClinicRegistry.ClinicRow clinic(Context ctx) {
        String slug = ctx.pathParam("slug");
        if (!ClinicSlug.wellFormed(slug)) {
            throw new NotFoundResponse();
        }
        return registry.find(slug).orElseThrow(NotFoundResponse::new);
    }

    private void renderNew(Context ctx, Form form, int status) {
        Map<String, Object> model = PlatformRequest.model(ctx, "Onboard a clinic");
        model.put("form", form);
        model.put("timeZones", TimeZones.choices().stream().collect(LinkedHashMap::new, (m, z) -> m.put(z, z), Map::putAll));
        model.put("phoneCountries", PhoneNumbers.countryChoices());
        Map<String, String> starting = new LinkedHashMap<>();
        starting.put("trial", "Trial");
        starting.put("active", "Active");
        model.put("startingStatuses", starting);
        ctx.status(status);
        pages.render(ctx, "platform/clinic-new", model);
    }

    private void renderLink(Context ctx, String slug, String name, String adminUsername, String path,
                            java.time.OffsetDateTime expires, boolean onboarded) {
        Map<String, Object> model = PlatformRequest.model(ctx, onboarded ? "Clinic onboarded" : "New link");
        model.put("slug", slug);
        model.put("name", name);
        model.put("adminUsername", adminUsername);
        model.put("link", baseUrl(ctx) + path);
        model.put("expiresAt", expires);
        model.put("onboarded", onboarded);
        pages.render(ctx, "platform/link", model);
    }

    private void renderClinic(Context ctx, ClinicRegistry.ClinicRow clinic, Form statusForm, Form limitsForm,
                              Form linkForm, int status) {
        renderClinic(ctx, clinic, statusForm, limitsForm, linkForm, Form.empty(), status);
    }

    private void renderClinic(Context ctx, ClinicRegistry.ClinicRow clinic, Form statusForm, Form limitsForm,
                              Form linkForm, Form offboardForm, int status) {
        Map<String, Object> model = PlatformRequest.model(ctx, clinic.name());
        model.put("offboardForm", offboardForm);
        model.put("suspended", clinic.status() == SubscriptionStatus.SUSPENDED);
        model.put("offboardingUnavailable", archives.offboardingUnavailable().orElse(""));
        model.put("c", clinic);
        model.put("statusForm", statusForm);
        model.put("limitsForm", limitsForm);
        model.put("linkForm", linkForm);
        model.put("statuses", STATUS_LABELS);
        model.put("history", auditTrail.ofClinic(clinic.id(), 50));
        model.put("done", DONE.getOrDefault(QueryParams.text(ctx, "done"), ""));
        ctx.status(status);
        pages.render(ctx, "platform/clinic", model);
    }

    private static Form statusForm(ClinicRegistry.ClinicRow clinic) {
        return Form.of(Map.of("subscription_status", clinic.statusValue(),
                "subscription_ends_on", clinic.subscriptionEndsOn() == null ? "" : clinic.subscriptionEndsOn().toString(),
                "version", clinic.version()));
    }

    private static Form limitsForm(ClinicRegistry.ClinicRow clinic) {
        return Form.of(Map.of("max_doctors", clinic.limits().doctors(), "max_patients", clinic.limits().patients(),
                "max_receptionists", clinic.limits().receptionists(), "version", clinic.version()));
    }

    /**
     * Where this console was reached, as the person onboarding sees it: they copy the link on. Behind
     * TLS (secure cookies) the link is https whatever the proxy spoke to us.
     */
    private String baseUrl(Context ctx) {
        String host = ctx.host();
        return (settings.secureCookies() ? "https" : ctx.scheme()) + "://"
                + (host == null || host.isBlank() ? "127.0.0.1" : host);
    }

    private static Map<String, String> statusLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("trial", "Trial");
        labels.put("active", "Active");
        labels.put("expired", "Expired (read-only)");
        labels.put("suspended", "Suspended (closed)");
        return labels;
    }
}
