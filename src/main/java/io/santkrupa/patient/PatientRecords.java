package io.santkrupa.patient;

import io.santkrupa.web.PathIds;
import io.javalin.http.NotFoundResponse;
import io.santkrupa.audit.AuditContext;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.lab.LabQueries;
import io.santkrupa.prescription.Prescriptions;
import io.santkrupa.web.KeysetCursor;
import org.jooq.DSLContext;

import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Opening a patient's record: one read transaction that fetches what the reader may see and
 * writes the audit event of the read. Pages and API both come through here.
 */
public final class PatientRecords {

    /** {@code olderVisits}: the visit to continue the history after, when there are older visits than these. */
    public record PatientChart(PatientQueries.PatientDetail patient, List<PatientQueries.VisitRow> visits,
                                UUID olderVisits, List<PatientQueries.NoteRow> notes, String olderNotes,
                                List<LabQueries.CompletedTest> tests, String olderTests,
                                List<Prescriptions.PrescriptionView> prescriptions, String olderPrescriptions,
                                List<PatientQueries.DocumentRow> documents, String olderDocuments) {
    }

    /** Where each history section of the record starts: empty cursors mean "the newest". */
    public record Pages(UUID visitsBefore, KeysetCursor notesBefore, KeysetCursor testsBefore,
                        KeysetCursor prescriptionsBefore, KeysetCursor documentsBefore) {
        public static final Pages NEWEST = new Pages(null, null, null, null, null);
    }

    /** Visits shown per page of the history. */
    static final int VISITS_PER_PAGE = 25;
    /** Notes, test results and prescriptions shown per page. */
    static final int CLINICAL_PER_PAGE = 10;

    private final TenantTransactions tenants;
    private final AuditLog audit;

    public PatientRecords(TenantTransactions tenants, AuditLog audit) {
        this.tenants = tenants;
        this.audit = audit;
    }

    /**
     * @param withClinicalData notes too (doctors, and patients reading their own record)
     * @throws NotFoundResponse for an unknown id, another clinic's id or a malformed one alike
     */
    public PatientChart open(ClinicId clinic, String rawId, AuditContext who, boolean withClinicalData) {
        return open(clinic, rawId, who, withClinicalData, Pages.NEWEST);
    }

    /** The record with each history section from the given page; every section one query, however long. */
    public PatientChart open(ClinicId clinic, String rawId, AuditContext who, boolean withClinicalData, Pages pages) {
        return read(clinic, rawId, who, withClinicalData, (tx, patient) -> chart(tx, clinic, patient, withClinicalData, pages));
    }

    /** The record and what {@code alongside} reads about the same patient, in the one read transaction. */
    public record ChartWith<T>(PatientChart chart, T alongside) {
    }

    /** The record, and {@code alongside} for the patient in the same read transaction (the desk's portal panel). */
    public <T> ChartWith<T> open(ClinicId clinic, String rawId, AuditContext who, boolean withClinicalData, Pages pages,
                                 BiFunction<DSLContext, UUID, T> alongside) {
        return read(clinic, rawId, who, withClinicalData, (tx, patient) -> new ChartWith<>(
                chart(tx, clinic, patient, withClinicalData, pages), alongside.apply(tx, patient.id())));
    }

    private PatientChart chart(DSLContext tx, ClinicId clinic, PatientQueries.PatientDetail patient,
                               boolean withClinicalData, Pages pages) {
        UUID id = patient.id();
        var visits = PatientQueries.visits(tx, clinic, id, pages.visitsBefore(), VISITS_PER_PAGE + 1);
        var page = visits.stream().limit(VISITS_PER_PAGE).toList();
        UUID olderVisits = visits.size() > VISITS_PER_PAGE ? page.getLast().id() : null;
        if (!withClinicalData) {
            return new PatientChart(patient, page, olderVisits, List.of(), "", List.of(), "", List.of(), "",
                    List.of(), "");
        }
        var notes = PatientQueries.notes(tx, clinic, id, pages.notesBefore(), CLINICAL_PER_PAGE + 1);
        var tests = LabQueries.completedForPatient(tx, clinic, id, pages.testsBefore(), CLINICAL_PER_PAGE + 1);
        KeysetCursor rx = pages.prescriptionsBefore();
        var prescriptions = Prescriptions.history(tx, clinic, id, null, rx == null ? null : rx.at(),
                rx == null ? null : rx.id(), CLINICAL_PER_PAGE + 1);
        var documents = PatientQueries.documents(tx, clinic, id, pages.documentsBefore(), CLINICAL_PER_PAGE + 1);
        return new PatientChart(patient, page, olderVisits,
                notes.stream().limit(CLINICAL_PER_PAGE).toList(),
                older(notes, n -> new KeysetCursor(n.recordedAt(), n.id())),
                tests.stream().limit(CLINICAL_PER_PAGE).toList(),
                older(tests, t -> new KeysetCursor(t.completedAt(), t.orderId())),
                prescriptions.stream().limit(CLINICAL_PER_PAGE).toList(),
                older(prescriptions, p -> new KeysetCursor(p.prescribedAt(), p.id())),
                documents.stream().limit(CLINICAL_PER_PAGE).toList(),
                older(documents, d -> new KeysetCursor(d.uploadedAt(), d.id())));
    }

    /** The patient's details alone (the API's read of a patient): audited as a read of the demographics. */
    public PatientQueries.PatientDetail details(ClinicId clinic, String rawId, AuditContext who) {
        return read(clinic, rawId, who, false, (tx, patient) -> patient);
    }

    /** The patient's visits, newest first, older than the visit {@code before} (null: the newest); read as the chart reads them. */
    public List<PatientQueries.VisitRow> visits(ClinicId clinic, String rawId, AuditContext who, UUID before,
                                                int limit) {
        return read(clinic, rawId, who, false,
                (tx, patient) -> PatientQueries.visits(tx, clinic, patient.id(), before, limit));
    }

    /** The patient's prescriptions with their items, newest first, from just before {@code before} when given. */
    public List<Prescriptions.PrescriptionView> prescriptions(ClinicId clinic, String rawId, AuditContext who,
                                                              KeysetCursor before, int limit) {
        return read(clinic, rawId, who, true, (tx, patient) -> Prescriptions.history(tx, clinic, patient.id(), null,
                before == null ? null : before.at(), before == null ? null : before.id(), limit));
    }

    /** The patient's completed tests with their values, newest first, from just before {@code before} when given. */
    public List<LabQueries.CompletedTest> tests(ClinicId clinic, String rawId, AuditContext who, KeysetCursor before,
                                                int limit) {
        return read(clinic, rawId, who, true,
                (tx, patient) -> LabQueries.completedForPatient(tx, clinic, patient.id(), before, limit));
    }

    /** The doctors' notes on the patient, newest first, from just before {@code before} when given. */
    public List<PatientQueries.NoteRow> notes(ClinicId clinic, String rawId, AuditContext who, KeysetCursor before,
                                              int limit) {
        return read(clinic, rawId, who, true,
                (tx, patient) -> PatientQueries.notes(tx, clinic, patient.id(), before, limit));
    }

    /** The metadata of the documents uploaded for the patient, newest first, from just before {@code before}. */
    public List<PatientQueries.DocumentRow> documents(ClinicId clinic, String rawId, AuditContext who,
                                                      KeysetCursor before, int limit) {
        return read(clinic, rawId, who, true,
                (tx, patient) -> PatientQueries.documents(tx, clinic, patient.id(), before, limit));
    }

    /**
     * What every read of the record does, in one read transaction: find the patient (404 for an
     * unknown id, another clinic's id or a malformed one alike) and write the audit event of the read.
     */
    private <T> T read(ClinicId clinic, String rawId, AuditContext who, boolean withClinicalData,
                       BiFunction<DSLContext, PatientQueries.PatientDetail, T> section) {
        UUID id = PathIds.parse(rawId).orElseThrow(NotFoundResponse::new);
        return tenants.readInClinic(clinic, tx -> {
            var patient = PatientQueries.find(tx, clinic, id).orElseThrow(NotFoundResponse::new);
            audit.record(tx, clinic, who, "patient.read", AuditLog.Outcome.SUCCESS, "patient", id,
                    withClinicalData ? "with clinical data" : "demographics");
            return section.apply(tx, patient);
        });
    }

    /** The cursor of the last row shown, when there are more rows than a page; else "". */
    private static <T> String older(List<T> fetched, java.util.function.Function<T, KeysetCursor> cursor) {
        return fetched.size() > CLINICAL_PER_PAGE ? cursor.apply(fetched.get(CLINICAL_PER_PAGE - 1)).toString() : "";
    }
}
