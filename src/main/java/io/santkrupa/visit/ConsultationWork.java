package io.santkrupa.visit;

import io.santkrupa.audit.AuditContext;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.lab.TestOrderForm;
import io.santkrupa.lab.TestOrders;
import io.santkrupa.prescription.PrescriptionForm;
import io.santkrupa.prescription.AllergyClasses;
import io.santkrupa.prescription.Prescriptions;
import io.santkrupa.web.api.ApiProblem;
import io.santkrupa.web.api.FieldError;
import org.jooq.DSLContext;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import static io.santkrupa.visit.Consultations.IN_CONSULTATION;
import static io.santkrupa.visit.Consultations.WAITING;

/**
 * The writes of a consultation that the pages and the API share: each in one transaction that
 * locks the visit and checks that the writer is its doctor and that the consultation is under
 * way, then writes and audits. Prescribing and ordering tests are here; the page's other writes
 * go through {@link #write} too.
 */
public final class ConsultationWork {

    /** Why a write to a visit was refused before anything was written. */
    public enum Refusal {
        /** The clinic has no such visit. */
        NO_VISIT,
        /** The visit is another doctor's. */
        NOT_YOURS,
        /** The visit is waiting: its consultation has not started. */
        NOT_STARTED,
        /** The visit is completed, cancelled or a no-show. */
        CLOSED;

        /**
         * As the API answers it: the visit is named in the body, so an unknown one (another
         * clinic's alike) or another doctor's is a 422 on {@code visitId}; a visit not in
         * consultation is a 409. Nothing was written.
         */
        public ApiProblem asApiProblem() {
            return switch (this) {
                case NO_VISIT -> ApiProblem.validation(List.of(new FieldError("visitId", "No such visit in this clinic.")));
                case NOT_YOURS -> ApiProblem.validation(List.of(new FieldError("visitId",
                        "This visit is another doctor's: only the visit's own doctor can write to it.")));
                case NOT_STARTED -> ApiProblem.conflict(
                        "The consultation of this visit has not started; start it first. Nothing was written.");
                case CLOSED -> ApiProblem.conflict("This visit is no longer open. Nothing was written.");
            };
        }
    }

    /** How a prescription or a test order ended. */
    public sealed interface Outcome<T> {
    }

    public record Written<T>(T value) implements Outcome<T> {
    }

    /** The form was invalid; it holds the messages. Nothing was written. */
    public record Invalid<T>() implements Outcome<T> {
    }

    public record Refused<T>(Refusal refusal) implements Outcome<T> {
    }

    /**
     * The prescription names a medicine of a class the patient is recorded as allergic to (or one
     * that cross-reacts with it), and the doctor has not confirmed it. Nothing was written.
     */
    public record AllergyWarning<T>(List<AllergyClasses.Conflict> conflicts) implements Outcome<T> {
    }

    /** A write inside the visit's transaction, after the checks. */
    interface VisitWrite<T> {
        T run(DSLContext tx, ClinicId clinic, Consultations.LockedVisit visit);
    }

    private final TenantTransactions tenants;
    private final AuditLog audit;
    private final Clock clock;
    private final AllergyClasses allergyClasses;

    public ConsultationWork(TenantTransactions tenants, AuditLog audit, Clock clock, AllergyClasses allergyClasses) {
        this.tenants = tenants;
        this.audit = audit;
        this.clock = clock;
        this.allergyClasses = allergyClasses;
    }

    /**
     * A prescription for the visit's patient from the clinic's active medicines; its id. A
     * medicine the patient's recorded allergies warn about is written only when the doctor has
     * confirmed it ({@code allergyConfirmed}), and that override is audited.
     */
    public Outcome<UUID> prescribe(ClinicId clinic, UUID visitId, UUID doctorUserId, AuditContext who,
                                   PrescriptionForm form, boolean allergyConfirmed) {
        return write(clinic, visitId, doctorUserId, false, Refused::new, (tx, c, visit) -> {
            if (!form.validate(Prescriptions.activeAmong(tx, c, form.medicineIds()))) {
                return new Invalid<>();
            }
            List<AllergyClasses.Conflict> conflicts = allergyClasses.conflicts(
                    Prescriptions.allergiesOf(tx, c, visit.patientId()),
                    Prescriptions.namesOf(tx, c, form.items().stream().map(PrescriptionForm.Item::medicineId).toList()));
            if (!conflicts.isEmpty() && !allergyConfirmed) {
                return new AllergyWarning<>(conflicts);
            }
            UUID id = Prescriptions.create(tx, c, visit.patientId(), visit.doctorId(), visit.id(), form.advice(),
                    form.items(), now());
            audit.record(tx, c, who, "prescription.create", AuditLog.Outcome.SUCCESS, "prescription", id,
                    form.items().size() + " items");
            if (!conflicts.isEmpty()) {
                // ids and classes only: the allergy text is the patient's record, not the log's
                audit.record(tx, c, who, "prescription.allergy_override", AuditLog.Outcome.SUCCESS, "prescription", id,
                        conflicts.stream().map(conflict -> conflict.allergyClass() + (conflict.crossReactive()
                                ? " (cross-reacts with " + conflict.patientClass() + ")" : "") + ": medicine "
                                + conflict.medicineId()).distinct().collect(java.util.stream.Collectors.joining("; ")));
            }
            return new Written<>(id);
        });
    }

    /** Orders one or more active tests of the catalog for the visit's patient; the new orders' ids. */
    public Outcome<List<UUID>> orderTests(ClinicId clinic, UUID visitId, UUID doctorUserId, AuditContext who,
                                          TestOrderForm form) {
        return write(clinic, visitId, doctorUserId, false, Refused::new, (tx, c, visit) -> {
            var active = TestOrders.activeAmong(tx, c, form.chosenIds());
            if (!form.validate(active, TestOrders.pendingInVisit(tx, c, visit.id()))) {
                return new Invalid<>();
            }
            List<UUID> orders = TestOrders.create(tx, c, visit.patientId(), visit.id(), visit.doctorId(),
                    form.tests(), form.clinicalNotes(), now());
            for (UUID order : orders) {
                audit.record(tx, c, who, "test_order.create", AuditLog.Outcome.SUCCESS, "test_order", order, "");
            }
            return new Written<>(orders);
        });
    }

    /**
     * One transaction: lock the visit, check that {@code userId} is its doctor and, unless
     * {@code starting}, that it is in consultation, then {@code work}. A failed check answers
     * {@code refused} of why, and nothing is written.
     */
    <T> T write(ClinicId clinic, UUID visitId, UUID userId, boolean starting, Function<Refusal, T> refused,
                VisitWrite<T> work) {
        return tenants.inClinic(clinic, tx -> {
            var visit = Consultations.lock(tx, clinic, visitId);
            if (visit.isEmpty()) {
                return refused.apply(Refusal.NO_VISIT);
            }
            if (!visit.get().isWith(userId)) {
                return refused.apply(Refusal.NOT_YOURS);
            }
            if (!starting && !IN_CONSULTATION.equals(visit.get().status())) {
                return refused.apply(WAITING.equals(visit.get().status()) ? Refusal.NOT_STARTED : Refusal.CLOSED);
            }
            return work.run(tx, clinic, visit.get());
        });
    }

    OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
