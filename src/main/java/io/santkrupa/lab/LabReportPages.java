package io.santkrupa.lab;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.web.FileDownload;
import io.santkrupa.web.Pages;
import io.santkrupa.web.PathIds;
import io.santkrupa.web.RequestContext;

import java.util.Map;
import java.util.UUID;

/**
 * The printable lab report of a completed order, and the file the lab attached to it: what the
 * doctor or the desk hands the patient (PRINT_FOR_PATIENT). Each view and each download is an
 * audited read.
 */
public final class LabReportPages {

    private final LabReports reports;
    private final Pages pages;

    public LabReportPages(LabReports reports, Pages pages) {
        this.reports = reports;
        this.pages = pages;
    }

    /** GET /clinic/{slug}/lab-reports/{orderId}. */
    public void print(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        LabReports.Printable report = reports.open(clinic.id(), orderId(ctx), RequestContext.audit(ctx));
        pages.render(ctx, "lab/report", Map.of("report", report,
                "title", report.testName() + " report " + report.patientCode() + " - Santkrupa"));
    }

    /** GET /clinic/{slug}/lab-reports/{orderId}/file. */
    public void file(Context ctx) {
        var file = reports.file(RequestContext.clinic(ctx).id(), orderId(ctx), RequestContext.audit(ctx));
        FileDownload.send(ctx, file.fileName(), file.contentType(), file.content());
    }

    private static UUID orderId(Context ctx) {
        return PathIds.parse(ctx.pathParam("orderId")).orElseThrow(NotFoundResponse::new);
    }
}
