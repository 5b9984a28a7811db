package io.santkrupa.visit;

import io.santkrupa.web.PathIds;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.patient.PatientRecords;
import io.santkrupa.web.Pages;
import io.santkrupa.web.RequestContext;
import io.santkrupa.web.auth.Permission;
import io.santkrupa.web.auth.PermissionMatrix;
import io.santkrupa.web.auth.Principal;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Today's queue: reception sees every doctor's queue (or one doctor's) and cancels, marks
 * no-shows, puts visits back to waiting; a doctor sees their own queue and starts and completes
 * consultations. The page refreshes its table from {@code /queue/partial} every 20 seconds.
 * Two queries whatever the length of the queue: the doctors, then one page of visits.
 */
public final class QueuePages {

    private static final int PAGE_SIZE = 50;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    /** A button on a row: where it posts and the status it asks for. */
    public record Action(String path, String to, String label) {
    }

    /** A visit of the queue with its buttons; its times on the clinic's clock. */
    public record Row(VisitQueue.Entry entry, List<Action> actions, ZoneId zone) {
        public String checkedInAt() {
            return time(entry.checkedInAt());
        }

        public String startedAt() {
            return time(entry.startedAt());
        }

        public String endedAt() {
            return time(entry.endedAt());
        }

        private String time(OffsetDateTime at) {
            return at == null ? "" : TIME.format(at.atZoneSameInstant(zone));
        }
    }

    /** One doctor's part of the page. */
    public record Group(VisitQueue.Doctor doctor, List<Row> rows) {
    }

    private final TenantTransactions tenants;
    private final VisitQueue queue;
    private final Pages pages;

    public QueuePages(TenantTransactions tenants, VisitQueue queue, Pages pages) {
        this.tenants = tenants;
        this.queue = queue;
        this.pages = pages;
    }

    /** GET /queue */
    public void show(Context ctx) {
        Map<String, Object> model = model(ctx);
        model.put("notice", notice(ctx));
        model.put("undo", undo(ctx, model));
        model.put("problem", problem(ctx));
        pages.render(ctx, "visit/queue", model);
    }

    /** GET /queue/partial: the table alone, for the page's refresh. */
    public void partial(Context ctx) {
        pages.render(ctx, "visit/queue-table", model(ctx));
    }

    /** POST /queue/{visitId}/status: the reception desk's moves. */
    public void receptionMove(Context ctx) {
        move(ctx, VisitStatus.Desk.RECEPTION);
    }

    /** POST /queue/{visitId}/consultation: the doctor's moves. */
    public void doctorMove(Context ctx) {
        move(ctx, VisitStatus.Desk.DOCTOR);
    }

    private void move(Context ctx, VisitStatus.Desk desk) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        Principal principal = RequestContext.requirePrincipal(ctx);
        UUID visitId = PathIds.parse(ctx.pathParam("visitId")).orElseThrow(NotFoundResponse::new);
        VisitStatus to = VisitStatus.fromDbValue(String.valueOf(ctx.formParam("to"))).orElse(null);
        var change = queue.move(clinic, RequestContext.audit(ctx), visitId, desk, to, principal.userId());
        if (change instanceof VisitQueue.Moved moved && moved.to() == VisitStatus.IN_CONSULTATION) {
            // a doctor who starts a consultation is there to write it
            ctx.redirect("/clinic/" + clinic.slug() + "/visits/" + visitId, HttpStatus.SEE_OTHER);
            return;
        }
        if (change instanceof VisitQueue.Refused refused && refused.reason() == VisitQueue.Refusal.NO_DIAGNOSIS) {
            ctx.redirect("/clinic/" + clinic.slug() + "/visits/" + visitId + "?refused=no_diagnosis#note-heading",
                    HttpStatus.SEE_OTHER);
            return;
        }
        String outcome = switch (change) {
            // a cancelled or no-show visit is named on the page that comes back, with its undo
            case VisitQueue.Moved moved -> "done=" + moved.to().dbValue()
                    + (moved.to() == VisitStatus.CANCELLED || moved.to() == VisitStatus.NO_SHOW ? "&visit=" + visitId : "");
            case VisitQueue.Refused refused -> "refused=" + refused.reason().name().toLowerCase();
        };
        String view = PathIds.parse(ctx.formParam("view")).map(id -> "doctor=" + id + "&").orElse("");
        ctx.redirect("/clinic/" + clinic.slug() + "/queue?" + view + outcome, HttpStatus.SEE_OTHER);
    }

    private Map<String, Object> model(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        Principal principal = RequestContext.requirePrincipal(ctx);
        boolean reception = PermissionMatrix.allows(principal.role(), Permission.VISIT_CHECK_IN);
        boolean consulting = PermissionMatrix.allows(principal.role(), Permission.CONSULTATION);
        boolean writable = clinic.status().allowsWrites();
        var day = queue.today(clinic);
        UUID chosen = PathIds.parse(ctx.queryParam("doctor")).orElse(null);
        UUID after = PathIds.parse(ctx.queryParam("after")).orElse(null);

        record Loaded(List<VisitQueue.Doctor> doctors, Optional<VisitQueue.Doctor> own, UUID shown,
                      List<VisitQueue.Entry> entries) {
        }
        Loaded loaded = tenants.readInClinic(clinic.id(), tx -> {
            var doctors = VisitQueue.doctors(tx, clinic.id());
            var own = doctors.stream().filter(d -> d.userId().equals(principal.userId())).findFirst();
            // the desk picks any doctor's queue (or all); a doctor sees only their own
            UUID shown = reception ? chosen : own.map(VisitQueue.Doctor::id).orElse(null);
            boolean nothingToShow = !reception && own.isEmpty();
            var entries = nothingToShow ? List.<VisitQueue.Entry>of()
                    : VisitQueue.day(tx, clinic.id(), day, shown, after, PAGE_SIZE + 1);
            queue.auditShown(tx, clinic.id(), RequestContext.audit(ctx), day, entries.stream().limit(PAGE_SIZE).toList());
            return new Loaded(doctors, own, shown, entries);
        });

        var page = loaded.entries().stream().limit(PAGE_SIZE).toList();
        List<Group> groups = new ArrayList<>();
        for (VisitQueue.Entry entry : page) {
            if (groups.isEmpty() || !groups.getLast().doctor().id().equals(entry.doctorId())) {
                var doctor = loaded.doctors().stream().filter(d -> d.id().equals(entry.doctorId())).findFirst()
                        .orElseThrow();
                groups.add(new Group(doctor, new ArrayList<>()));
            }
            List<Action> actions = new ArrayList<>();
            boolean today = entry.visitDate().equals(day);
            if (writable && reception) {
                entry.status().moves(VisitStatus.Desk.RECEPTION, today)
                        .forEach(m -> actions.add(new Action("status", m.to().dbValue(), m.label())));
            }
            boolean ownVisit = loaded.own().map(d -> d.id().equals(entry.doctorId())).orElse(false);
            if (writable && consulting && ownVisit) {
                entry.status().moves(VisitStatus.Desk.DOCTOR, today)
                        .forEach(m -> actions.add(new Action("consultation", m.to().dbValue(), m.label())));
            }
            groups.getLast().rows().add(new Row(entry, actions, clinic.zone()));
        }

        Map<String, Object> model = new HashMap<>();
        model.put("day", day);
        model.put("reception", reception);
        model.put("doctors", loaded.doctors());
        model.put("shown", loaded.shown() == null ? "" : loaded.shown().toString());
        model.put("ownMissing", !reception && loaded.own().isEmpty());
        model.put("groups", groups);
        model.put("next", loaded.entries().size() > PAGE_SIZE ? page.getLast().visitId().toString() : "");
        model.put("after", after == null ? "" : after.toString());
        model.put("readOnly", !writable);
        model.put("updatedAt", TIME.format(queue.now().atZoneSameInstant(clinic.zone())));
        model.put("title", (reception ? "Today's queue" : "My queue today") + " - Santkrupa");
        return model;
    }

    /**
     * The visit just cancelled or marked a no-show, when it is on this page and can still go back
     * to waiting: the notice names it and offers the undo next to it.
     */
    @SuppressWarnings("unchecked")
    private static Row undo(Context ctx, Map<String, Object> model) {
        Optional<UUID> visit = PathIds.parse(ctx.queryParam("visit"));
        if (visit.isEmpty()) {
            return null;
        }
        return ((List<Group>) model.get("groups")).stream().flatMap(g -> g.rows().stream())
                .filter(r -> r.entry().visitId().equals(visit.get()))
                .filter(r -> r.actions().stream().anyMatch(a -> a.to().equals(VisitStatus.WAITING.dbValue())))
                .findFirst().orElse(null);
    }

    private static String notice(Context ctx) {
        String token = ctx.queryParam("checkedIn");
        if (token != null && token.matches("[0-9]{1,6}")) {
            return "Checked in: token " + token + ".";
        }
        return VisitStatus.fromDbValue(String.valueOf(ctx.queryParam("done"))).map(status -> switch (status) {
            case WAITING -> "Back to waiting.";
            case IN_CONSULTATION -> "Consultation started.";
            case COMPLETED -> "Consultation completed.";
            case CANCELLED -> "Visit cancelled.";
            case NO_SHOW -> "Marked as no-show.";
        }).orElse("");
    }

    private static String problem(Context ctx) {
        return switch (String.valueOf(ctx.queryParam("refused"))) {
            case "not_allowed" -> "That change is not possible from the visit's current status; the queue below "
                    + "shows where it stands now.";
            case "not_your_patient" -> "That visit is in another doctor's queue.";
            case "already_queued" -> "The patient already has an open visit with this doctor today, so this one "
                    + "cannot go back to waiting.";
            case "no_diagnosis" -> Consultations.NEEDS_DIAGNOSIS + " Open the consultation to write it.";
            default -> "";
        };
    }
}
