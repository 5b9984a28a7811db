package io.santkrupa.visit;

import io.santkrupa.web.PathIds;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.lab.TestOrderForm;
import io.santkrupa.lab.TestOrders;
import io.santkrupa.prescription.AllergyClasses;
import io.santkrupa.prescription.PrescriptionForm;
import io.santkrupa.prescription.Prescriptions;
import io.santkrupa.web.KeysetCursor;
import io.santkrupa.web.Pages;
import io.santkrupa.web.RequestContext;
import io.santkrupa.web.auth.Principal;
import org.jooq.DSLContext;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.santkrupa.visit.Consultations.IN_CONSULTATION;
import static io.santkrupa.visit.Consultations.WAITING;

/**
 * The doctor's consultation page of a visit: the patient's summary (allergies first), history,
 * prescriptions and results, and -- for the visit's own doctor while the consultation is under
 * way -- the note, prescription and test order forms and the completion of the visit.
 *
 * <p>Reading the page is a read of the patient's record (audited as such) and costs a fixed
 * number of queries: one per section, never one per row. Every form posts to its own route;
 * a refused submit shows the page again with the typed values and a message next to each field,
 * and writes nothing; a successful one redirects back to the page (post-redirect-get).
 */
public final class ConsultationPages {

    static final int VISITS_PAGE = 25;
    /** Smaller pages than plain lists: each prescription or order carries its items or results. */
    static final int PRESCRIPTIONS_PAGE = 10;
    static final int RESULTS_PAGE = 10;

    /** How far down the day's queue the next waiting patient is looked for. */
    private static final int NEXT_PATIENT_LOOKAHEAD = 100;
    private static final Map<String, String> NOTICES = Map.of(
            "started", "Consultation started.",
            "note-saved", "Note saved.",
            "completed", "Visit completed.",
            "prescribed", "Prescription saved.",
            "ordered", "Tests ordered.",
            "not-started", "Start the consultation first: nothing was saved.",
            "closed", "This visit is no longer open: nothing was changed.");

    /** What the forms show: as typed after a refused submit, else the saved state. */
    record Forms(ConsultationNoteForm note, boolean noteStale, PrescriptionForm prescription,
                 TestOrderForm testOrder, List<AllergyClasses.Conflict> allergyWarnings) {
        static Forms fresh() {
            return new Forms(null, false, PrescriptionForm.blank(), TestOrderForm.blank(), List.of());
        }

        Forms withNote(ConsultationNoteForm form, boolean stale) {
            return new Forms(form, stale, prescription, testOrder, allergyWarnings);
        }

        Forms withPrescription(PrescriptionForm form) {
            return new Forms(note, noteStale, form, testOrder, allergyWarnings);
        }

        /** The prescription as typed, with what the doctor must confirm before it is written. */
        Forms withAllergyWarnings(PrescriptionForm form, List<AllergyClasses.Conflict> warnings) {
            return new Forms(note, noteStale, form, testOrder, List.copyOf(warnings));
        }

        Forms withTestOrder(TestOrderForm form) {
            return new Forms(note, noteStale, prescription, form, allergyWarnings);
        }
    }

    /** How a submit ended: done (redirect, with a notice), or refused (the page again, with messages). */
    private sealed interface Outcome {
    }

    private record Done(String notice, String anchor) implements Outcome {
    }

    private record Refused(Forms forms, int status) implements Outcome {
    }

    private final TenantTransactions tenants;
    private final ConsultationWork work;
    private final AuditLog audit;
    private final Pages pages;

    public ConsultationPages(TenantTransactions tenants, ConsultationWork work, AuditLog audit, Pages pages) {
        this.tenants = tenants;
        this.work = work;
        this.audit = audit;
        this.pages = pages;
    }

    public void show(Context ctx) {
        render(ctx, visitId(ctx), Forms.fresh(), 200);
    }

    /** "Start consultation": waiting -> in consultation, by the visit's doctor. */
    public void start(Context ctx) {
        UUID visitId = visitId(ctx);
        respond(ctx, visitId, write(ctx, visitId, true, (tx, clinic, visit) -> {
            if (!WAITING.equals(visit.status())) {
                return new Done(IN_CONSULTATION.equals(visit.status()) ? null : "closed", "");
            }
            Consultations.start(tx, clinic, visitId, now());
            audit.record(tx, clinic, RequestContext.audit(ctx), "consultation.start", AuditLog.Outcome.SUCCESS,
                    "patient_visit", visitId, "");
            return new Done("started", "#note");
        }));
    }

    /** Saves the visit's note (vitals, complaint, diagnosis, notes, follow-up). */
    public void saveNote(Context ctx) {
        UUID visitId = visitId(ctx);
        ConsultationNoteForm form = ConsultationNoteForm.parse(ctx::formParam);
        respond(ctx, visitId, write(ctx, visitId, false, (tx, clinic, visit) -> {
            Optional<Outcome> refused = saveNote(ctx, tx, clinic, visit, form, false);
            return refused.orElse(new Done("note-saved", "#note"));
        }));
    }

    /** "Save and complete visit": the note as submitted, which must carry a diagnosis, then completed. */
    public void complete(Context ctx) {
        UUID visitId = visitId(ctx);
        ConsultationNoteForm form = ConsultationNoteForm.parse(ctx::formParam);
        respond(ctx, visitId, write(ctx, visitId, false, (tx, clinic, visit) -> {
            Optional<Outcome> refused = saveNote(ctx, tx, clinic, visit, form, true);
            if (refused.isPresent()) {
                return refused.get();
            }
            Consultations.complete(tx, clinic, visitId, now());
            audit.record(tx, clinic, RequestContext.audit(ctx), "consultation.complete", AuditLog.Outcome.SUCCESS,
                    "patient_visit", visitId, "");
            return new Done("completed", "");
        }));
    }

    /** A prescription for the visit's patient from the clinic's active medicines, with its items. */
    public void prescribe(Context ctx) {
        UUID visitId = visitId(ctx);
        PrescriptionForm form = PrescriptionForm.parse(ctx::formParam);
        boolean allergyConfirmed = "on".equals(ctx.formParam("allergyOverride"));
        var outcome = work.prescribe(RequestContext.clinic(ctx).id(), visitId,
                RequestContext.requirePrincipal(ctx).userId(), RequestContext.audit(ctx), form, allergyConfirmed);
        respond(ctx, visitId, switch (outcome) {
            case ConsultationWork.Written<UUID> written -> new Done("prescribed", "#prescriptions");
            case ConsultationWork.Invalid<UUID> invalid -> new Refused(Forms.fresh().withPrescription(form), 422);
            case ConsultationWork.Refused<UUID> refused -> refusal(refused.refusal());
            case ConsultationWork.AllergyWarning<UUID> warning ->
                    new Refused(Forms.fresh().withAllergyWarnings(form, warning.conflicts()), 409);
        });
    }

    /** Orders one or more active tests of the catalog for the visit's patient. */
    public void orderTests(Context ctx) {
        UUID visitId = visitId(ctx);
        TestOrderForm form = TestOrderForm.parse(ctx.formParamMap());
        var outcome = work.orderTests(RequestContext.clinic(ctx).id(), visitId,
                RequestContext.requirePrincipal(ctx).userId(), RequestContext.audit(ctx), form);
        respond(ctx, visitId, switch (outcome) {
            case ConsultationWork.Written<List<UUID>> written -> new Done("ordered", "#tests");
            case ConsultationWork.Invalid<List<UUID>> invalid -> new Refused(Forms.fresh().withTestOrder(form), 422);
            case ConsultationWork.Refused<List<UUID>> refused -> refusal(refused.refusal());
            case ConsultationWork.AllergyWarning<List<UUID>> never ->
                    throw new IllegalStateException("test orders have no allergy check");
        });
    }

    /** Validates and saves the note; empty when saved, else how the submit was refused (nothing written). */
    private Optional<Outcome> saveNote(Context ctx, DSLContext tx, ClinicId clinic, Consultations.LockedVisit visit,
                                       ConsultationNoteForm form, boolean completing) {
        return Consultations.recordNote(tx, clinic, audit, RequestContext.audit(ctx), visit, form, completing, now())
                .map(refusal -> refusal == Consultations.NoteRefusal.INVALID
                        ? new Refused(Forms.fresh().withNote(form, false), 422)
                        : new Refused(Forms.fresh().withNote(form, true), 409));
    }

    /**
     * One transaction through {@link ConsultationWork#write}: the visit locked, the principal its
     * doctor (403 otherwise) and, unless {@code starting}, in consultation (else nothing happens
     * and the page says why), then the write.
     */
    private Outcome write(Context ctx, UUID visitId, boolean starting, ConsultationWork.VisitWrite<Outcome> write) {
        return work.write(RequestContext.clinic(ctx).id(), visitId, RequestContext.requirePrincipal(ctx).userId(),
                starting, ConsultationPages::refusal, write);
    }

    /** A refused write as the page shows it: 404, 403, or the page again with a notice. */
    private static Outcome refusal(ConsultationWork.Refusal refusal) {
        return switch (refusal) {
            case NO_VISIT -> throw new NotFoundResponse();
            case NOT_YOURS -> throw new ForbiddenResponse("Only the visit's own doctor can change it.");
            case NOT_STARTED -> new Done("not-started", "");
            case CLOSED -> new Done("closed", "");
        };
    }

    private void respond(Context ctx, UUID visitId, Outcome outcome) {
        switch (outcome) {
            case Done done -> ctx.redirect(pageUrl(ctx, visitId)
                    + (done.notice() == null ? "" : "?done=" + done.notice()) + done.anchor(), HttpStatus.SEE_OTHER);
            case Refused refused -> render(ctx, visitId, refused.forms(), refused.status());
        }
    }

    private void render(Context ctx, UUID visitId, Forms forms, int status) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        Principal principal = RequestContext.requirePrincipal(ctx);
        Optional<KeysetCursor> visitsBefore = KeysetCursor.parse(ctx.queryParam("visitsBefore"));
        Optional<KeysetCursor> prescriptionsBefore = KeysetCursor.parse(ctx.queryParam("prescriptionsBefore"));
        Optional<KeysetCursor> resultsBefore = KeysetCursor.parse(ctx.queryParam("resultsBefore"));
        Map<String, Object> model = tenants.readInClinic(clinic.id(), tx -> {
            ClinicId c = clinic.id();
            var visit = ConsultationQueries.visit(tx, c, visitId).orElseThrow(NotFoundResponse::new);
            audit.record(tx, c, RequestContext.audit(ctx), "patient.read", AuditLog.Outcome.SUCCESS, "patient",
                    visit.patientId(), "consultation");
            boolean mine = visit.doctorUserId().equals(principal.userId());
            boolean writable = mine && clinic.status().allowsWrites() && IN_CONSULTATION.equals(visit.status());
            Map<String, Object> m = new HashMap<>();
            m.put("visit", visit);
            m.put("mine", mine);
            m.put("writable", writable);
            m.put("canStart", mine && clinic.status().allowsWrites() && WAITING.equals(visit.status()));
            // a visit just completed: who is waiting next in this doctor's queue of the day
            m.put("nextPatient", mine && clinic.status().allowsWrites() && Consultations.COMPLETED.equals(visit.status())
                    ? VisitQueue.day(tx, c, visit.visitDate(), visit.doctorId(), null, NEXT_PATIENT_LOOKAHEAD).stream()
                            .filter(entry -> entry.status() == VisitStatus.WAITING).findFirst().orElse(null)
                    : null);
            m.put("readOnly", !clinic.status().allowsWrites());
            page(m, "otherVisits", "olderVisits", ConsultationQueries.otherVisits(tx, c, visit.patientId(), visitId,
                    KeysetCursor.atOrNull(visitsBefore), KeysetCursor.idOrNull(visitsBefore), VISITS_PAGE + 1), VISITS_PAGE,
                    v -> new KeysetCursor(v.checkedInAt(), v.id()));
            m.put("visitPrescriptions", Prescriptions.forVisit(tx, c, visitId));
            page(m, "pastPrescriptions", "olderPrescriptions", Prescriptions.history(tx, c, visit.patientId(), visitId,
                    KeysetCursor.atOrNull(prescriptionsBefore), KeysetCursor.idOrNull(prescriptionsBefore), PRESCRIPTIONS_PAGE + 1),
                    PRESCRIPTIONS_PAGE, p -> new KeysetCursor(p.prescribedAt(), p.id()));
            m.put("visitOrders", TestOrders.forVisit(tx, c, visitId));
            page(m, "pastOrders", "olderResults", TestOrders.history(tx, c, visit.patientId(), visitId,
                    KeysetCursor.atOrNull(resultsBefore), KeysetCursor.idOrNull(resultsBefore), RESULTS_PAGE + 1),
                    RESULTS_PAGE, o -> new KeysetCursor(o.orderedAt(), o.id()));
            List<Prescriptions.CatalogMedicine> medicines = writable ? Prescriptions.activeCatalog(tx, c) : List.of();
            m.put("medicines", medicines);
            // the prescription rows' choices, as the form's selects take them: id -> label
            java.util.Map<String, String> medicineOptions = new java.util.LinkedHashMap<>();
            medicines.forEach(medicine -> medicineOptions.put(medicine.idText(), medicine.label()));
            m.put("medicineOptions", medicineOptions);
            m.put("labTests", writable ? TestOrders.activeCatalog(tx, c) : List.of());
            return m;
        });
        var visit = (ConsultationQueries.Visit) model.get("visit");
        ConsultationNoteForm note;
        if (forms.note() == null) {
            note = visit.note() == null ? ConsultationNoteForm.blank() : ConsultationNoteForm.of(visit.note());
        } else if (forms.noteStale() && visit.note() != null) {
            note = forms.note().withVersion(visit.note().version());
        } else {
            note = forms.note();
        }
        model.put("noteForm", note);
        model.put("temperatureUnits", BodyTemperature.UNITS);
        model.put("noteStale", forms.noteStale());
        model.put("prescriptionForm", forms.prescription());
        model.put("allergyWarnings", forms.allergyWarnings());
        model.put("testOrderForm", forms.testOrder());
        model.put("notice", NOTICES.getOrDefault(String.valueOf(ctx.queryParam("done")), ""));
        // sent here by the queue's Complete, for a visit whose note has no diagnosis yet
        model.put("problem", "no_diagnosis".equals(ctx.queryParam("refused")) ? Consultations.NEEDS_DIAGNOSIS : "");
        model.put("pageUrl", pageUrl(ctx, visitId));
        model.put("title", visit.firstName() + " " + visit.lastName() + " - consultation - Santkrupa");
        ctx.status(status);
        pages.render(ctx, "consultation/visit", model);
    }

    /** Puts one page of a keyset list and the cursor of the next page ("" when this is the last). */
    private static <T> void page(Map<String, Object> model, String rowsKey, String nextKey, List<T> rows, int size,
                                 java.util.function.Function<T, KeysetCursor> cursorOf) {
        List<T> shown = rows.stream().limit(size).toList();
        model.put(rowsKey, shown);
        model.put(nextKey, rows.size() > size ? cursorOf.apply(shown.getLast()).toString() : "");
    }

    private static UUID visitId(Context ctx) {
        return PathIds.parse(ctx.pathParam("visitId")).orElseThrow(NotFoundResponse::new);
    }

    private static String pageUrl(Context ctx, UUID visitId) {
        return "/clinic/" + RequestContext.clinic(ctx).slug() + "/visits/" + visitId;
    }

    private OffsetDateTime now() {
        return work.now();
    }
}
