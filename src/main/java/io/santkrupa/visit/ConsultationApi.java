package io.santkrupa.visit;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.NotFoundResponse;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.web.PathIds;
import io.santkrupa.web.RequestContext;
import io.santkrupa.web.api.ApiJson;
import io.santkrupa.web.api.ApiProblem;
import io.santkrupa.web.api.ApiVersions;
import io.santkrupa.web.auth.Principal;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The doctor's note of a visit over the API: read it, and save it while the consultation is under
 * way. The same validation ({@link ConsultationNoteForm}), the same "own doctor, in consultation"
 * rule, the same save and audit ({@link Consultations#recordNote}) as the consultation page.
 *
 * <p>A visit without a note reads as an empty note at version 0 (ETag {@code "0"}): the first save
 * sends {@code If-Match: "0"} and creates it; a note saved by someone else meanwhile makes that a 412,
 * exactly as a stale edit. A saved note starts at version 1.
 */
public final class ConsultationApi {

    /**
     * The note as the API takes it: numbers as JSON numbers (or numeric strings), texts and the date
     * as strings; the temperature in temperatureUnit, "C" (the default) or "F", kept in °C.
     */
    record NoteInput(BigDecimal bpSystolic, BigDecimal bpDiastolic, BigDecimal pulse, BigDecimal respiratoryRate,
                     BigDecimal temperature, String temperatureUnit, BigDecimal spo2, BigDecimal weight,
                     BigDecimal height, String chiefComplaint, String diagnosis, String notes, String followUpOn) {

        /** A field as the form takes it: text, empty when absent. */
        String text(String field) {
            Object value = switch (field) {
                case "bpSystolic" -> bpSystolic;
                case "bpDiastolic" -> bpDiastolic;
                case "pulse" -> pulse;
                case "respiratoryRate" -> respiratoryRate;
                case "temperature" -> temperature;
                case "temperatureUnit" -> temperatureUnit;
                case "spo2" -> spo2;
                case "weight" -> weight;
                case "height" -> height;
                case "chiefComplaint" -> chiefComplaint;
                case "diagnosis" -> diagnosis;
                case "notes" -> notes;
                case "followUpOn" -> followUpOn;
                default -> null;
            };
            return switch (value) {
                case null -> "";
                case BigDecimal number -> number.toPlainString();
                default -> value.toString();
            };
        }
    }

    private final TenantTransactions tenants;
    private final ConsultationWork work;
    private final AuditLog audit;

    public ConsultationApi(TenantTransactions tenants, ConsultationWork work, AuditLog audit) {
        this.tenants = tenants;
        this.work = work;
        this.audit = audit;
    }

    /** GET /visits/{visitId}/note -- a read of the patient's clinical record, audited like the consultation page. */
    public void showNote(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID visitId = PathIds.of(ctx, "visitId");
        var visit = tenants.readInClinic(clinic.id(), tx -> {
            var found = ConsultationQueries.visit(tx, clinic.id(), visitId).orElseThrow(NotFoundResponse::new);
            audit.record(tx, clinic.id(), RequestContext.audit(ctx), "patient.read", AuditLog.Outcome.SUCCESS,
                    "patient", found.patientId(), "consultation note");
            return found;
        });
        answer(ctx, visit);
    }

    /**
     * PUT /visits/{visitId}/note with If-Match -- replaces the note (an absent field becomes empty).
     * Only the visit's own doctor (else 403), only while the consultation is under way (else 409).
     */
    public void saveNote(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        Principal principal = RequestContext.requirePrincipal(ctx);
        UUID visitId = PathIds.of(ctx, "visitId");
        int version = ApiVersions.ifMatch(ctx);
        NoteInput input = ApiJson.read(ctx, NoteInput.class);
        String opened = version == 0 ? "" : String.valueOf(version);
        ConsultationNoteForm form = ConsultationNoteForm.parse(field -> field.equals("version") ? opened : input.text(field));
        // the page's guard: the visit locked, the caller its doctor, the consultation under way
        work.write(clinic.id(), visitId, principal.userId(), false, refusal -> {
            throw switch (refusal) {
                case NO_VISIT -> new NotFoundResponse();
                case NOT_YOURS -> new ForbiddenResponse("Only the visit's own doctor can change it.");
                case NOT_STARTED -> ApiProblem.conflict(
                        "Start the consultation first (POST /visits/" + visitId + "/start). Nothing was saved.");
                case CLOSED -> ApiProblem.conflict("This visit is no longer open. Nothing was changed.");
            };
        }, (tx, c, visit) -> {
            var refusal = Consultations.recordNote(tx, c, audit, RequestContext.audit(ctx), visit, form, false,
                    work.now());
            if (refusal.isPresent()) {
                throw switch (refusal.get()) {
                    case INVALID -> ApiProblem.validation(form.errors());
                    case STALE -> ApiVersions.stale();
                };
            }
            return null;
        });
        answer(ctx, tenants.readInClinic(clinic.id(), tx -> ConsultationQueries.visit(tx, clinic.id(), visitId))
                .orElseThrow(NotFoundResponse::new));
    }

    private static void answer(Context ctx, ConsultationQueries.Visit visit) {
        ConsultationQueries.Note note = visit.note();
        ApiVersions.etag(ctx, note == null ? 0 : note.version());
        ApiJson.ok(ctx, note(visit.id(), note));
    }

    static Map<String, Object> note(UUID visitId, ConsultationQueries.Note n) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("visitId", visitId);
        body.put("bpSystolic", n == null ? null : n.bpSystolic());
        body.put("bpDiastolic", n == null ? null : n.bpDiastolic());
        body.put("pulse", n == null ? null : n.pulse());
        body.put("respiratoryRate", n == null ? null : n.respiratoryRate());
        body.put("temperature", n == null ? null : ApiJson.number(n.temperature()));
        body.put("spo2", n == null ? null : n.spo2());
        body.put("weight", n == null ? null : ApiJson.number(n.weight()));
        body.put("height", n == null ? null : ApiJson.number(n.height()));
        body.put("chiefComplaint", n == null ? "" : n.chiefComplaint());
        body.put("diagnosis", n == null ? "" : n.diagnosis());
        body.put("notes", n == null ? "" : n.notes());
        body.put("followUpOn", n == null ? null : n.followUpOn());
        body.put("updatedAt", n == null ? null : n.updatedAt());
        body.put("version", n == null ? 0 : n.version());
        return body;
    }
}
