package io.santkrupa.visit;

import io.santkrupa.web.PathIds;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.patient.PatientQueries;
import io.santkrupa.web.Pages;
import io.santkrupa.web.RequestContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Checking a patient in for one of the clinic's doctors, from the patient's record. */
public final class CheckInPages {

    private final TenantTransactions tenants;
    private final VisitQueue queue;
    private final AuditLog audit;
    private final Pages pages;

    public CheckInPages(TenantTransactions tenants, VisitQueue queue, AuditLog audit, Pages pages) {
        this.tenants = tenants;
        this.queue = queue;
        this.audit = audit;
        this.pages = pages;
    }

    /** GET /patients/{patientId}/check-in */
    public void form(Context ctx) {
        UUID patientId = PathIds.parse(ctx.pathParam("patientId")).orElseThrow(NotFoundResponse::new);
        render(ctx, patientId, "", "", Map.of(), 200, true);
    }

    /** POST /patients/{patientId}/check-in: a waiting visit with the doctor's next token, then the queue. */
    public void checkIn(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID patientId = PathIds.parse(ctx.pathParam("patientId")).orElseThrow(NotFoundResponse::new);
        String doctorValue = ctx.formParam("doctor") == null ? "" : ctx.formParam("doctor").strip();
        String reason = ctx.formParam("reason") == null ? "" : ctx.formParam("reason").strip();
        UUID doctorId = PathIds.parse(doctorValue).orElse(null);
        if (doctorId == null) {
            render(ctx, patientId, doctorValue, reason, Map.of("doctor", "Choose the doctor the patient will see."),
                    422, false);
            return;
        }
        if (reason.length() > VisitQueue.REASON_MAX) {
            render(ctx, patientId, doctorValue, reason, Map.of("reason", "Use at most " + VisitQueue.REASON_MAX + " characters."),
                    422, false);
            return;
        }
        switch (queue.checkIn(clinic, RequestContext.audit(ctx), patientId, doctorId, reason)) {
            case VisitQueue.CheckedIn done -> ctx.redirect("/clinic/" + clinic.slug() + "/queue?doctor=" + doctorId
                    + "&checkedIn=" + done.token(), HttpStatus.SEE_OTHER);
            case VisitQueue.AlreadyQueued queued -> render(ctx, patientId, doctorValue, reason, Map.of("doctor",
                    "This patient is already in this doctor's queue today"
                            + (queued.token() == null ? "." : " (token " + queued.token() + ").")), 409, false);
            case VisitQueue.NoSuchDoctor missing -> render(ctx, patientId, doctorValue, reason,
                    Map.of("doctor", "Choose one of the clinic's doctors from the list."), 422, false);
        }
    }

    /**
     * The form, for the patient and the clinic's active doctors.
     *
     * @param auditRead the first showing reads the patient's record: audited like any read
     */
    private void render(Context ctx, UUID patientId, String doctor, String reason, Map<String, String> errors,
                        int status, boolean auditRead) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        record Loaded(PatientQueries.PatientDetail patient, List<VisitQueue.Doctor> doctors) {
        }
        Loaded loaded = tenants.readInClinic(clinic.id(), tx -> {
            var patient = PatientQueries.find(tx, clinic.id(), patientId).orElseThrow(NotFoundResponse::new);
            if (auditRead) {
                audit.record(tx, clinic.id(), RequestContext.audit(ctx), "patient.read", AuditLog.Outcome.SUCCESS,
                        "patient", patientId, "check-in form");
            }
            var active = VisitQueue.doctors(tx, clinic.id()).stream().filter(VisitQueue.Doctor::active).toList();
            return new Loaded(patient, active);
        });
        Map<String, Object> model = new HashMap<>();
        model.put("patient", loaded.patient());
        model.put("doctors", loaded.doctors());
        // a clinic with one doctor: nothing to choose, so the form comes with that doctor chosen
        model.put("doctor", doctor.isEmpty() && errors.isEmpty() && loaded.doctors().size() == 1
                ? loaded.doctors().getFirst().id().toString() : doctor);
        model.put("reason", reason);
        model.put("doctorError", errors.getOrDefault("doctor", ""));
        model.put("reasonError", errors.getOrDefault("reason", ""));
        model.put("readOnly", !clinic.status().allowsWrites());
        model.put("day", queue.today(clinic));
        model.put("title", "Check in " + loaded.patient().firstName() + " " + loaded.patient().lastName()
                + " - Santkrupa");
        ctx.status(status);
        pages.render(ctx, "visit/check-in", model);
    }
}
