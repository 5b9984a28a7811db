package io.santkrupa.visit;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.NotFoundResponse;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.web.Dates;
import io.santkrupa.web.PathIds;
import io.santkrupa.web.RequestContext;
import io.santkrupa.web.api.ApiJson;
import io.santkrupa.web.api.ApiPaging;
import io.santkrupa.web.api.ApiProblem;
import io.santkrupa.web.api.JsonFields;
import io.santkrupa.web.auth.Permission;
import io.santkrupa.web.auth.PermissionMatrix;
import io.santkrupa.web.auth.Principal;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The day's queue over the API: check-in, the queue of a day, one visit, and the moves of the
 * reception desk and of the visit's doctor. The same {@link VisitQueue} calls, rules
 * ({@link VisitStatus}), refusals and audit events as the check-in and queue pages.
 */
public final class VisitApi {

    private static final Set<String> CHECK_IN_FIELDS = Set.of("patientId", "doctorId", "reason");
    private static final Set<String> MOVE_FIELDS = Set.of("to");
    /** Where the reception desk may move a visit (from some status): derived from the rules, not repeated. */
    private static final List<VisitStatus> RECEPTION_TARGETS = Arrays.stream(VisitStatus.values())
            .flatMap(from -> from.moves(VisitStatus.Desk.RECEPTION, true).stream())
            .map(VisitStatus.Move::to).distinct().sorted().toList();

    private final TenantTransactions tenants;
    private final VisitQueue queue;

    public VisitApi(TenantTransactions tenants, VisitQueue queue) {
        this.tenants = tenants;
        this.queue = queue;
    }

    /**
     * POST /visits -- checks a patient in for a doctor today. An unknown patient is a 404 (as on the
     * patient's check-in page); a doctor who is not one of the clinic's active doctors is a 422 on
     * doctorId (as the page's choice of doctor); a patient already in that doctor's queue today a 409.
     */
    public void checkIn(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        JsonFields body = JsonFields.read(ctx, CHECK_IN_FIELDS);
        String patientValue = body.text("patientId");
        String doctorValue = body.text("doctorId");
        String reasonValue = body.text("reason");
        Map<String, String> errors = new LinkedHashMap<>();
        body.errors().forEach(e -> errors.put(e.field(), e.message()));
        UUID patientId = id(patientValue, "patientId", "Give the id of the patient to check in.", errors);
        UUID doctorId = id(doctorValue, "doctorId", "Choose the doctor the patient will see.", errors);
        String reason = reasonValue == null ? "" : reasonValue.strip();
        if (reason.length() > VisitQueue.REASON_MAX) {
            errors.putIfAbsent("reason", "Use at most " + VisitQueue.REASON_MAX + " characters.");
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        switch (queue.checkIn(clinic, RequestContext.audit(ctx), patientId, doctorId, reason)) {
            case VisitQueue.CheckedIn done -> {
                VisitQueue.Entry visit = read(clinic, done.visitId());
                ApiJson.created(ctx, "/clinic/" + clinic.slug() + "/api/v1/visits/" + visit.visitId(), visit(visit));
            }
            case VisitQueue.AlreadyQueued queued -> {
                ApiProblem conflict = ApiProblem.conflict("This patient is already in this doctor's queue today"
                        + (queued.token() == null ? "." : " (token " + queued.token() + ").") + " Nothing was written.");
                throw queued.token() == null ? conflict : conflict.with("token", queued.token());
            }
            case VisitQueue.NoSuchDoctor missing -> throw ApiProblem.validation(Map.of("doctorId",
                    "Choose one of the clinic's active doctors (GET /doctors)."));
        }
    }

    /**
     * GET /visits?doctorId=&date=&limit=&cursor= -- a day's queue (today by default), by doctor
     * then token. The desk reads every doctor's queue or one; a doctor reads only their own, as on
     * the queue page (another doctorId is a 403; a doctor without a profile has an empty queue).
     */
    public void list(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        Principal principal = RequestContext.requirePrincipal(ctx);
        boolean reception = PermissionMatrix.allows(principal.role(), Permission.VISIT_CHECK_IN);
        UUID chosen = doctorParameter(ctx);
        LocalDate day = dateParameter(ctx, clinic);
        int limit = ApiPaging.limit(ctx);
        UUID after = ApiPaging.cursor(ctx, PathIds::parse).orElse(null);
        List<VisitQueue.Entry> found = tenants.readInClinic(clinic.id(), tx -> {
            UUID shown = chosen;
            if (!reception) {
                var own = VisitQueue.doctors(tx, clinic.id()).stream()
                        .filter(d -> d.userId().equals(principal.userId())).findFirst();
                if (chosen != null && own.map(d -> !d.id().equals(chosen)).orElse(true)) {
                    throw new ForbiddenResponse("A doctor reads only their own queue: leave doctorId out.");
                }
                if (own.isEmpty()) {
                    return List.<VisitQueue.Entry>of();
                }
                shown = own.get().id();
            }
            List<VisitQueue.Entry> visits = VisitQueue.day(tx, clinic.id(), day, shown, after, limit + 1);
            queue.auditShown(tx, clinic.id(), RequestContext.audit(ctx), day, visits.stream().limit(limit).toList());
            return visits;
        });
        ApiJson.ok(ctx, ApiPaging.page(found, limit, VisitApi::visit, e -> e.visitId().toString()));
    }

    /** GET /visits/{visitId}, audited. */
    public void show(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        ApiJson.ok(ctx, visit(queue.read(clinic.id(), RequestContext.audit(ctx), PathIds.of(ctx, "visitId"))
                .orElseThrow(NotFoundResponse::new)));
    }

    /** POST /visits/{visitId}/status -- the desk's moves: cancel, no-show, back to waiting. */
    public void receptionMove(Context ctx) {
        JsonFields body = JsonFields.read(ctx, MOVE_FIELDS);
        String value = body.text("to");
        if (!body.errors().isEmpty()) {
            throw ApiProblem.validation(body.errors());
        }
        VisitStatus to = VisitStatus.fromDbValue(value == null ? "" : value.strip())
                .filter(RECEPTION_TARGETS::contains).orElse(null);
        if (to == null) {
            throw ApiProblem.validation(Map.of("to", "One of: " + RECEPTION_TARGETS.stream().map(VisitStatus::dbValue)
                    .collect(Collectors.joining(", ")) + "."));
        }
        move(ctx, VisitStatus.Desk.RECEPTION, to);
    }

    /** POST /visits/{visitId}/start -- the visit's doctor starts the consultation (no body). */
    public void start(Context ctx) {
        move(ctx, VisitStatus.Desk.DOCTOR, VisitStatus.IN_CONSULTATION);
    }

    /** POST /visits/{visitId}/complete -- the visit's doctor completes the consultation (no body). */
    public void complete(Context ctx) {
        move(ctx, VisitStatus.Desk.DOCTOR, VisitStatus.COMPLETED);
    }

    private void move(Context ctx, VisitStatus.Desk desk, VisitStatus to) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        Principal principal = RequestContext.requirePrincipal(ctx);
        UUID visitId = PathIds.of(ctx, "visitId");
        switch (queue.move(clinic, RequestContext.audit(ctx), visitId, desk, to, principal.userId())) {
            case VisitQueue.Moved moved -> ApiJson.ok(ctx, visit(read(clinic, visitId)));
            case VisitQueue.Refused refused -> throw switch (refused.reason()) {
                case NOT_YOUR_PATIENT -> new ForbiddenResponse("That visit is in another doctor's queue; "
                        + "a doctor moves only the visits of their own queue.");
                case ALREADY_QUEUED -> ApiProblem.conflict("The patient already has an open visit with this doctor "
                        + "today, so this one cannot go back to waiting. Nothing was changed.");
                case NO_DIAGNOSIS -> ApiProblem.conflict(Consultations.NEEDS_DIAGNOSIS
                        + " (PUT /visits/" + visitId + "/note with a diagnosis). Nothing was changed.");
                case NOT_ALLOWED -> ApiProblem.conflict("A visit that is " + read(clinic, visitId).status().dbValue()
                        + " cannot be moved to " + to.dbValue() + (desk == VisitStatus.Desk.RECEPTION
                        ? " by the desk" : " by its doctor") + ". Only today's visits move (an open consultation "
                        + "can still be completed later). Nothing was changed.");
            };
        }
    }

    /** The visit after a write of the caller's, which audited itself. */
    private VisitQueue.Entry read(CurrentClinic clinic, UUID visitId) {
        return tenants.readInClinic(clinic.id(), tx -> VisitQueue.find(tx, clinic.id(), visitId))
                .orElseThrow(NotFoundResponse::new);
    }

    private static UUID id(String value, String field, String missing, Map<String, String> errors) {
        if (errors.containsKey(field)) {
            return null;
        }
        if (value == null || value.isBlank()) {
            errors.put(field, missing);
            return null;
        }
        UUID id = PathIds.parse(value.strip()).orElse(null);
        if (id == null) {
            errors.put(field, "Must be an id (a UUID).");
        }
        return id;
    }

    private static UUID doctorParameter(Context ctx) {
        String raw = ctx.queryParam("doctorId");
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        return PathIds.parse(raw).orElseThrow(() -> ApiProblem.badParameter("doctorId", "Must be a doctor's id (a UUID)."));
    }

    /** A day of the clinic's calendar; its today (in its time zone) by default. */
    private LocalDate dateParameter(Context ctx, CurrentClinic clinic) {
        String raw = ctx.queryParam("date");
        if (raw == null || raw.isEmpty()) {
            return queue.today(clinic);
        }
        return Dates.day(raw).orElseThrow(() -> ApiProblem.badParameter("date", "A date as YYYY-MM-DD."));
    }

    static Map<String, Object> visit(VisitQueue.Entry v) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", v.visitId());
        body.put("visitDate", v.visitDate());
        body.put("token", v.token());
        body.put("status", v.status().dbValue());
        body.put("reason", v.reason());
        body.put("checkedInAt", v.checkedInAt());
        body.put("startedAt", v.startedAt());
        body.put("endedAt", v.endedAt());
        body.put("doctorId", v.doctorId());
        body.put("doctorName", v.doctorName());
        body.put("patientId", v.patientId());
        body.put("patientCode", v.patientCode());
        body.put("patientName", v.patientName());
        return body;
    }
}
