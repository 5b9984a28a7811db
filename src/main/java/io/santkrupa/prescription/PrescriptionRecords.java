package io.santkrupa.prescription;

import io.javalin.http.NotFoundResponse;
import io.santkrupa.audit.AuditContext;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.TenantTransactions;

import java.util.UUID;

/**
 * Opening one prescription: one read transaction that fetches it with its items and writes the
 * audit event of the read. The printable page and the API both come through here.
 */
public final class PrescriptionRecords {

    private final TenantTransactions tenants;
    private final AuditLog audit;

    public PrescriptionRecords(TenantTransactions tenants, AuditLog audit) {
        this.tenants = tenants;
        this.audit = audit;
    }

    /**
     * @param onlyPatient when given, only that patient's prescription (a patient reading their own)
     * @throws NotFoundResponse for an unknown id, another clinic's id, or another patient's prescription alike
     */
    public Prescriptions.Printable open(ClinicId clinic, UUID id, UUID onlyPatient, AuditContext who) {
        return tenants.readInClinic(clinic, tx -> {
            var found = Prescriptions.printable(tx, clinic, id, onlyPatient).orElseThrow(NotFoundResponse::new);
            audit.record(tx, clinic, who, "prescription.read", AuditLog.Outcome.SUCCESS, "prescription", id,
                    onlyPatient != null ? "own prescription" : "print view");
            return found;
        });
    }
}
