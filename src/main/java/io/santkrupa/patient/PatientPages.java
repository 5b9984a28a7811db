package io.santkrupa.patient;

import io.santkrupa.web.PathIds;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.lab.LabQueries;
import io.santkrupa.prescription.DeskPrescriptions;
import io.santkrupa.phone.PhoneNumbers;
import io.santkrupa.web.KeysetCursor;
import io.santkrupa.web.Pages;
import io.santkrupa.web.RequestContext;
import io.santkrupa.web.auth.Permission;
import io.santkrupa.web.auth.PermissionMatrix;
import io.santkrupa.web.auth.Principal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Patient search, the patient record, and registering and editing a patient, as pages. */
public final class PatientPages {

    private static final int PAGE_SIZE = 25;

    private final TenantTransactions tenants;
    private final PatientRecords records;
    private final PatientRegistry registry;
    private final AuditLog audit;
    private final Pages pages;
    private final PatientPortal portal;

    public PatientPages(TenantTransactions tenants, PatientRecords records, PatientRegistry registry, AuditLog audit,
                        Pages pages, PatientPortal portal) {
        this.tenants = tenants;
        this.records = records;
        this.registry = registry;
        this.audit = audit;
        this.pages = pages;
        this.portal = portal;
    }

    /** What one search found, and how the clinic writes phone numbers (to read the query and show the results). */
    private record Found(PhoneNumbers phones, PatientSearch.Criteria criteria,
                         List<PatientQueries.PatientSummary> patients) {
    }

    /**
     * GET /patients?q=...&after=...: one page of 25, in one query whatever the clinic's size (and
     * one primary-key read of the clinic's phone country before it, and the search's audit event
     * after it).
     */
    public void search(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        String q = param(ctx, "q");
        UUID after = PathIds.parse(param(ctx, "after")).orElse(null);
        Found result = tenants.readInClinic(clinic.id(), tx -> {
            PhoneNumbers phones = PatientQueries.clinicPhones(tx, clinic.id());
            PatientSearch.Criteria criteria = PatientSearch.parse(q, phones);
            var found = PatientSearch.run(tx, clinic.id(), criteria, after, PAGE_SIZE + 1);
            PatientSearch.audit(audit, tx, clinic.id(), RequestContext.audit(ctx), criteria,
                    found.stream().limit(PAGE_SIZE).toList());
            return new Found(phones, criteria, found);
        });
        var found = result.patients();
        var page = found.stream().limit(PAGE_SIZE).toList();
        Map<String, Object> model = new HashMap<>();
        model.put("q", q);
        model.put("kind", result.criteria().kind().label());
        model.put("phones", result.phones());
        model.put("today", registry.today(clinic));
        model.put("patients", page);
        model.put("next", found.size() > PAGE_SIZE ? page.getLast().id().toString() : "");
        model.put("paged", after != null);
        model.put("title", "Patients - Santkrupa");
        pages.render(ctx, "patient/search", model);
    }

    public void show(Context ctx) {
        showChart(ctx, Map.of(), 200);
    }

    /** The chart, with {@code extra} in its model (a refused document upload's form) and {@code status}. */
    void showChart(Context ctx, Map<String, Object> extra, int status) {
        Principal principal = RequestContext.requirePrincipal(ctx);
        boolean clinical = PermissionMatrix.allows(principal.role(), Permission.PATIENT_CLINICAL);
        var pagesOf = pages(ctx);
        CurrentClinic clinic = RequestContext.clinic(ctx);
        boolean managesPortal = PermissionMatrix.allows(principal.role(), Permission.PORTAL_INVITE);
        // the desk prints lab reports and prescriptions for the patient without reading them on the chart
        boolean listsLabReports = !clinical && PermissionMatrix.allows(principal.role(), Permission.PRINT_FOR_PATIENT);
        record DeskReads(PatientPortal.Status portal, List<LabQueries.ReportRow> labReports,
                         List<DeskPrescriptions.Row> prescriptions) {
        }
        // the desk's portal panel, its lab reports and prescriptions to print are read in the record's own transaction
        var opened = records.open(clinic.id(), ctx.pathParam("patientId"), RequestContext.audit(ctx), clinical, pagesOf,
                (tx, id) -> new DeskReads(managesPortal ? portal.status(tx, clinic.id(), id) : null,
                        listsLabReports ? LabQueries.reportsForPatient(tx, clinic.id(), id, pagesOf.testsBefore(),
                                PatientRecords.CLINICAL_PER_PAGE + 1) : List.of(),
                        listsLabReports ? DeskPrescriptions.forPatient(tx, clinic.id(), id, pagesOf.prescriptionsBefore(),
                                PatientRecords.CLINICAL_PER_PAGE + 1) : List.of()));
        var record = opened.chart();
        Map<String, Object> model = new HashMap<>(extra);
        if (listsLabReports) {
            List<LabQueries.ReportRow> reports = opened.alongside().labReports();
            List<LabQueries.ReportRow> shown = reports.stream().limit(PatientRecords.CLINICAL_PER_PAGE).toList();
            model.put("labReports", shown);
            model.put("olderLabReports", reports.size() > shown.size()
                    ? new KeysetCursor(shown.getLast().completedAt(), shown.getLast().orderId()).toString() : "");
            List<DeskPrescriptions.Row> prescriptions = opened.alongside().prescriptions();
            List<DeskPrescriptions.Row> listed = prescriptions.stream().limit(PatientRecords.CLINICAL_PER_PAGE).toList();
            model.put("deskPrescriptions", listed);
            model.put("olderDeskPrescriptions", prescriptions.size() > listed.size()
                    ? new KeysetCursor(listed.getLast().prescribedAt(), listed.getLast().id()).toString() : "");
        }
        if (managesPortal) {
            model.put("portal", opened.alongside().portal());
            model.put("portalForm", io.santkrupa.web.Form.empty());
            model.put("portalFrom", "chart");
            model.put("portalDone", PatientPortalPages.done(ctx));
            model.put("portalWritable", clinic.status().allowsWrites());
        }
        model.putIfAbsent("documentForm", io.santkrupa.web.Form.empty());
        ctx.status(status);
        render(ctx, record, clinical, principal, "/clinic/" + clinic.slug() + "/patients/" + record.patient().id(),
                model);
    }

    /** A patient's own record: the id comes from the session, never from the URL. */
    public void own(Context ctx) {
        Principal principal = RequestContext.requirePrincipal(ctx);
        var pagesOf = pages(ctx);
        var record = records.open(RequestContext.clinic(ctx).id(), RequestContext.ownPatientId(ctx).toString(),
                RequestContext.audit(ctx), true, pagesOf);
        render(ctx, record, true, principal, "/clinic/" + RequestContext.clinic(ctx).slug() + "/my-record",
                new HashMap<>(Map.of("documentForm", io.santkrupa.web.Form.empty())));
    }

    private void render(Context ctx, PatientRecords.PatientChart record, boolean clinical, Principal principal,
                        String self, Map<String, Object> model) {
        model.put("record", record);
        model.put("clinical", clinical);
        model.put("self", self);
        model.put("own", self.endsWith("/my-record"));
        model.put("olderVisits", record.olderVisits() == null ? "" : record.olderVisits().toString());
        model.put("visitsPaged", ctx.queryParam("visitsBefore") != null);
        model.put("canEdit", PermissionMatrix.allows(principal.role(), Permission.PATIENT_REGISTER));
        model.put("today", registry.today(RequestContext.clinic(ctx)));
        model.put("canCheckIn", PermissionMatrix.allows(principal.role(), Permission.VISIT_CHECK_IN));
        model.put("notice", ctx.queryParam("registered") != null ? "Registered. The patient's code is "
                + record.patient().code() + "."
                : ctx.queryParam("saved") != null ? "Details saved."
                : ctx.queryParam("document") != null ? "Document uploaded: it is on the record, and the patient sees it too." : "");
        model.put("canUpload", PermissionMatrix.allows(principal.role(), Permission.CONSULTATION)
                && RequestContext.clinic(ctx).status().allowsWrites());
        model.put("documentTypes", PatientDocuments.TYPE_LABELS);
        model.putIfAbsent("portal", null);
        model.put("title", record.patient().firstName() + " " + record.patient().lastName() + " - Santkrupa");
        pages.render(ctx, "patient/chart", model);
    }

    /** GET /patients/new */
    public void newForm(Context ctx) {
        PhoneNumbers phones = registry.phoneNumbers(RequestContext.clinic(ctx).id());
        PatientRegistry.Capacity capacity = registry.capacity(RequestContext.clinic(ctx).id());
        Map<String, Object> extra = new HashMap<>();
        extra.put("full", capacity.full());
        if (capacity.full()) {
            extra.put("capacity", atCapacity(capacity.limit()));
        } else if (capacity.left() <= Math.max(5, capacity.limit() / 20)) {
            // nearly full: the desk hears it before, not after, filling in the form
            extra.put("capacityNotice", capacity.left() == 1 ? "One more patient can be registered under the clinic's "
                    + "plan (" + capacity.limit() + " patients)." : capacity.left() + " more patients can be registered "
                    + "under the clinic's plan (" + capacity.limit() + " patients).");
        }
        renderForm(ctx, PatientForm.empty(), phones, null, 0, extra, 200);
    }

    private static String atCapacity(int limit) {
        return "This clinic has reached its limit of " + limit + " patients, so no more can be "
                + "registered. The clinic administrator can ask for a larger plan.";
    }

    /** POST /patients: validate, check duplicates and capacity, register; then to the new chart. */
    public void register(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        PatientForm form = PatientForm.submitted(ctx::formParam);
        PhoneNumbers phones = registry.phoneNumbers(clinic.id());
        var patient = form.validate(registry.today(clinic), phones);
        if (patient.isEmpty()) {
            renderForm(ctx, form, phones, null, 0, Map.of(), 422);
            return;
        }
        boolean anyway = "yes".equals(ctx.formParam("registerAnyway"));
        switch (registry.register(clinic, RequestContext.audit(ctx), patient.get(), anyway)) {
            case PatientRegistry.Registered registered -> ctx.redirect("/clinic/" + clinic.slug() + "/patients/"
                    + registered.id() + "?registered", HttpStatus.SEE_OTHER);
            case PatientRegistry.PossibleDuplicates duplicates ->
                    renderForm(ctx, form, phones, null, 0, Map.of("duplicates", duplicates.matches()), 409);
            case PatientRegistry.AtCapacity full -> renderForm(ctx, form, phones, null, 0, Map.of("capacity",
                    atCapacity(full.limit())), 409);
        }
    }

    /** GET /patients/{patientId}/edit: the form with the stored details and their version. */
    public void editForm(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID id = PathIds.parse(ctx.pathParam("patientId")).orElseThrow(NotFoundResponse::new);
        var patient = tenants.readInClinic(clinic.id(), tx -> {
            var found = PatientQueries.find(tx, clinic.id(), id).orElseThrow(NotFoundResponse::new);
            audit.record(tx, clinic.id(), RequestContext.audit(ctx), "patient.read", AuditLog.Outcome.SUCCESS,
                    "patient", id, "edit form");
            return found;
        });
        renderForm(ctx, PatientForm.of(patient, registry.today(clinic)), PhoneNumbers.of(patient.phoneCountry()), patient,
                patient.version(),
                Map.of(), 200);
    }

    /** POST /patients/{patientId}/edit: saves unless someone saved since the form was opened. */
    public void update(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID id = PathIds.parse(ctx.pathParam("patientId")).orElseThrow(NotFoundResponse::new);
        PatientForm form = PatientForm.submitted(ctx::formParam);
        int version = version(ctx.formParam("version"));
        PhoneNumbers phones = registry.phoneNumbers(clinic.id());
        var patient = form.validate(registry.today(clinic), phones);
        if (patient.isEmpty()) {
            var current = tenants.readInClinic(clinic.id(), tx -> PatientQueries.find(tx, clinic.id(), id))
                    .orElseThrow(NotFoundResponse::new);
            renderForm(ctx, form, phones, current, version, Map.of(), 422);
            return;
        }
        switch (registry.update(clinic.id(), RequestContext.audit(ctx), id, version, patient.get())) {
            case PatientRegistry.Saved saved -> ctx.redirect("/clinic/" + clinic.slug() + "/patients/" + id + "?saved",
                    HttpStatus.SEE_OTHER);
            // what the user typed stays in the form; the newer details are shown beside it, and
            // saving again (at the new version) is a deliberate choice
            case PatientRegistry.Stale stale -> renderForm(ctx, form, phones, stale.current(),
                    stale.current().version(),
                    Map.of("stale", PatientForm.of(stale.current(), registry.today(clinic)).form()), 409);
        }
    }

    private void renderForm(Context ctx, PatientForm form, PhoneNumbers phones, PatientQueries.PatientDetail patient,
                            int version, Map<String, Object> extra, int status) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        Map<String, Object> model = new HashMap<>(extra);
        model.put("form", form.form());
        model.put("phones", phones);
        model.put("today", registry.today(clinic));
        model.put("genders", PatientForm.GENDER_LABELS);
        model.put("bloodGroups", PatientForm.BLOOD_GROUP_LABELS);
        model.put("patient", patient);
        model.put("version", version);
        model.put("action", patient == null ? "/clinic/" + clinic.slug() + "/patients"
                : "/clinic/" + clinic.slug() + "/patients/" + patient.id() + "/edit");
        model.put("readOnly", !clinic.status().allowsWrites());
        model.putIfAbsent("duplicates", List.of());
        model.putIfAbsent("capacity", "");
        model.putIfAbsent("capacityNotice", "");
        model.putIfAbsent("full", false);
        model.putIfAbsent("stale", null);
        model.put("title", (patient == null ? "Register a patient" : "Edit " + patient.firstName() + " "
                + patient.lastName()) + " - Santkrupa");
        ctx.status(status);
        pages.render(ctx, "patient/form", model);
    }

    private static int version(String value) {
        try {
            return value == null ? -1 : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Which page of each history section the address asks for. */
    private static PatientRecords.Pages pages(Context ctx) {
        return new PatientRecords.Pages(PathIds.parse(param(ctx, "visitsBefore")).orElse(null),
                KeysetCursor.parse(ctx.queryParam("notesBefore")).orElse(null),
                KeysetCursor.parse(ctx.queryParam("testsBefore")).orElse(null),
                KeysetCursor.parse(ctx.queryParam("rxBefore")).orElse(null),
                KeysetCursor.parse(ctx.queryParam("docsBefore")).orElse(null));
    }

    private static String param(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null ? "" : value.strip();
    }
}
