package io.santkrupa.lab;

import io.santkrupa.web.PathIds;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.UploadedFile;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.web.FileDownload;
import io.santkrupa.web.KeysetCursor;
import io.santkrupa.web.Pages;
import io.santkrupa.web.RequestContext;
import io.santkrupa.web.auth.Principal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The lab technician's day: the work list, collecting samples, entering results against each
 * parameter's normal range, attaching a report file, completing the order.
 */
public final class LabPages {

    private static final int PAGE_SIZE = 25;

    private final TenantTransactions tenants;
    private final LabWork work;
    private final Pages pages;

    /** Why a results form was sent back unsaved although its values may be fine. */
    enum Stale {
        /** The order changed (results, report, completion: any write raises its version) after the form was opened. */
        CHANGED,
        /** The form came without a readable version, so it cannot be known what its sender saw. */
        NO_VERSION
    }

    /** What the technician sent in the results form, shown again when it is sent back; {@code version} null: none. */
    private record Sent(Map<String, String> values, String remarks, Integer version) {
        static final Sent NOTHING = new Sent(Map.of(), null, null);
    }

    public LabPages(TenantTransactions tenants, LabWork work, Pages pages) {
        this.tenants = tenants;
        this.work = work;
        this.pages = pages;
    }

    /** GET /clinic/{slug}/lab: orders waiting for a sample or for results, oldest first. */
    public void workList(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        var after = KeysetCursor.parse(ctx.queryParam("after"));
        List<LabQueries.Order> orders = tenants.readInClinic(clinic.id(), tx -> LabQueries.pending(tx, clinic.id(),
                KeysetCursor.atOrNull(after), KeysetCursor.idOrNull(after), PAGE_SIZE + 1));
        List<LabQueries.Order> page = orders.stream().limit(PAGE_SIZE).toList();
        String next = orders.size() > PAGE_SIZE ? new KeysetCursor(page.getLast().orderedAt(), page.getLast().id()).toString() : "";
        pages.render(ctx, "lab/work-list", Map.of("orders", page, "next", URLEncoder.encode(next, StandardCharsets.UTF_8),
                "title", "Lab work list - Santkrupa"));
    }

    /** GET /clinic/{slug}/lab/orders/{orderId} */
    public void show(Context ctx) {
        render(ctx, orderId(ctx), Map.of(), Sent.NOTHING, null, null, 200);
    }

    /**
     * POST /clinic/{slug}/lab/orders/{orderId}/collect. No version: it sends nothing the technician
     * read back, and it only moves "ordered" on (the status is in the UPDATE's WHERE), so a second
     * click, from any page however old, changes nothing and gets the 409 below.
     */
    public void collect(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID orderId = orderId(ctx);
        Principal principal = RequestContext.requirePrincipal(ctx);
        if (!work.collect(clinic.id(), orderId, principal.userId(), RequestContext.audit(ctx))) {
            render(ctx, orderId, Map.of(), Sent.NOTHING, "This sample was already collected, or the order is no longer open.",
                    null, 409);
            return;
        }
        ctx.redirect(orderPath(clinic, orderId) + "?collected", HttpStatus.SEE_OTHER);
    }

    /**
     * POST /clinic/{slug}/lab/orders/{orderId}/results: save the values, optionally complete the
     * order, unless the order changed since the form was opened (its hidden version): then nothing
     * is saved and the form comes back (409) with the stored values beside the typed ones.
     */
    public void saveResults(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID orderId = orderId(ctx);
        Principal principal = RequestContext.requirePrincipal(ctx);
        boolean complete = ctx.formParam("complete") != null;
        // one field per parameter, value_<parameter id>; the typed values are shown again after a refusal
        Map<String, String> typed = new LinkedHashMap<>();
        Map<UUID, String> values = new LinkedHashMap<>();
        ctx.formParamMap().forEach((name, list) -> {
            if (name.startsWith("value_") && !list.isEmpty()) {
                PathIds.parse(name.substring("value_".length())).ifPresent(id -> {
                    String value = list.getFirst().strip();
                    typed.put(id.toString(), value);
                    values.put(id, value);
                });
            }
        });
        String remarks = ctx.formParam("remarks");
        Integer version = version(ctx.formParam("version"));
        if (version == null) {
            // the same answer as a stale form: saving without knowing what the sender saw could overwrite anything
            render(ctx, orderId, Map.of(), new Sent(typed, remarks, null), null, Stale.NO_VERSION, 409);
            return;
        }
        Sent sent = new Sent(typed, remarks, version);
        switch (work.saveResults(clinic.id(), orderId, principal.userId(), RequestContext.audit(ctx), version, values,
                remarks, complete)) {
            case LabWork.Saved saved -> ctx.redirect(orderPath(clinic, orderId) + (complete ? "?completed" : "?saved"),
                    HttpStatus.SEE_OTHER);
            case LabWork.Invalid invalid -> {
                Map<String, String> errors = new HashMap<>();
                invalid.errors().forEach((id, message) -> errors.put(id.toString(), message));
                render(ctx, orderId, errors, sent, invalid.unknownParameters().isEmpty() ? null
                        : "The form does not match this order's test; reload the page.", null, 422);
            }
            case LabWork.Refused refused -> render(ctx, orderId, Map.of(), sent, refused.problem(), null, 409);
            // the typed values stay in the form, the stored ones are shown beside them, and the form now
            // carries the stored version: saving again is a deliberate overwrite
            case LabWork.Stale stale -> render(ctx, orderId, Map.of(), new Sent(typed, remarks, null), null,
                    Stale.CHANGED, 409);
        }
    }

    /** The form's hidden version; null when missing or garbled. */
    private static Integer version(String value) {
        if (value == null || !value.strip().matches("[0-9]{1,9}")) {
            return null;
        }
        return Integer.valueOf(value.strip());
    }

    /**
     * POST /clinic/{slug}/lab/orders/{orderId}/report (multipart): attach the report file. No
     * version, as over the API: the file is new content, not an edit of values read from the page,
     * so there is nothing of an older state to write back; a replaced file is deleted, and the
     * upload is audited.
     */
    public void uploadReport(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID orderId = orderId(ctx);
        Principal principal = RequestContext.requirePrincipal(ctx);
        UploadedFile upload = ctx.uploadedFile("report");
        if (upload == null || upload.size() == 0) {
            render(ctx, orderId, Map.of("report", "Choose a PDF or image file to attach."), Sent.NOTHING, null, null, 422);
            return;
        }
        if (upload.size() > ReportFiles.MAX_BYTES) {
            render(ctx, orderId, Map.of("report", "The file is larger than 10 MB."), Sent.NOTHING, null, null, 413);
            return;
        }
        var refused = work.attachReport(clinic.id(), orderId, principal.userId(), RequestContext.audit(ctx),
                upload.filename(), read(upload));
        if (refused.isPresent()) {
            render(ctx, orderId, Map.of("report", refused.get().message()), Sent.NOTHING, null, null, 422);
            return;
        }
        ctx.redirect(orderPath(clinic, orderId) + "?attached", HttpStatus.SEE_OTHER);
    }

    /** The bytes of an upload, at most one byte over the limit (so an oversized one is still refused). */
    static byte[] read(UploadedFile upload) {
        try (InputStream in = upload.content()) {
            return in.readNBytes(ReportFiles.MAX_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GET .../orders/{orderId}/report: the attached file, as a download, audited. */
    public void downloadReport(Context ctx) {
        var file = work.report(RequestContext.clinic(ctx).id(), orderId(ctx), null, RequestContext.audit(ctx));
        FileDownload.send(ctx, file.fileName(), file.contentType(), file.content());
    }

    /** GET /clinic/{slug}/my-record/orders/{orderId}/report: a patient's own report only (else 404). */
    public void downloadOwnReport(Context ctx) {
        var file = work.report(RequestContext.clinic(ctx).id(), orderId(ctx), RequestContext.ownPatientId(ctx),
                RequestContext.audit(ctx));
        FileDownload.send(ctx, file.fileName(), file.contentType(), file.content());
    }

    /**
     * The order's page. The results form carries {@code sent.version} when given (a form sent back
     * for its values keeps the version its sender saw), else the version of the values shown.
     */
    private void render(Context ctx, UUID orderId, Map<String, String> errors, Sent sent, String problem,
                        Stale stale, int status) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        record View(LabQueries.Order order, List<LabQueries.Parameter> parameters, Map<UUID, LabQueries.Result> results) {
        }
        View view = tenants.readInClinic(clinic.id(), tx -> {
            LabQueries.Order order = requireOrder(tx, clinic.id(), orderId);
            return new View(order, LabQueries.parameters(tx, clinic.id(), order.labTestId()),
                    LabQueries.results(tx, clinic.id(), orderId));
        });
        Map<String, String> stored = new HashMap<>();
        view.results().forEach((id, result) -> stored.put(id.toString(), result.display()));
        Map<String, String> values = new HashMap<>(stored);
        values.putAll(sent.values());
        Map<String, Object> model = new HashMap<>();
        model.put("order", view.order());
        model.put("parameters", view.parameters());
        model.put("results", view.results());
        model.put("values", values);
        model.put("remarks", sent.remarks() != null ? sent.remarks() : view.order().remarks());
        model.put("version", sent.version() != null ? sent.version() : view.order().version());
        model.put("stale", stale == null ? "" : stale.name());
        model.put("stored", stored);
        model.put("typed", sent.values());
        model.put("typedRemarks", sent.remarks() == null ? "" : sent.remarks().strip());
        model.put("errors", errors);
        model.put("problem", problem);
        model.put("notice", notice(ctx));
        model.put("maxMegabytes", ReportFiles.MAX_BYTES / (1024 * 1024));
        model.put("title", view.order().testName() + " for " + view.order().patientCode() + " - Santkrupa");
        ctx.status(status);
        pages.render(ctx, "lab/order", model);
    }

    private static String notice(Context ctx) {
        var query = ctx.queryParamMap();
        if (query.containsKey("collected")) return "Sample collected.";
        if (query.containsKey("saved")) return "Results saved.";
        if (query.containsKey("completed")) return "Order completed.";
        if (query.containsKey("attached")) return "Report file attached.";
        return null;
    }

    private static LabQueries.Order requireOrder(org.jooq.DSLContext tx, ClinicId clinic, UUID orderId) {
        return LabQueries.order(tx, clinic, orderId).orElseThrow(NotFoundResponse::new);
    }

    private static UUID orderId(Context ctx) {
        return PathIds.parse(ctx.pathParam("orderId")).orElseThrow(NotFoundResponse::new);
    }

    private static String orderPath(CurrentClinic clinic, UUID orderId) {
        return "/clinic/" + clinic.slug() + "/lab/orders/" + orderId;
    }
}
