package io.santkrupa.lab;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.visit.ConsultationWork;
import io.santkrupa.web.FileDownload;
import io.santkrupa.web.KeysetCursor;
import io.santkrupa.web.PathIds;
import io.santkrupa.web.RequestContext;
import io.santkrupa.web.api.ApiJson;
import io.santkrupa.web.api.ApiPaging;
import io.santkrupa.web.api.ApiMultipart;
import io.santkrupa.web.api.ApiProblem;
import io.santkrupa.web.api.ApiVersions;
import io.santkrupa.web.api.FieldError;
import io.santkrupa.web.auth.Principal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Test orders over the API, from the doctor's order to the lab's report: the same code as the
 * consultation page (ordering) and the lab's pages (work list, sample, results, report file),
 * with the same validation, state checks and audit.
 *
 * <p>Entering results needs If-Match with the order's ETag (its version, which every change of
 * the order raises: collecting, results, the report file), so a technician's save never
 * overwrites values entered meanwhile by someone else. Ids inside a body that the clinic does not
 * have (a visit, a lab test, a parameter) are a 422 naming the field; an unknown order in the URL
 * is the same 404 as another clinic's.
 */
public final class TestOrderApi {

    private static final Set<String> STATUSES = Set.copyOf(LabQueries.WORK_LIST_STATUSES);

    /** POST /test-orders */
    record CreateRequest(UUID visitId, List<String> labTestIds, String clinicalNotes) {
    }

    /** PUT /test-orders/{orderId}/results */
    record ResultsRequest(List<ResultRequest> results, String remarks, Boolean complete) {
    }

    /** POST /test-orders/{orderId}/corrections */
    record CorrectionRequest(List<ResultRequest> results, String remarks, String reason) {
    }

    /** {@code value} is a number or a string, read as it came. */
    record ResultRequest(UUID parameterId, JsonNode value) {
    }

    private final TenantTransactions tenants;
    private final ConsultationWork consultations;
    private final LabWork work;

    public TestOrderApi(TenantTransactions tenants, ConsultationWork consultations, LabWork work) {
        this.tenants = tenants;
        this.consultations = consultations;
        this.work = work;
    }

    /** POST /test-orders -- one order per test, like the consultation page; 201 with the new orders. */
    public void create(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        Principal principal = RequestContext.requirePrincipal(ctx);
        CreateRequest request = ApiJson.read(ctx, CreateRequest.class);
        if (request.visitId() == null) {
            throw ApiProblem.validation(List.of(new FieldError("visitId", "Give the visit the tests are ordered in.")));
        }
        TestOrderForm form = TestOrderForm.of(request.labTestIds() == null ? List.of() : request.labTestIds(),
                request.clinicalNotes());
        var outcome = consultations.orderTests(clinic.id(), request.visitId(), principal.userId(),
                RequestContext.audit(ctx), form);
        List<UUID> ids = switch (outcome) {
            case ConsultationWork.Written<List<UUID>> written -> written.value();
            case ConsultationWork.Invalid<List<UUID>> invalid -> {
                List<FieldError> errors = new ArrayList<>();
                form.errors().forEach((field, message) ->
                        errors.add(new FieldError(field.equals("tests") ? "labTestIds" : field, message)));
                throw ApiProblem.validation(errors);
            }
            case ConsultationWork.Refused<List<UUID>> refused -> throw refused.refusal().asApiProblem();
            case ConsultationWork.AllergyWarning<List<UUID>> never ->
                    throw new IllegalStateException("test orders have no allergy check");
        };
        // in the order they were asked for, the Location's first -- not left to how the ids happen to sort
        List<LabQueries.Order> orders = tenants.readInClinic(clinic.id(), tx -> LabQueries.orders(tx, clinic.id(), ids))
                .stream().sorted(Comparator.comparingInt(o -> ids.indexOf(o.id()))).toList();
        ApiJson.created(ctx, path(clinic, ids.getFirst()),
                Map.of("orders", orders.stream().map(TestOrderApi::summary).toList()));
    }

    /**
     * GET /test-orders?status=&q= -- the lab's work list (open orders, oldest first) or, with
     * status=completed, its history (newest completion first); q searches by patient or test.
     */
    public void list(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        String status = ctx.queryParam("status") == null ? "" : ctx.queryParam("status").strip();
        boolean completed = status.equals("completed");
        List<String> statuses = completed ? List.of() : statuses(status);
        String q = ctx.queryParam("q") == null ? "" : ctx.queryParam("q");
        if (q.strip().length() > 100) {
            throw ApiProblem.badParameter("q", "At most 100 characters.");
        }
        int limit = ApiPaging.limit(ctx);
        Optional<KeysetCursor> cursor = ApiPaging.cursor(ctx, TestOrderApi::parseCursor);
        List<LabQueries.Order> found = tenants.readInClinic(clinic.id(), tx -> {
            LabQueries.Search search = LabQueries.search(tx, clinic.id(), q);
            List<LabQueries.Order> orders = completed
                    ? LabQueries.completed(tx, clinic.id(), search, KeysetCursor.atOrNull(cursor),
                            KeysetCursor.idOrNull(cursor), limit + 1)
                    : LabQueries.pending(tx, clinic.id(), statuses, search, KeysetCursor.atOrNull(cursor),
                            KeysetCursor.idOrNull(cursor), limit + 1);
            work.auditListed(tx, clinic.id(), RequestContext.audit(ctx), completed, orders.stream().limit(limit).toList());
            return orders;
        });
        ApiJson.ok(ctx, ApiPaging.page(found, limit, TestOrderApi::summary,
                o -> cursor(new KeysetCursor(completed ? o.completedAt() : o.orderedAt(), o.id()))));
    }

    /** GET /test-orders/{orderId} -- with the test's parameters, the values entered and any corrections; audited. */
    public void show(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        respond(ctx, work.read(clinic.id(), PathIds.of(ctx, "orderId"), RequestContext.audit(ctx)));
    }

    /** POST /test-orders/{orderId}/collect -- the sample is collected; 409 unless the order was waiting for it. */
    public void collect(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID orderId = PathIds.of(ctx, "orderId");
        Principal principal = RequestContext.requirePrincipal(ctx);
        if (!work.collect(clinic.id(), orderId, principal.userId(), RequestContext.audit(ctx))) {
            throw ApiProblem.conflict("This sample was already collected, or the order is no longer open. Nothing was changed.");
        }
        respond(ctx, work.afterWrite(clinic.id(), orderId));
    }

    /**
     * PUT /test-orders/{orderId}/results with If-Match -- sets the values given (a parameter left
     * out keeps its value); with {@code complete}, completes the order.
     */
    public void saveResults(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID orderId = PathIds.of(ctx, "orderId");
        Principal principal = RequestContext.requirePrincipal(ctx);
        int version = ApiVersions.ifMatch(ctx);
        ResultsRequest request = ApiJson.read(ctx, ResultsRequest.class);
        List<FieldError> errors = new ArrayList<>();
        Map<UUID, String> values = new LinkedHashMap<>();
        Map<UUID, Integer> index = new HashMap<>();
        values(request.results(), errors, values, index);
        if (request.remarks() != null && request.remarks().strip().length() > LabWork.MAX_REMARKS) {
            errors.add(new FieldError("remarks", "At most " + LabWork.MAX_REMARKS + " characters."));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        boolean complete = Boolean.TRUE.equals(request.complete());
        answer(ctx, clinic, orderId, index, work.saveResults(clinic.id(), orderId, principal.userId(),
                RequestContext.audit(ctx), version, values, request.remarks(), complete));
    }

    /**
     * POST /test-orders/{orderId}/corrections with If-Match -- corrects a completed order's values
     * or remarks, with the reason; the earlier values are kept with the correction.
     */
    public void correct(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID orderId = PathIds.of(ctx, "orderId");
        Principal principal = RequestContext.requirePrincipal(ctx);
        int version = ApiVersions.ifMatch(ctx);
        CorrectionRequest request = ApiJson.read(ctx, CorrectionRequest.class);
        List<FieldError> errors = new ArrayList<>();
        Map<UUID, String> values = new LinkedHashMap<>();
        Map<UUID, Integer> index = new HashMap<>();
        values(request.results(), errors, values, index);
        if (request.remarks() != null && request.remarks().strip().length() > LabWork.MAX_REMARKS) {
            errors.add(new FieldError("remarks", "At most " + LabWork.MAX_REMARKS + " characters."));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        answer(ctx, clinic, orderId, index, work.correct(clinic.id(), orderId, principal.userId(),
                RequestContext.audit(ctx), version, values, request.remarks(), request.reason(), null));
    }

    /** The answer to a results write: the order as it is now, or the problem. */
    private void answer(Context ctx, CurrentClinic clinic, UUID orderId, Map<UUID, Integer> index,
                        LabWork.ResultsOutcome outcome) {
        switch (outcome) {
            case LabWork.Saved saved -> respond(ctx, work.afterWrite(clinic.id(), orderId));
            case LabWork.Stale stale -> throw ApiVersions.stale();
            case LabWork.Refused refused -> throw ApiProblem.conflict(refused.problem() + " Nothing was saved.");
            case LabWork.Invalid invalid -> {
                List<FieldError> invalidFields = new ArrayList<>();
                invalid.unknownParameters().forEach(id -> invalidFields.add(new FieldError(
                        "results[" + index.get(id) + "].parameterId", "Not a parameter of this order's test.")));
                invalid.errors().forEach((id, message) -> invalidFields.add(new FieldError(
                        "results[" + index.get(id) + "].value", message)));
                invalid.fields().forEach((field, message) -> invalidFields.add(new FieldError(field, message)));
                throw ApiProblem.validation(invalidFields);
            }
        }
    }

    /** The results of a body, checked: each value by parameter id, its index for messages. */
    private static void values(List<ResultRequest> given, List<FieldError> errors, Map<UUID, String> values,
                               Map<UUID, Integer> index) {
        List<ResultRequest> results = given == null ? List.of() : given;
        for (int i = 0; i < results.size(); i++) {
            ResultRequest result = results.get(i);
            String at = "results[" + i + "]";
            if (result == null) {
                errors.add(new FieldError(at, "Must be an object."));
                continue;
            }
            if (result.parameterId() == null) {
                errors.add(new FieldError(at + ".parameterId", "Give the parameter's id."));
            } else if (index.putIfAbsent(result.parameterId(), i) != null) {
                errors.add(new FieldError(at + ".parameterId", "This parameter is already listed."));
            }
            String value = value(result.value(), at + ".value", errors);
            if (result.parameterId() != null && value != null) {
                values.putIfAbsent(result.parameterId(), value);
            }
        }
    }

    /**
     * POST /test-orders/{orderId}/report (multipart/form-data, the file in field {@code report}) --
     * attaches or replaces the report file; its type is decided by its content.
     */
    public void uploadReport(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID orderId = PathIds.of(ctx, "orderId");
        Principal principal = RequestContext.requirePrincipal(ctx);
        ApiMultipart.read(ctx, "the file in the field report");
        UploadedFile upload = ctx.uploadedFile("report");
        if (upload == null || upload.size() == 0) {
            throw ApiProblem.validation(List.of(new FieldError("report", "Attach a PDF or image file in the field report.")));
        }
        if (upload.size() > ReportFiles.MAX_BYTES) {
            throw tooLarge("The file is larger than 10 MB.");
        }
        var refused = work.attachReport(clinic.id(), orderId, principal.userId(), RequestContext.audit(ctx),
                upload.filename(), LabPages.read(upload));
        if (refused.isPresent()) {
            LabWork.UploadRefused why = refused.get();
            if (why.orderState()) {
                throw ApiProblem.conflict(why.message() + " Nothing was changed.");
            }
            throw switch (why.file()) {
                case TOO_LARGE -> tooLarge(why.message());
                case FILE_TYPE -> new ApiProblem(415, "about:blank", "Unsupported Media Type", why.message(),
                        List.of(new FieldError("report", why.message())));
                case EMPTY -> ApiProblem.validation(List.of(new FieldError("report", why.message())));
            };
        }
        respond(ctx, work.afterWrite(clinic.id(), orderId));
    }

    /** GET /test-orders/{orderId}/report -- the file, as the lab's page sends it, audited alike. */
    public void downloadReport(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        var file = work.report(clinic.id(), PathIds.of(ctx, "orderId"), null, RequestContext.audit(ctx));
        FileDownload.send(ctx, file.fileName(), file.contentType(), file.content());
    }

    /**
     * GET /my-record/test-reports/{orderId}/report -- the signed-in patient's own completed order
     * only, as on the own-record page (else the 404 of an unknown id).
     */
    public void downloadOwnReport(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        var file = work.report(clinic.id(), PathIds.of(ctx, "orderId"), RequestContext.ownPatientId(ctx),
                RequestContext.audit(ctx));
        FileDownload.send(ctx, file.fileName(), file.contentType(), file.content());
    }


    private static ApiProblem tooLarge(String message) {
        return new ApiProblem(413, "about:blank", "Content Too Large", message, List.of(new FieldError("report", message)));
    }

    /** The value as the lab's form takes it (text); null with an error unless a number or a non-empty string. */
    private static String value(JsonNode value, String field, List<FieldError> errors) {
        if (value == null || value.isNull()) {
            errors.add(new FieldError(field, "Give a value; leave the parameter out to keep its value."));
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue().toPlainString();
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(field, "Must be a number or a string."));
            return null;
        }
        if (value.textValue().isBlank()) {
            errors.add(new FieldError(field, "Give a value; leave the parameter out to keep its value."));
            return null;
        }
        return value.textValue();
    }

    private static List<String> statuses(String status) {
        if (status == null || status.isBlank()) {
            return LabQueries.WORK_LIST_STATUSES;
        }
        if (!STATUSES.contains(status.strip())) {
            throw ApiProblem.badParameter("status", "Use ordered, sample_collected or completed (or leave it out "
                    + "for the open orders).");
        }
        return List.of(status.strip());
    }

    /** Cursors are opaque to clients: the keyset, base64url-encoded (no characters to escape in a URL). */
    private static String cursor(KeysetCursor keyset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(keyset.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<KeysetCursor> parseCursor(String raw) {
        try {
            return KeysetCursor.parse(new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void respond(Context ctx, LabWork.Sheet sheet) {
        Map<String, Object> body = summary(sheet.order());
        body.put("remarks", sheet.order().remarks());
        body.put("reportFileName", sheet.order().reportFileName());
        body.put("parameters", sheet.parameters().stream()
                .map(p -> parameter(p, sheet.ranges().get(p.id()), sheet.results().get(p.id()))).toList());
        body.put("corrections", sheet.corrections().stream().map(TestOrderApi::correction).toList());
        body.put("version", sheet.order().version());
        ApiVersions.etag(ctx, sheet.order().version());
        ApiJson.ok(ctx, body);
    }

    static Map<String, Object> summary(LabQueries.Order o) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", o.id());
        body.put("status", o.status());
        body.put("orderedAt", o.orderedAt());
        body.put("orderedBy", o.orderedBy());
        Map<String, Object> patient = new LinkedHashMap<>();
        patient.put("id", o.patientId());
        patient.put("code", o.patientCode());
        patient.put("name", o.patientName());
        patient.put("dateOfBirth", o.dateOfBirth());
        patient.put("dateOfBirthApproximate", o.dateOfBirthApproximate());
        patient.put("gender", o.gender());
        body.put("patient", patient);
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("id", o.labTestId());
        test.put("code", o.testCode());
        test.put("name", o.testName());
        test.put("sampleType", o.sampleType());
        body.put("test", test);
        body.put("clinicalNotes", o.clinicalNotes());
        body.put("sampleCollectedAt", o.sampleCollectedAt());
        body.put("completedAt", o.completedAt());
        body.put("hasReport", o.reportFileId() != null);
        return body;
    }

    private static Map<String, Object> parameter(LabQueries.Parameter p, ReferenceRanges.Applied range,
                                                 LabQueries.Result r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", p.id());
        body.put("name", p.name());
        body.put("unit", p.unit());
        body.put("numeric", p.numeric());
        body.put("normalLow", ApiJson.number(p.normalLow()));
        body.put("normalHigh", ApiJson.number(p.normalHigh()));
        body.put("referenceText", p.referenceText());
        body.put("patientRange", p.numeric() && range != null ? range(range.low(), range.high(), range.criticalLow(),
                range.criticalHigh(), range.note()) : null);
        if (r == null) {
            body.put("result", null);
        } else {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("value", r.valueNumeric() != null ? ApiJson.number(r.valueNumeric()) : r.valueText());
            result.put("abnormal", r.abnormal());
            result.put("flag", r.flag().dbValue());
            result.put("range", r.valueNumeric() == null ? null
                    : range(r.referenceLow(), r.referenceHigh(), null, null, r.referenceNote()));
            body.put("result", result);
        }
        return body;
    }

    private static Map<String, Object> range(java.math.BigDecimal low, java.math.BigDecimal high,
                                             java.math.BigDecimal criticalLow, java.math.BigDecimal criticalHigh,
                                             String appliesTo) {
        Map<String, Object> range = new LinkedHashMap<>();
        range.put("low", ApiJson.number(low));
        range.put("high", ApiJson.number(high));
        range.put("criticalLow", ApiJson.number(criticalLow));
        range.put("criticalHigh", ApiJson.number(criticalHigh));
        range.put("appliesTo", appliesTo);
        return range;
    }

    private static Map<String, Object> correction(LabQueries.Correction c) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", c.id());
        body.put("correctedAt", c.correctedAt());
        body.put("correctedBy", c.correctedBy());
        body.put("reason", c.reason());
        body.put("changes", c.changes().stream().map(ch -> {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("parameter", ch.parameter());
            change.put("unit", ch.unit());
            change.put("before", ch.before());
            change.put("beforeFlag", ch.beforeFlag());
            change.put("after", ch.after());
            change.put("afterFlag", ch.afterFlag());
            return change;
        }).toList());
        body.put("remarksBefore", c.remarksBefore());
        body.put("reportReplaced", c.reportReplaced());
        return body;
    }

    private static String path(CurrentClinic clinic, UUID orderId) {
        return "/clinic/" + clinic.slug() + "/api/v1/test-orders/" + orderId;
    }
}
