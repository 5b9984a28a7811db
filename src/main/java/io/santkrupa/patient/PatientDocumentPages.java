package io.santkrupa.patient;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UploadedFile;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.lab.ReportFiles;
import io.santkrupa.web.FileDownload;
import io.santkrupa.web.Form;
import io.santkrupa.web.PathIds;
import io.santkrupa.web.RequestContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Documents on the record pages: the doctor uploads one from the chart (checked exactly as the
 * API checks it: {@link PatientDocuments} and {@link ReportFiles}), staff who read clinical data
 * and the patient themselves download them, each download audited.
 */
public final class PatientDocumentPages {

    static final String FILE = "file";

    private final PatientDocuments documents;
    private final PatientPages chart;

    public PatientDocumentPages(PatientDocuments documents, PatientPages chart) {
        this.documents = documents;
        this.chart = chart;
    }

    /** POST /patients/{patientId}/documents (multipart): stored, or the chart again with each message at its field. */
    public void upload(Context ctx) {
        CurrentClinic clinic = RequestContext.clinic(ctx);
        UUID patientId = PathIds.of(ctx, "patientId");
        Form form = Form.from(ctx::formParam, PatientDocuments.FIELDS);
        Map<String, String> errors = new LinkedHashMap<>();
        var description = documents.describe(clinic, ctx::formParam, errors);
        List<UploadedFile> uploads = ctx.uploadedFiles(FILE);
        UploadedFile upload = uploads.isEmpty() ? null : uploads.getFirst();
        byte[] content = null;
        int status = Form.INVALID;
        if (upload == null || upload.size() == 0 && upload.filename().isBlank()) {
            errors.put(FILE, "Choose the document: a PDF, PNG, JPEG or WebP file of at most 10 MB.");
        } else if (uploads.size() > 1) {
            errors.put(FILE, "Upload one file per document.");
        } else if (upload.size() > ReportFiles.MAX_BYTES) {
            errors.put(FILE, "The file is larger than 10 MB.");
            status = 413;
        } else {
            content = read(upload);
            try {
                ReportFiles.check(content);
            } catch (ReportFiles.Rejected rejected) {
                errors.put(FILE, rejected.getMessage());
            }
        }
        if (errors.isEmpty() && description.isPresent()) {
            try {
                documents.upload(clinic.id(), RequestContext.audit(ctx), RequestContext.requirePrincipal(ctx).userId(),
                        patientId, description.get(), upload.filename(), content);
                ctx.redirect("/clinic/" + clinic.slug() + "/patients/" + patientId + "?document=uploaded#documents",
                        HttpStatus.SEE_OTHER);
                return;
            } catch (ReportFiles.Rejected rejected) {
                errors.put(FILE, rejected.getMessage());
            }
        }
        errors.forEach(form::error);
        chart.showChart(ctx, Map.of("documentForm", form), status);
    }

    /** GET /patients/{patientId}/documents/{reportId}/file */
    public void download(Context ctx) {
        send(ctx, documents.download(RequestContext.clinic(ctx).id(), RequestContext.audit(ctx),
                PathIds.of(ctx, "patientId"), PathIds.of(ctx, "reportId")));
    }

    /** GET /my-record/documents/{reportId}/file: the signed-in patient's own document only (else 404). */
    public void downloadOwn(Context ctx) {
        send(ctx, documents.download(RequestContext.clinic(ctx).id(), RequestContext.audit(ctx),
                RequestContext.ownPatientId(ctx), PathIds.of(ctx, "reportId")));
    }

    private static void send(Context ctx, ReportFiles.Download file) {
        FileDownload.send(ctx, file.fileName(), file.contentType(), file.content());
    }

    /** The bytes of an upload, at most one byte over the limit (so an oversized one is still refused). */
    private static byte[] read(UploadedFile upload) {
        try (InputStream in = upload.content()) {
            return in.readNBytes(ReportFiles.MAX_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
