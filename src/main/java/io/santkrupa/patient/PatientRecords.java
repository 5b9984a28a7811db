package io.santkrupa.patient;

import io.javalin.http.NotFoundResponse;
import io.santkrupa.audit.AuditContext;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.lab.LabQueries;
import io.santkrupa.prescription.Prescriptions;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Opening a patient's record: one read transaction that fetches what the reader may see and
 * writes the audit event of the read. Pages and API both come through here.
 */
public final class PatientRecords {

    /** {@code olderVisits}: the visit to continue the history after, when there are older visits than these. */
    public record PatientChart(PatientQueries.PatientDetail patient, List<PatientQueries.VisitRow> visits,
                                UUID olderVisits, List<PatientQueries.NoteRow> notes,
                                List<LabQueries.CompletedTest> tests, List<Prescriptions.PrescriptionView> prescriptions) {
    }

    /** Visits shown per page of the history. */
    static final int VISITS_PER_PAGE = 25;

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
        return open(clinic, rawId, who, withClinicalData, null);
    }

    /**
     * @param visitsBefore the history continues with the visits older than this one (null: the newest)
     */
    public PatientChart open(ClinicId clinic, String rawId, AuditContext who, boolean withClinicalData,
                             UUID visitsBefore) {
        UUID id = parseId(rawId).orElseThrow(NotFoundResponse::new);
        return tenants.readInClinic(clinic, tx -> {
            var patient = PatientQueries.find(tx, clinic, id).orElseThrow(NotFoundResponse::new);
            audit.record(tx, clinic, who, "patient.read", AuditLog.Outcome.SUCCESS, "patient", id,
                    withClinicalData ? "with clinical data" : "demographics");
            var visits = PatientQueries.visits(tx, clinic, id, visitsBefore, VISITS_PER_PAGE + 1);
            var page = visits.stream().limit(VISITS_PER_PAGE).toList();
            return new PatientChart(patient, page, visits.size() > VISITS_PER_PAGE ? page.getLast().id() : null,
                    withClinicalData ? PatientQueries.notes(tx, clinic, id, 20) : List.of(),
                    withClinicalData ? LabQueries.completedForPatient(tx, clinic, id, 20) : List.of(),
                    withClinicalData ? Prescriptions.history(tx, clinic, id, null, null, null, 20) : List.of());
        });
    }

    public static Optional<UUID> parseId(String raw) {
        if (raw == null || raw.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(raw));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
