package io.santkrupa.lab;

import io.santkrupa.web.PathIds;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.UploadedFile;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.audit.AuditLog.Outcome;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.Ids;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.patient.PatientRecords;
import io.santkrupa.web.KeysetCursor;
import io.santkrupa.web.Pages;
import io.santkrupa.web.RequestContext;
import io.santkrupa.web.auth.Principal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_ORDER;
import static io.santkrupa.db.jooq.santkrupa.Tables.TEST_RESULT;

/**
 * The lab technician's day: the work list, collecting samples, entering results against each
 * parameter's normal range, attaching a report file, completing the order.
 */
public final class LabPages {

    private static final int PAGE_SIZE = 25;

    private final TenantTransactions tenants;
    private final ReportFiles files;
    private final AuditLog audit;
    private final Pages pages;
    private final Clock clock;

    public LabPages(TenantTransactions tenants, ReportFiles files, AuditLog audit, Pages pages, Clock clock) {
        this.tenants = tenants;
        this.files = files;
        this.audit = audit;
        this.pages = pages;
        this.clock = clock;
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
        render(ctx, orderId(ctx), Map.of(), Map.of(), null, 200);
    }

    /** POST /clinic/{slug}/lab/orders/{orderId}/collect */
    public void collect(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID orderId = orderId(ctx);
        Principal principal = RequestContext.requirePrincipal(ctx);
        int updated = tenants.inClinic(clinic.id(), tx -> {
            requireOrder(tx, clinic.id(), orderId);
            int rows = tx.update(TEST_ORDER)
                    .set(TEST_ORDER.STATUS, "sample_collected")
                    .set(TEST_ORDER.SAMPLE_COLLECTED_AT, OffsetDateTime.now(clock))
                    .set(TEST_ORDER.SAMPLE_COLLECTED_BY, principal.userId())
                    .set(TEST_ORDER.UPDATED_AT, OffsetDateTime.now(clock))
                    .set(TEST_ORDER.VERSION, TEST_ORDER.VERSION.plus(1))
                    // the status in the WHERE clause: two technicians clicking at once collect it once
                    .where(TEST_ORDER.CLINIC_ID.eq(clinic.id().value()), TEST_ORDER.ID.eq(orderId),
                            TEST_ORDER.STATUS.eq("ordered"))
                    .execute();
            if (rows == 1) {
                audit.record(tx, clinic.id(), RequestContext.audit(ctx), "test_order.collect", Outcome.SUCCESS,
                        "test_order", orderId, "");
            }
            return rows;
        });
        if (updated == 0) {
            render(ctx, orderId, Map.of(), Map.of(), "This sample was already collected, or the order is no longer open.", 409);
            return;
        }
        ctx.redirect(orderPath(clinic, orderId) + "?collected", HttpStatus.SEE_OTHER);
    }

    /** POST /clinic/{slug}/lab/orders/{orderId}/results: save the values; optionally complete the order. */
    public void saveResults(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID orderId = orderId(ctx);
        Principal principal = RequestContext.requirePrincipal(ctx);
        boolean complete = ctx.formParam("complete") != null;

        record Outcome2(Map<String, String> errors, String problem) {
        }
        Map<String, String> typed = new LinkedHashMap<>();
        Outcome2 outcome = tenants.inClinic(clinic.id(), tx -> {
            LabQueries.Order order = requireOrder(tx, clinic.id(), orderId);
            if (!order.acceptingResults()) {
                return new Outcome2(Map.of(), order.awaitingSample()
                        ? "Collect the sample before entering results."
                        : "This order is " + order.status().replace('_', ' ') + "; its results can no longer change.");
            }
            List<LabQueries.Parameter> parameters = LabQueries.parameters(tx, clinic.id(), order.labTestId());
            Map<UUID, LabQueries.Result> existing = LabQueries.results(tx, clinic.id(), orderId);
            Map<String, String> errors = new HashMap<>();
            Map<LabQueries.Parameter, LabQueries.Result> entered = new LinkedHashMap<>();
            for (LabQueries.Parameter parameter : parameters) {
                String raw = ctx.formParam("value_" + parameter.id());
                String value = raw == null ? "" : raw.strip();
                typed.put(parameter.id().toString(), value);
                if (value.isEmpty()) {
                    continue;
                }
                if (parameter.numeric()) {
                    try {
                        BigDecimal number = new BigDecimal(value.replace(',', '.'));
                        if (number.abs().compareTo(new BigDecimal("1e10")) >= 0 || number.scale() > 4) {
                            errors.put(parameter.id().toString(), "Enter a number with at most 4 decimals.");
                            continue;
                        }
                        boolean abnormal = (parameter.normalLow() != null && number.compareTo(parameter.normalLow()) < 0)
                                || (parameter.normalHigh() != null && number.compareTo(parameter.normalHigh()) > 0);
                        entered.put(parameter, new LabQueries.Result(parameter.id(), number, "", abnormal));
                    } catch (NumberFormatException e) {
                        errors.put(parameter.id().toString(), "Enter a number, e.g. 13.5" + (parameter.unit().isEmpty() ? "" : " (" + parameter.unit() + ")") + ".");
                    }
                } else if (value.length() > 200) {
                    errors.put(parameter.id().toString(), "At most 200 characters.");
                } else {
                    boolean abnormal = !parameter.referenceText().isBlank()
                            && !parameter.referenceText().strip().equalsIgnoreCase(value);
                    entered.put(parameter, new LabQueries.Result(parameter.id(), null, value, abnormal));
                }
            }
            if (!errors.isEmpty()) {
                return new Outcome2(errors, null);
            }
            if (complete) {
                boolean allValues = parameters.stream()
                        .allMatch(p -> entered.containsKey(p) || existing.containsKey(p.id()));
                if (!allValues && order.reportFileId() == null) {
                    return new Outcome2(Map.of(), "To complete the order, enter every value or attach the report file.");
                }
            }
            OffsetDateTime now = OffsetDateTime.now(clock);
            for (var entry : entered.entrySet()) {
                LabQueries.Result result = entry.getValue();
                tx.insertInto(TEST_RESULT)
                        .set(TEST_RESULT.CLINIC_ID, clinic.id().value())
                        .set(TEST_RESULT.ID, Ids.newId())
                        .set(TEST_RESULT.TEST_ORDER_ID, orderId)
                        .set(TEST_RESULT.LAB_TEST_ID, order.labTestId())
                        .set(TEST_RESULT.PARAMETER_ID, result.parameterId())
                        .set(TEST_RESULT.VALUE_NUMERIC, result.valueNumeric())
                        .set(TEST_RESULT.VALUE_TEXT, result.valueText())
                        .set(TEST_RESULT.IS_ABNORMAL, result.abnormal())
                        .set(TEST_RESULT.ENTERED_BY, principal.userId())
                        .set(TEST_RESULT.ENTERED_AT, now)
                        .onConflict(TEST_RESULT.CLINIC_ID, TEST_RESULT.TEST_ORDER_ID, TEST_RESULT.PARAMETER_ID)
                        .doUpdate()
                        .set(TEST_RESULT.VALUE_NUMERIC, result.valueNumeric())
                        .set(TEST_RESULT.VALUE_TEXT, result.valueText())
                        .set(TEST_RESULT.IS_ABNORMAL, result.abnormal())
                        .set(TEST_RESULT.ENTERED_BY, principal.userId())
                        .set(TEST_RESULT.ENTERED_AT, now)
                        .execute();
            }
            String remarks = ctx.formParam("remarks") == null ? order.remarks() : ctx.formParam("remarks").strip();
            var update = tx.update(TEST_ORDER)
                    .set(TEST_ORDER.REMARKS, remarks.length() > 1000 ? remarks.substring(0, 1000) : remarks)
                    .set(TEST_ORDER.UPDATED_AT, now)
                    .set(TEST_ORDER.VERSION, TEST_ORDER.VERSION.plus(1));
            if (complete) {
                update = update.set(TEST_ORDER.STATUS, "completed")
                        .set(TEST_ORDER.COMPLETED_AT, now)
                        .set(TEST_ORDER.COMPLETED_BY, principal.userId());
            }
            update.where(TEST_ORDER.CLINIC_ID.eq(clinic.id().value()), TEST_ORDER.ID.eq(orderId),
                    TEST_ORDER.STATUS.eq("sample_collected")).execute();
            audit.record(tx, clinic.id(), RequestContext.audit(ctx), complete ? "test_order.complete" : "test_order.results",
                    AuditLog.Outcome.SUCCESS, "test_order", orderId, entered.size() + " value(s)");
            return new Outcome2(Map.of(), null);
        });
        if (!outcome.errors().isEmpty() || outcome.problem() != null) {
            render(ctx, orderId, outcome.errors(), typed, outcome.problem(), outcome.problem() != null ? 409 : 422);
            return;
        }
        ctx.redirect(orderPath(clinic, orderId) + (complete ? "?completed" : "?saved"), HttpStatus.SEE_OTHER);
    }

    /** POST /clinic/{slug}/lab/orders/{orderId}/report (multipart): attach the report file. */
    public void uploadReport(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID orderId = orderId(ctx);
        Principal principal = RequestContext.requirePrincipal(ctx);
        UploadedFile upload = ctx.uploadedFile("report");
        if (upload == null || upload.size() == 0) {
            render(ctx, orderId, Map.of("report", "Choose a PDF or image file to attach."), Map.of(), null, 422);
            return;
        }
        if (upload.size() > ReportFiles.MAX_BYTES) {
            render(ctx, orderId, Map.of("report", "The file is larger than 10 MB."), Map.of(), null, 413);
            return;
        }
        byte[] content;
        try (InputStream in = upload.content()) {
            content = in.readNBytes(ReportFiles.MAX_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String error = tenants.inClinic(clinic.id(), tx -> {
            LabQueries.Order order = requireOrder(tx, clinic.id(), orderId);
            if (!order.acceptingResults()) {
                return order.awaitingSample() ? "Collect the sample before attaching a report."
                        : "This order is " + order.status().replace('_', ' ') + "; its report can no longer change.";
            }
            UUID fileId;
            try {
                fileId = files.store(tx, clinic.id(), principal.userId(), upload.filename(), content);
            } catch (ReportFiles.Rejected rejected) {
                return rejected.getMessage();
            }
            tx.update(TEST_ORDER)
                    .set(TEST_ORDER.REPORT_FILE_ID, fileId)
                    .set(TEST_ORDER.UPDATED_AT, OffsetDateTime.now(clock))
                    .set(TEST_ORDER.VERSION, TEST_ORDER.VERSION.plus(1))
                    .where(TEST_ORDER.CLINIC_ID.eq(clinic.id().value()), TEST_ORDER.ID.eq(orderId))
                    .execute();
            audit.record(tx, clinic.id(), RequestContext.audit(ctx), "test_order.report_upload", Outcome.SUCCESS,
                    "test_order", orderId, content.length + " bytes");
            return null;
        });
        if (error != null) {
            render(ctx, orderId, Map.of("report", error), Map.of(), null, 422);
            return;
        }
        ctx.redirect(orderPath(clinic, orderId) + "?attached", HttpStatus.SEE_OTHER);
    }

    /** GET .../orders/{orderId}/report: the attached file, as a download, audited. */
    public void downloadReport(Context ctx) {
        download(ctx, null);
    }

    /** GET /clinic/{slug}/my-record/orders/{orderId}/report: a patient's own report only (else 404). */
    public void downloadOwnReport(Context ctx) {
        UUID patientId = RequestContext.requirePrincipal(ctx).patientId();
        if (patientId == null) {
            throw new NotFoundResponse();
        }
        download(ctx, patientId);
    }

    private void download(Context ctx, UUID onlyForPatient) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID orderId = orderId(ctx);
        ReportFiles.Download download = tenants.readInClinic(clinic.id(), tx -> {
            LabQueries.Order order = requireOrder(tx, clinic.id(), orderId);
            if (order.reportFileId() == null
                    || (onlyForPatient != null && !onlyForPatient.equals(order.patientId()))
                    || (onlyForPatient != null && !order.status().equals("completed"))) {
                throw new NotFoundResponse();
            }
            ReportFiles.Download file = files.load(tx, clinic.id(), order.reportFileId()).orElseThrow(NotFoundResponse::new);
            audit.record(tx, clinic.id(), RequestContext.audit(ctx), "test_order.report_download", Outcome.SUCCESS,
                    "test_order", orderId, "");
            return file;
        });
        send(ctx, download);
    }

    /** Sends a stored file with its own type, as an attachment, never to be sniffed or cached. */
    public static void send(Context ctx, ReportFiles.Download download) {
        String ascii = download.fileName().replaceAll("[^A-Za-z0-9._-]", "_");
        ctx.contentType(download.contentType());
        ctx.header("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + URLEncoder.encode(download.fileName(), StandardCharsets.UTF_8).replace("+", "%20"));
        ctx.header("Content-Length", String.valueOf(download.content().length));
        ctx.result(download.content());
    }

    private void render(Context ctx, UUID orderId, Map<String, String> errors, Map<String, String> typed,
                        String problem, int status) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        record View(LabQueries.Order order, List<LabQueries.Parameter> parameters, Map<UUID, LabQueries.Result> results) {
        }
        View view = tenants.readInClinic(clinic.id(), tx -> {
            LabQueries.Order order = requireOrder(tx, clinic.id(), orderId);
            return new View(order, LabQueries.parameters(tx, clinic.id(), order.labTestId()),
                    LabQueries.results(tx, clinic.id(), orderId));
        });
        Map<String, String> values = new HashMap<>();
        view.results().forEach((id, result) -> values.put(id.toString(), result.display()));
        values.putAll(typed);
        Map<String, Object> model = new HashMap<>();
        model.put("order", view.order());
        model.put("parameters", view.parameters());
        model.put("results", view.results());
        model.put("values", values);
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
