package io.santkrupa.patient;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.UploadedFile;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.lab.LabQueries;
import io.santkrupa.lab.ReportFiles;
import io.santkrupa.prescription.Prescriptions;
import io.santkrupa.web.FileDownload;
import io.santkrupa.web.KeysetCursor;
import io.santkrupa.web.PathIds;
import io.santkrupa.web.RequestContext;
import io.santkrupa.web.api.ApiJson;
import io.santkrupa.web.api.ApiMultipart;
import io.santkrupa.web.api.ApiPaging;
import io.santkrupa.web.api.ApiProblem;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A patient's record over the API: visits, prescriptions, test reports and uploaded documents,
 * each a keyset-paged list read and audited through {@link PatientRecords} exactly like the
 * chart page; a document's file as a download; uploading a document.
 */
public final class PatientRecordApi {

    private static final String FILE = "file";

    private final PatientRecords records;
    private final PatientDocuments documents;

    public PatientRecordApi(PatientRecords records, PatientDocuments documents) {
        this.records = records;
        this.documents = documents;
    }

    /** GET /patients/{patientId}/visits -- the cursor is the last visit's id, as on the chart. */
    public void visits(Context ctx) {
        visits(ctx, ctx.pathParam("patientId"));
    }

    /** GET /my-record/visits -- the signed-in patient's own, as {@link #visits(Context)}. */
    public void ownVisits(Context ctx) {
        visits(ctx, own(ctx));
    }

    /** GET /patients/{patientId}/prescriptions */
    public void prescriptions(Context ctx) {
        prescriptions(ctx, ctx.pathParam("patientId"));
    }

    /** GET /my-record/prescriptions */
    public void ownPrescriptions(Context ctx) {
        prescriptions(ctx, own(ctx));
    }

    /** GET /patients/{patientId}/test-reports -- completed tests, as the chart lists them. */
    public void testReports(Context ctx) {
        testReports(ctx, ctx.pathParam("patientId"));
    }

    /** GET /my-record/test-reports */
    public void ownTestReports(Context ctx) {
        testReports(ctx, own(ctx));
    }

    /** GET /my-record/notes -- the doctors' notes, which the own-record page shows the patient too. */
    public void ownNotes(Context ctx) {
        int limit = ApiPaging.limit(ctx);
        KeysetCursor before = ApiPaging.cursor(ctx, KeysetCursor::parse).orElse(null);
        var rows = records.notes(clinic(ctx), own(ctx), RequestContext.audit(ctx), before, limit + 1);
        ApiJson.ok(ctx, ApiPaging.page(rows, limit, PatientRecordApi::note,
                n -> new KeysetCursor(n.recordedAt(), n.id()).toString()));
    }

    private void visits(Context ctx, String patientId) {
        int limit = ApiPaging.limit(ctx);
        UUID before = ApiPaging.cursor(ctx, PathIds::parse).orElse(null);
        var rows = records.visits(clinic(ctx), patientId, RequestContext.audit(ctx), before, limit + 1);
        ApiJson.ok(ctx, ApiPaging.page(rows, limit, PatientRecordApi::visit, v -> v.id().toString()));
    }

    private void prescriptions(Context ctx, String patientId) {
        int limit = ApiPaging.limit(ctx);
        KeysetCursor before = ApiPaging.cursor(ctx, KeysetCursor::parse).orElse(null);
        var rows = records.prescriptions(clinic(ctx), patientId, RequestContext.audit(ctx), before, limit + 1);
        ApiJson.ok(ctx, ApiPaging.page(rows, limit, PatientRecordApi::prescription,
                p -> new KeysetCursor(p.prescribedAt(), p.id()).toString()));
    }

    private void testReports(Context ctx, String patientId) {
        int limit = ApiPaging.limit(ctx);
        KeysetCursor before = ApiPaging.cursor(ctx, KeysetCursor::parse).orElse(null);
        var rows = records.tests(clinic(ctx), patientId, RequestContext.audit(ctx), before, limit + 1);
        ApiJson.ok(ctx, ApiPaging.page(rows, limit, PatientRecordApi::testReport,
                t -> new KeysetCursor(t.completedAt(), t.orderId()).toString()));
    }

    /** GET /patients/{patientId}/documents -- the documents' descriptions, not their bytes. */
    public void documents(Context ctx) {
        documents(ctx, ctx.pathParam("patientId"));
    }

    /** GET /my-record/documents -- the signed-in patient's own, as the own-record page lists them. */
    public void ownDocuments(Context ctx) {
        documents(ctx, own(ctx));
    }

    private void documents(Context ctx, String patientId) {
        int limit = ApiPaging.limit(ctx);
        KeysetCursor before = ApiPaging.cursor(ctx, KeysetCursor::parse).orElse(null);
        var rows = records.documents(clinic(ctx), patientId, RequestContext.audit(ctx), before, limit + 1);
        ApiJson.ok(ctx, ApiPaging.page(rows, limit, PatientRecordApi::document,
                d -> new KeysetCursor(d.uploadedAt(), d.id()).toString()));
    }

    /** GET /patients/{patientId}/documents/{reportId}/file -- an attachment of its stored type, audited. */
    public void downloadDocument(Context ctx) {
        var file = documents.download(clinic(ctx), RequestContext.audit(ctx), PathIds.of(ctx, "patientId"),
                PathIds.of(ctx, "reportId"));
        FileDownload.send(ctx, file.fileName(), file.contentType(), file.content());
    }

    /** GET /my-record/documents/{reportId}/file -- one of the signed-in patient's own documents (else 404), audited. */
    public void downloadOwnDocument(Context ctx) {
        var file = documents.download(clinic(ctx), RequestContext.audit(ctx), RequestContext.ownPatientId(ctx),
                PathIds.of(ctx, "reportId"));
        FileDownload.send(ctx, file.fileName(), file.contentType(), file.content());
    }

    /**
     * POST /patients/{patientId}/documents as multipart/form-data: {@code file} and the
     * description. Every invalid field is reported at once (422); a file over 10 MB is a 413.
     */
    public void uploadDocument(Context ctx) {
        ApiMultipart.read(ctx, "the document in the field file");
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID patientId = PathIds.of(ctx, "patientId");
        Map<String, String> errors = new LinkedHashMap<>();
        unknownFields(ctx).forEach(field -> errors.put(field, "Unknown field: this request does not take it."));
        var description = documents.describe(clinic, ctx::formParam, errors);
        List<UploadedFile> uploads = ctx.uploadedFiles(FILE);
        byte[] content = null;
        if (uploads.isEmpty()) {
            errors.put(FILE, "Attach the document: a PDF, PNG, JPEG or WebP file of at most 10 MB.");
        } else if (uploads.size() > 1) {
            errors.put(FILE, "Send one file per document.");
        } else if (uploads.getFirst().size() > ReportFiles.MAX_BYTES) {
            throw new HttpResponseException(413, "The file is larger than 10 MB.");
        } else {
            content = read(uploads.getFirst());
            try {
                ReportFiles.check(content);
            } catch (ReportFiles.Rejected rejected) {
                errors.put(FILE, rejected.getMessage());
            }
        }
        if (!errors.isEmpty() || description.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        PatientQueries.DocumentRow stored;
        try {
            stored = documents.upload(clinic.id(), RequestContext.audit(ctx),
                    RequestContext.requirePrincipal(ctx).userId(), patientId, description.get(),
                    uploads.getFirst().filename(), content);
        } catch (ReportFiles.Rejected rejected) {
            throw ApiProblem.validation(Map.of(FILE, rejected.getMessage()));
        }
        ApiJson.created(ctx, "/clinic/" + clinic.slug() + "/api/v1/patients/" + patientId + "/documents/"
                + stored.id() + "/file", document(stored));
    }

    /** Parts other than the file and the description's fields, by name. */
    private static Set<String> unknownFields(Context ctx) {
        Set<String> unknown = new TreeSet<>(ctx.formParamMap().keySet());
        unknown.addAll(ctx.uploadedFileMap().keySet());
        unknown.remove(FILE);
        PatientDocuments.FIELDS.forEach(unknown::remove);
        return unknown;
    }

    private static byte[] read(UploadedFile upload) {
        try (InputStream in = upload.content()) {
            return in.readNBytes(ReportFiles.MAX_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String own(Context ctx) {
        return RequestContext.ownPatientId(ctx).toString();
    }

    private static io.santkrupa.db.ClinicId clinic(Context ctx) {
        return RequestContext.clinic(ctx).id();
    }

    static Map<String, Object> visit(PatientQueries.VisitRow v) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", v.id());
        body.put("visitDate", v.visitDate());
        body.put("tokenNumber", v.tokenNumber());
        body.put("status", v.status());
        body.put("doctorName", v.doctorName());
        body.put("reason", v.reason());
        return body;
    }

    static Map<String, Object> prescription(Prescriptions.PrescriptionView p) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", p.id());
        body.put("prescribedAt", p.prescribedAt());
        body.put("visitId", p.visitId());
        body.put("doctorName", p.doctorName());
        body.put("advice", p.advice());
        body.put("items", p.items().stream().map(i -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("position", i.position());
            item.put("medicine", i.medicineName());
            item.put("strength", i.strength());
            item.put("form", i.form());
            item.put("dose", i.dose());
            item.put("frequency", i.frequency());
            item.put("durationDays", i.durationDays());
            item.put("instructions", i.instructions());
            return item;
        }).toList());
        return body;
    }

    static Map<String, Object> testReport(LabQueries.CompletedTest t) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", t.orderId());
        body.put("testName", t.testName());
        body.put("completedAt", t.completedAt());
        body.put("remarks", t.remarks());
        body.put("hasReportFile", t.hasReport());
        body.put("correctedAt", t.correctedAt());
        body.put("correctionReason", t.corrected() ? t.correctionReason() : null);
        body.put("results", t.lines().stream().map(line -> {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("parameter", line.parameter());
            result.put("value", line.value());
            result.put("unit", line.unit());
            result.put("normalRange", line.range());
            result.put("outOfRange", line.abnormal());
            result.put("flag", line.flag().dbValue());
            result.put("rangeFor", line.rangeNote());
            return result;
        }).toList());
        return body;
    }

    static Map<String, Object> note(PatientQueries.NoteRow n) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", n.id());
        body.put("recordedAt", n.recordedAt());
        body.put("doctorName", n.doctorName());
        body.put("diagnosis", n.diagnosis());
        body.put("notes", n.notes());
        return body;
    }

    static Map<String, Object> document(PatientQueries.DocumentRow d) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", d.id());
        body.put("title", d.title());
        body.put("reportType", d.reportType());
        body.put("reportDate", d.reportDate());
        body.put("notes", d.notes());
        body.put("fileName", d.fileName());
        body.put("contentType", d.contentType());
        body.put("sizeBytes", d.sizeBytes());
        body.put("uploadedAt", d.uploadedAt());
        return body;
    }
}
