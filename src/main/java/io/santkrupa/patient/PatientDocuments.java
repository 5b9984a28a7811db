package io.santkrupa.patient;

import io.javalin.http.NotFoundResponse;
import io.santkrupa.audit.AuditContext;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.Ids;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.lab.ReportFiles;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICAL_REPORT;

/**
 * Documents uploaded for a patient (an outside lab's report, a discharge summary, an X-ray):
 * storing one with its description, and handing its file out again. The file's content is
 * checked by {@link ReportFiles}, exactly like a lab report's; both actions are audited.
 */
public final class PatientDocuments {

    public static final List<String> TYPES = List.of("lab", "imaging", "discharge_summary", "referral",
            "prescription", "other");
    /** The types in words, in the order a form offers them. */
    public static final Map<String, String> TYPE_LABELS = labels();
    /** The text fields of an upload, by the names the API (and a form) use. */
    static final List<String> FIELDS = List.of("title", "reportType", "reportDate", "notes");
    static final int MAX_TITLE = 200;
    static final int MAX_NOTES = 2000;

    /** What a valid upload says about its file. */
    public record Description(String title, String reportType, LocalDate reportDate, String notes) {
    }

    private final TenantTransactions tenants;
    private final ReportFiles files;
    private final AuditLog audit;
    private final Clock clock;

    public PatientDocuments(TenantTransactions tenants, ReportFiles files, AuditLog audit, Clock clock) {
        this.tenants = tenants;
        this.files = files;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * The description from the submitted fields ({@code param} answers a field by name, null when
     * absent); each invalid field's message is put in {@code errors}. A report dated after the
     * clinic's today (in its time zone) is refused.
     */
    public Optional<Description> describe(CurrentClinic clinic, UnaryOperator<String> param,
                                          Map<String, String> errors) {
        String title = text(param, "title");
        String type = text(param, "reportType");
        String date = text(param, "reportDate");
        String notes = text(param, "notes");
        if (title.isEmpty()) {
            errors.put("title", "Give the document a title, e.g. \"Chest X-ray\".");
        } else if (title.length() > MAX_TITLE) {
            errors.put("title", "At most " + MAX_TITLE + " characters.");
        }
        if (!TYPES.contains(type)) {
            errors.put("reportType", "One of " + String.join(", ", TYPES) + ".");
        }
        LocalDate reportDate = null;
        if (!date.isEmpty()) {
            reportDate = io.santkrupa.web.Dates.day(date).orElse(null);
            if (reportDate == null) {
                errors.put("reportDate", "A date like 2026-03-14.");
            } else if (reportDate.isAfter(clinic.today(clock))) {
                errors.put("reportDate", "The report's date cannot be in the future.");
            } else if (reportDate.getYear() < 1900) {
                errors.put("reportDate", "Check the year of the report's date.");
            }
        }
        if (notes.length() > MAX_NOTES) {
            errors.put("notes", "At most " + MAX_NOTES + " characters.");
        }
        return errors.isEmpty() ? Optional.of(new Description(title, type, reportDate, notes)) : Optional.empty();
    }

    /**
     * Stores the file and its description for the patient, in one transaction.
     *
     * @throws NotFoundResponse when the patient is not one of the clinic's
     * @throws ReportFiles.Rejected when the file is not one the clinic accepts; nothing is stored
     */
    public PatientQueries.DocumentRow upload(ClinicId clinic, AuditContext who, UUID uploadedBy, UUID patientId,
                                             Description description, String fileName, byte[] content)
            throws ReportFiles.Rejected {
        try {
            return tenants.inClinic(clinic, tx -> {
                PatientQueries.find(tx, clinic, patientId).orElseThrow(NotFoundResponse::new);
                UUID fileId;
                try {
                    fileId = files.store(tx, clinic, uploadedBy, fileName, content);
                } catch (ReportFiles.Rejected rejected) {
                    throw new RejectedInTransaction(rejected);
                }
                UUID id = Ids.newId();
                tx.insertInto(MEDICAL_REPORT)
                        .set(MEDICAL_REPORT.CLINIC_ID, clinic.value())
                        .set(MEDICAL_REPORT.ID, id)
                        .set(MEDICAL_REPORT.PATIENT_ID, patientId)
                        .set(MEDICAL_REPORT.FILE_ID, fileId)
                        .set(MEDICAL_REPORT.TITLE, description.title())
                        .set(MEDICAL_REPORT.REPORT_TYPE, description.reportType())
                        .set(MEDICAL_REPORT.REPORT_DATE, description.reportDate())
                        .set(MEDICAL_REPORT.NOTES, description.notes())
                        .set(MEDICAL_REPORT.UPLOADED_BY, uploadedBy)
                        .execute();
                audit.record(tx, clinic, who, "document.upload", AuditLog.Outcome.SUCCESS, "medical_report", id,
                        content.length + " bytes");
                return PatientQueries.document(tx, clinic, patientId, id).orElseThrow();
            });
        } catch (RejectedInTransaction e) {
            throw e.rejected;
        }
    }

    /**
     * One of the patient's documents with its bytes, the download audited like a lab report's.
     *
     * @throws NotFoundResponse when it is not this patient's document in this clinic
     */
    public ReportFiles.Download download(ClinicId clinic, AuditContext who, UUID patientId, UUID reportId) {
        return tenants.readInClinic(clinic, tx -> {
            UUID fileId = PatientQueries.documentFile(tx, clinic, patientId, reportId)
                    .orElseThrow(NotFoundResponse::new);
            ReportFiles.Download file = files.load(tx, clinic, fileId).orElseThrow(NotFoundResponse::new);
            audit.record(tx, clinic, who, "document.download", AuditLog.Outcome.SUCCESS, "medical_report", reportId,
                    "");
            return file;
        });
    }

    private static Map<String, String> labels() {
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        labels.put("lab", "Lab report");
        labels.put("imaging", "Imaging (X-ray, scan)");
        labels.put("discharge_summary", "Discharge summary");
        labels.put("referral", "Referral letter");
        labels.put("prescription", "Prescription");
        labels.put("other", "Other");
        if (!labels.keySet().equals(new java.util.HashSet<>(TYPES))) {
            throw new IllegalStateException("every document type has a label");
        }
        return java.util.Collections.unmodifiableMap(labels);
    }

    private static String text(UnaryOperator<String> param, String name) {
        String value = param.apply(name);
        return value == null ? "" : value.strip();
    }

    /** Carries a refusal out of the transaction (rolling it back) to the caller. */
    private static final class RejectedInTransaction extends RuntimeException {
        private final ReportFiles.Rejected rejected;

        RejectedInTransaction(ReportFiles.Rejected rejected) {
            super(null, null, false, false);
            this.rejected = rejected;
        }
    }
}
