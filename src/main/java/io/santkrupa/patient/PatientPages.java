package io.santkrupa.patient;

import io.javalin.http.Context;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.web.Pages;
import io.santkrupa.web.RequestContext;
import io.santkrupa.web.auth.Permission;
import io.santkrupa.web.auth.PermissionMatrix;
import io.santkrupa.web.auth.Principal;

import java.util.Map;

/** Patient search and the patient record, as pages. */
public final class PatientPages {

    private static final int PAGE_SIZE = 25;

    private final TenantTransactions tenants;
    private final PatientRecords records;
    private final Pages pages;

    public PatientPages(TenantTransactions tenants, PatientRecords records, Pages pages) {
        this.tenants = tenants;
        this.records = records;
        this.pages = pages;
    }

    public void search(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        String q = ctx.queryParam("q") == null ? "" : ctx.queryParam("q").strip();
        var found = tenants.readInClinic(clinic.id(), tx -> PatientQueries.search(tx, clinic.id(), q, PAGE_SIZE + 1));
        pages.render(ctx, "patients", Map.of("q", q, "patients", found.stream().limit(PAGE_SIZE).toList(),
                "more", found.size() > PAGE_SIZE, "title", "Patients - Santkrupa"));
    }

    public void show(Context ctx) {
        Principal principal = RequestContext.requirePrincipal(ctx);
        boolean clinical = PermissionMatrix.allows(principal.role(), Permission.PATIENT_CLINICAL);
        var record = records.open(RequestContext.clinic(ctx).id(), ctx.pathParam("patientId"),
                RequestContext.audit(ctx), clinical);
        render(ctx, record, clinical, false);
    }

    /** A patient's own record: the id comes from the session, never from the URL. */
    public void own(Context ctx) {
        Principal principal = RequestContext.requirePrincipal(ctx);
        var record = records.open(RequestContext.clinic(ctx).id(), String.valueOf(principal.patientId()),
                RequestContext.audit(ctx), true);
        render(ctx, record, true, true);
    }

    private void render(Context ctx, PatientRecords.PatientChart record, boolean clinical, boolean own) {
        pages.render(ctx, "patient", Map.of("record", record, "clinical", clinical, "own", own,
                "title", record.patient().firstName() + " " + record.patient().lastName() + " - Santkrupa"));
    }
}
