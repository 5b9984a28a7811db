package io.santkrupa.prescription;

import io.santkrupa.web.PathIds;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.web.Pages;
import io.santkrupa.web.RequestContext;

import java.util.Map;
import java.util.UUID;

/**
 * The printable prescription: for the clinic's doctors, and for the patient it was written for
 * (their own only: any other prescription is the same 404 as an unknown id). One query and the
 * audit row of the read.
 */
public final class PrescriptionPages {

    private final PrescriptionRecords records;
    private final Pages pages;

    public PrescriptionPages(PrescriptionRecords records, Pages pages) {
        this.records = records;
        this.pages = pages;
    }

    /** A doctor's view of any prescription of the clinic. */
    public void print(Context ctx) {
        show(ctx, null, false);
    }

    /** A patient's view: the id in the URL must be one of their own prescriptions. */
    public void printOwn(Context ctx) {
        show(ctx, RequestContext.ownPatientId(ctx), true);
    }

    private void show(Context ctx, UUID onlyPatient, boolean own) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID id = PathIds.parse(ctx.pathParam("prescriptionId")).orElseThrow(NotFoundResponse::new);
        Prescriptions.Printable prescription = records.open(clinic.id(), id, onlyPatient, RequestContext.audit(ctx));
        pages.render(ctx, "prescription/print", Map.of("rx", prescription, "own", own,
                "title", "Prescription " + prescription.patientCode() + " - Santkrupa"));
    }
}
