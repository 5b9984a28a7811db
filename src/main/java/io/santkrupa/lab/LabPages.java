package io.santkrupa.lab;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.UploadedFile;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.web.FileDownload;
import io.santkrupa.web.KeysetCursor;
import io.santkrupa.web.Pages;
import io.santkrupa.web.PathIds;
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
import java.util.Optional;
import java.util.UUID;

/**
 * The lab technician's day: the work list and the history of completed orders (both searchable),
 * collecting samples, entering results against the range that fits the patient, attaching the
 * report file and completing the order -- one form, so nothing typed is lost to another's
 * button -- and correcting a completed order with a reason.
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

    /**
     * What the technician sent in a results or correction form, shown again when it is sent back;
     * {@code version} null: none; {@code file} the name of a file that was sent and not attached.
     */
    private record Sent(Map<String, String> values, String remarks, String reason, Integer version, String file) {
        static final Sent NOTHING = new Sent(Map.of(), null, null, null, null);
    }

    /** What a page shows besides the order: messages by field, the problem above the form, a stale notice. */
    private record Outcome(Map<String, String> errors, String problem, Stale stale, int status) {
        static final Outcome SHOWN = new Outcome(Map.of(), null, null, 200);
    }

    public LabPages(TenantTransactions tenants, LabWork work, Pages pages) {
        this.tenants = tenants;
        this.work = work;
        this.pages = pages;
    }

    /**
     * GET /clinic/{slug}/lab: "To do" (orders waiting for a sample or results, oldest first) or,
     * with {@code tab=completed}, the history of completed orders, newest first; either searched
     * by patient (code, name) or test ({@code q}), one keyset page at a time.
     */
    public void workList(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        boolean completed = "completed".equals(ctx.queryParam("tab"));
        String q = Optional.ofNullable(ctx.queryParam("q")).orElse("").strip();
        Optional<KeysetCursor> cursor = KeysetCursor.parse(ctx.queryParam(completed ? "before" : "after"));
        record Found(LabQueries.Search search, List<LabQueries.Order> orders) {
        }
        Found found = tenants.readInClinic(clinic.id(), tx -> {
            LabQueries.Search search = LabQueries.search(tx, clinic.id(), q);
            List<LabQueries.Order> orders = completed
                    ? LabQueries.completed(tx, clinic.id(), search, KeysetCursor.atOrNull(cursor),
                            KeysetCursor.idOrNull(cursor), PAGE_SIZE + 1)
                    : LabQueries.pending(tx, clinic.id(), LabQueries.WORK_LIST_STATUSES, search,
                            KeysetCursor.atOrNull(cursor), KeysetCursor.idOrNull(cursor), PAGE_SIZE + 1);
            work.auditListed(tx, clinic.id(), RequestContext.audit(ctx), completed,
                    orders.stream().limit(PAGE_SIZE).toList());
            return new Found(search, orders);
        });
        List<LabQueries.Order> page = found.orders().stream().limit(PAGE_SIZE).toList();
        String next = "";
        if (found.orders().size() > PAGE_SIZE) {
            LabQueries.Order last = page.getLast();
            String keyset = new KeysetCursor(completed ? last.completedAt() : last.orderedAt(), last.id()).toString();
            // the first tab's link stays "?after=..." without a search, as it always was
            next = "?" + (completed ? "tab=completed&" : "") + (q.isEmpty() ? "" : "q=" + encode(q) + "&")
                    + (completed ? "before=" : "after=") + encode(keyset);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("orders", page);
        model.put("next", next);
        model.put("tab", completed ? "completed" : "todo");
        model.put("q", q);
        model.put("qParam", q.isEmpty() ? "" : "&q=" + encode(q));
        model.put("searchCapped", found.search().capped());
        model.put("firstPage", cursor.isEmpty());
        model.put("title", (completed ? "Completed lab orders" : "Lab work list") + " - Santkrupa");
        pages.render(ctx, "lab/work-list", model);
    }

    /** GET /clinic/{slug}/lab/orders/{orderId}: the order, its read audited. */
    public void show(Context ctx) {
        render(ctx, "lab/order", orderId(ctx), Sent.NOTHING, Outcome.SHOWN);
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
            render(ctx, "lab/order", orderId, Sent.NOTHING, new Outcome(Map.of(),
                    "This sample was already collected, or the order is no longer open.", null, 409));
            return;
        }
        ctx.redirect(orderPath(clinic, orderId) + "?collected", HttpStatus.SEE_OTHER);
    }

    /**
     * POST /clinic/{slug}/lab/orders/{orderId}/results: the order page's one form -- the values,
     * the remarks and, when chosen, the report file -- saved together, and with "Save and
     * complete" ({@code action=complete}) the order completed; unless the order changed since the
     * form was opened (its hidden version): then nothing is saved and the form comes back (409)
     * with the stored values beside the typed ones. Whatever is refused, the typed text comes back.
     */
    public void saveResults(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID orderId = orderId(ctx);
        Principal principal = RequestContext.requirePrincipal(ctx);
        // "complete": the checkbox of pages opened before completion became its own button
        boolean complete = "complete".equals(ctx.formParam("action")) || ctx.formParam("complete") != null;
        Map<String, String> typed = typedValues(ctx);
        String remarks = ctx.formParam("remarks");
        Integer version = version(ctx.formParam("version"));
        LabWork.Upload upload = upload(ctx);
        if (upload != null && upload.content().length > ReportFiles.MAX_BYTES) {
            render(ctx, "lab/order", orderId, new Sent(typed, remarks, null, version, null),
                    new Outcome(Map.of(LabWork.REPORT, "The file is larger than 10 MB. Nothing was saved."), null, null, 413));
            return;
        }
        String file = upload == null ? null : upload.fileName();
        if (version == null) {
            // the same answer as a stale form: saving without knowing what the sender saw could overwrite anything
            render(ctx, "lab/order", orderId, new Sent(typed, remarks, null, null, file),
                    new Outcome(Map.of(), null, Stale.NO_VERSION, 409));
            return;
        }
        Sent sent = new Sent(typed, remarks, null, version, file);
        switch (work.saveResults(clinic.id(), orderId, principal.userId(), RequestContext.audit(ctx), version,
                parameterValues(typed), remarks, complete, upload)) {
            case LabWork.Saved saved -> ctx.redirect(orderPath(clinic, orderId) + (complete ? "?completed"
                    : saved.reportAttached() ? "?attached&values=" + saved.values() : "?saved"), HttpStatus.SEE_OTHER);
            case LabWork.Invalid invalid -> render(ctx, "lab/order", orderId, sent, invalid(invalid));
            case LabWork.Refused refused -> {
                Map<String, String> errors = new HashMap<>();
                refused.missing().forEach(id -> errors.put(id.toString(), "Needed to complete the order."));
                render(ctx, "lab/order", orderId, sent, new Outcome(errors, refused.problem(), null, 409));
            }
            // the typed values stay in the form, the stored ones are shown beside them, and the form now
            // carries the stored version: saving again is a deliberate overwrite
            case LabWork.Stale stale -> render(ctx, "lab/order", orderId, new Sent(typed, remarks, null, null, file),
                    new Outcome(Map.of(), null, Stale.CHANGED, 409));
        }
    }

    /** GET /clinic/{slug}/lab/orders/{orderId}/correct: a completed order's values, to correct with a reason. */
    public void correctionForm(Context ctx) {
        render(ctx, "lab/correct", orderId(ctx), Sent.NOTHING, Outcome.SHOWN);
    }

    /**
     * POST /clinic/{slug}/lab/orders/{orderId}/correct: the corrected values, remarks or report
     * file, with the reason; the earlier values are kept with the correction.
     */
    public void correct(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID orderId = orderId(ctx);
        Principal principal = RequestContext.requirePrincipal(ctx);
        Map<String, String> typed = typedValues(ctx);
        String remarks = ctx.formParam("remarks");
        String reason = ctx.formParam("reason");
        Integer version = version(ctx.formParam("version"));
        LabWork.Upload upload = upload(ctx);
        String file = upload == null ? null : upload.fileName();
        if (upload != null && upload.content().length > ReportFiles.MAX_BYTES) {
            render(ctx, "lab/correct", orderId, new Sent(typed, remarks, reason, version, null),
                    new Outcome(Map.of(LabWork.REPORT, "The file is larger than 10 MB. Nothing was saved."), null, null, 413));
            return;
        }
        if (version == null) {
            render(ctx, "lab/correct", orderId, new Sent(typed, remarks, reason, null, file),
                    new Outcome(Map.of(), null, Stale.NO_VERSION, 409));
            return;
        }
        Sent sent = new Sent(typed, remarks, reason, version, file);
        switch (work.correct(clinic.id(), orderId, principal.userId(), RequestContext.audit(ctx), version,
                parameterValues(typed), remarks, reason, upload)) {
            case LabWork.Saved saved -> ctx.redirect(orderPath(clinic, orderId) + "?corrected", HttpStatus.SEE_OTHER);
            case LabWork.Invalid invalid -> render(ctx, "lab/correct", orderId, sent, invalid(invalid));
            case LabWork.Refused refused -> render(ctx, "lab/correct", orderId, sent,
                    new Outcome(Map.of(), refused.problem(), null, 409));
            case LabWork.Stale stale -> render(ctx, "lab/correct", orderId,
                    new Sent(typed, remarks, reason, null, file), new Outcome(Map.of(), null, Stale.CHANGED, 409));
        }
    }

    /**
     * POST /clinic/{slug}/lab/orders/{orderId}/report (multipart): attaches the report file alone,
     * as pages before the one results form did. No version, as over the API: the file is new
     * content, not an edit of values read from the page; a replaced file is deleted; audited.
     */
    public void uploadReport(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID orderId = orderId(ctx);
        Principal principal = RequestContext.requirePrincipal(ctx);
        UploadedFile upload = ctx.uploadedFile("report");
        if (upload == null || upload.size() == 0) {
            render(ctx, "lab/order", orderId, Sent.NOTHING,
                    new Outcome(Map.of(LabWork.REPORT, "Choose a PDF or image file to attach."), null, null, 422));
            return;
        }
        if (upload.size() > ReportFiles.MAX_BYTES) {
            render(ctx, "lab/order", orderId, Sent.NOTHING,
                    new Outcome(Map.of(LabWork.REPORT, "The file is larger than 10 MB."), null, null, 413));
            return;
        }
        var refused = work.attachReport(clinic.id(), orderId, principal.userId(), RequestContext.audit(ctx),
                upload.filename(), read(upload));
        if (refused.isPresent()) {
            render(ctx, "lab/order", orderId, Sent.NOTHING,
                    new Outcome(Map.of(LabWork.REPORT, refused.get().message()), null, null, 422));
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

    /** The file field of a multipart form, when a file was chosen; null otherwise. */
    private static LabWork.Upload upload(Context ctx) {
        if (!ctx.isMultipartFormData()) {
            return null;
        }
        UploadedFile file = ctx.uploadedFile(LabWork.REPORT);
        if (file == null || (file.size() == 0 && (file.filename() == null || file.filename().isBlank()))) {
            return null;
        }
        return new LabWork.Upload(file.filename(), read(file));
    }

    /** One field per parameter, value_<parameter id>, as typed (stripped), by the id's text. */
    private static Map<String, String> typedValues(Context ctx) {
        Map<String, String> typed = new LinkedHashMap<>();
        ctx.formParamMap().forEach((name, list) -> {
            if (name.startsWith("value_") && !list.isEmpty()) {
                PathIds.parse(name.substring("value_".length()))
                        .ifPresent(id -> typed.put(id.toString(), list.getFirst().strip()));
            }
        });
        return typed;
    }

    private static Map<UUID, String> parameterValues(Map<String, String> typed) {
        Map<UUID, String> values = new LinkedHashMap<>();
        typed.forEach((id, value) -> values.put(UUID.fromString(id), value));
        return values;
    }

    private static Outcome invalid(LabWork.Invalid invalid) {
        Map<String, String> errors = new HashMap<>(invalid.fields());
        invalid.errors().forEach((id, message) -> errors.put(id.toString(), message));
        return new Outcome(errors, invalid.unknownParameters().isEmpty() ? null
                : "The form does not match this order's test; reload the page.", null, 422);
    }

    /** The form's hidden version; null when missing or garbled. */
    private static Integer version(String value) {
        if (value == null || !value.strip().matches("[0-9]{1,9}")) {
            return null;
        }
        return Integer.valueOf(value.strip());
    }

    /**
     * The order's page or its correction form. A form carries {@code sent.version} when given (a
     * form sent back for its values keeps the version its sender saw), else the stored version.
     */
    private void render(Context ctx, String template, UUID orderId, Sent sent, Outcome outcome) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        LabWork.Sheet sheet = work.read(clinic.id(), orderId, RequestContext.audit(ctx));
        LabQueries.Order order = sheet.order();
        if (template.equals("lab/correct") && !order.completed()) {
            ctx.redirect(orderPath(clinic, orderId), HttpStatus.SEE_OTHER);
            return;
        }
        Map<String, String> stored = new HashMap<>();
        sheet.results().forEach((id, result) -> stored.put(id.toString(), result.display()));
        Map<String, String> values = new HashMap<>(stored);
        sent.values().forEach((id, value) -> {
            if (!value.isEmpty()) {
                values.put(id, value);
            }
        });
        Map<String, String> errors = new HashMap<>(outcome.errors());
        if (sent.file() != null && !errors.containsKey(LabWork.REPORT)) {
            // a browser cannot fill a file field again: say so where the file was chosen
            errors.put(LabWork.REPORT, "Not attached, as nothing was saved: choose " + sent.file() + " again.");
        }
        Map<String, Object> model = new HashMap<>();
        model.put("order", order);
        model.put("parameters", sheet.parameters());
        model.put("results", sheet.results());
        model.put("ranges", sheet.ranges());
        model.put("corrections", sheet.corrections());
        model.put("values", values);
        model.put("remarks", sent.remarks() != null ? sent.remarks() : order.remarks());
        model.put("reason", sent.reason() == null ? "" : sent.reason());
        model.put("version", sent.version() != null ? sent.version() : order.version());
        model.put("stale", outcome.stale() == null ? "" : outcome.stale().name());
        model.put("stored", stored);
        model.put("typed", sent.values());
        model.put("typedRemarks", sent.remarks() == null ? "" : sent.remarks().strip());
        model.put("errors", errors);
        model.put("problem", outcome.problem());
        model.put("notice", notice(ctx));
        model.put("maxMegabytes", ReportFiles.MAX_BYTES / (1024 * 1024));
        model.put("title", (template.equals("lab/correct") ? "Correct " : "") + order.testName() + " for "
                + order.patientCode() + " - Santkrupa");
        ctx.status(outcome.status());
        pages.render(ctx, template, model);
    }

    private static String notice(Context ctx) {
        var query = ctx.queryParamMap();
        if (query.containsKey("collected")) return "Sample collected. Enter the results when they are ready.";
        if (query.containsKey("saved")) return "Results saved. The order is not completed yet.";
        if (query.containsKey("completed")) return "Order completed. The doctor and the patient now see the results.";
        if (query.containsKey("corrected")) return "Correction saved: the doctor and the patient see the corrected "
                + "results and the reason.";
        if (query.containsKey("attached")) {
            String values = ctx.queryParam("values");
            return "Report file attached." + (values == null || values.equals("0") ? ""
                    : " The results in the form were saved with it; the order is not completed yet.");
        }
        return null;
    }

    private static UUID orderId(Context ctx) {
        return PathIds.parse(ctx.pathParam("orderId")).orElseThrow(NotFoundResponse::new);
    }

    private static String orderPath(CurrentClinic clinic, UUID orderId) {
        return "/clinic/" + clinic.slug() + "/lab/orders/" + orderId;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
