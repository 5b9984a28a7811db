package io.santkrupa.visit;

import io.javalin.http.NotFoundResponse;
import io.santkrupa.audit.AuditContext;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.clinic.CurrentClinic;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.Ids;
import io.santkrupa.db.TenantTransactions;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.postgresql.util.PSQLException;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;

/**
 * The day's queues: checking a patient in for a doctor with the day's next token, reading a
 * day's queue one keyset page at a time, and moving a visit along (waiting, in consultation,
 * completed, cancelled, no-show). Each change is one transaction with its audit event.
 */
public final class VisitQueue {

    /** The longest reason for a visit the desk may note at check-in (page and API). */
    public static final int REASON_MAX = 500;

    /** The unique index that keeps a patient in a doctor's queue at most once a day (V020). */
    private static final String ONE_ACTIVE_VISIT = "patient_visit_active_uk";

    public record Doctor(UUID id, UUID userId, String name, String specialization, boolean active) {
        public String label() {
            return specialization == null || specialization.isBlank() ? name : name + " (" + specialization + ")";
        }
    }

    public record Entry(UUID visitId, UUID doctorId, int token, VisitStatus status, String reason,
                        OffsetDateTime checkedInAt, OffsetDateTime startedAt, OffsetDateTime endedAt,
                        LocalDate visitDate, UUID patientId, String patientCode, String patientName,
                        String doctorName) {
    }

    public sealed interface CheckIn {
    }

    public record CheckedIn(UUID visitId, int token) implements CheckIn {
    }

    /** The patient already waits for (or is with) this doctor today: nothing was written. */
    public record AlreadyQueued(Integer token) implements CheckIn {
    }

    /** No active doctor of the clinic has this id: nothing was written. */
    public record NoSuchDoctor() implements CheckIn {
    }

    public enum Refusal {
        /** The move is not one this desk may make from the visit's current status (or day). */
        NOT_ALLOWED,
        /** A doctor moves only the visits of their own queue. */
        NOT_YOUR_PATIENT,
        /** Back to waiting, while the patient already has another active visit with the doctor today. */
        ALREADY_QUEUED,
        /** Completing a visit whose note records no diagnosis (Consultations.readyToComplete). */
        NO_DIAGNOSIS
    }

    public sealed interface StatusChange {
    }

    public record Moved(VisitStatus from, VisitStatus to) implements StatusChange {
    }

    public record Refused(Refusal reason) implements StatusChange {
    }

    private static final java.time.format.DateTimeFormatter DAY =
            java.time.format.DateTimeFormatter.ofPattern("d MMM yyyy", java.util.Locale.ENGLISH);

    private final TenantTransactions tenants;
    private final AuditLog audit;
    private final Clock clock;

    public VisitQueue(TenantTransactions tenants, AuditLog audit, Clock clock) {
        this.tenants = tenants;
        this.audit = audit;
        this.clock = clock;
    }

    /** The clinic's date today, in its time zone: its queue and tokens start again at its midnight. */
    public LocalDate today(CurrentClinic clinic) {
        return clinic.today(clock);
    }

    /** Every doctor of the clinic with the name of their user, by name; a clinic has a handful. */
    public static List<Doctor> doctors(DSLContext tx, ClinicId clinic) {
        return tx.select(DOCTOR.ID, DOCTOR.USER_ID, APP_USER.FULL_NAME, DOCTOR.SPECIALIZATION, DOCTOR.IS_ACTIVE)
                .from(DOCTOR)
                .join(APP_USER).on(APP_USER.CLINIC_ID.eq(DOCTOR.CLINIC_ID), APP_USER.ID.eq(DOCTOR.USER_ID))
                .where(DOCTOR.CLINIC_ID.eq(clinic.value()))
                .orderBy(APP_USER.FULL_NAME, DOCTOR.ID)
                .fetch(r -> new Doctor(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    /**
     * One page of the clinic's active doctors (those a patient can be checked in for), by name:
     * at most {@code limit} after the doctor {@code after} (null: from the start).
     */
    public static List<Doctor> activeDoctors(DSLContext tx, ClinicId clinic, UUID after, int limit) {
        var cursorDoctor = DOCTOR.as("cursor_doctor");
        var cursorUser = APP_USER.as("cursor_user");
        Condition afterCursor = after == null ? DSL.noCondition()
                : DSL.row(APP_USER.FULL_NAME, DOCTOR.ID).gt(DSL.select(cursorUser.FULL_NAME, cursorDoctor.ID)
                        .from(cursorDoctor)
                        .join(cursorUser).on(cursorUser.CLINIC_ID.eq(cursorDoctor.CLINIC_ID),
                                cursorUser.ID.eq(cursorDoctor.USER_ID))
                        .where(cursorDoctor.CLINIC_ID.eq(clinic.value()), cursorDoctor.ID.eq(after)));
        return tx.select(DOCTOR.ID, DOCTOR.USER_ID, APP_USER.FULL_NAME, DOCTOR.SPECIALIZATION, DOCTOR.IS_ACTIVE)
                .from(DOCTOR)
                .join(APP_USER).on(APP_USER.CLINIC_ID.eq(DOCTOR.CLINIC_ID), APP_USER.ID.eq(DOCTOR.USER_ID))
                .where(DOCTOR.CLINIC_ID.eq(clinic.value()), DOCTOR.IS_ACTIVE.isTrue(), afterCursor)
                .orderBy(APP_USER.FULL_NAME, DOCTOR.ID)
                .limit(limit)
                .fetch(r -> new Doctor(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    /**
     * One page of a day's queue, by doctor and token: at most {@code limit} visits after the
     * visit {@code after} (null: from the start), of one doctor or (null) of all.
     */
    public static List<Entry> day(DSLContext tx, ClinicId clinic, LocalDate day, UUID doctor, UUID after, int limit) {
        var cursor = PATIENT_VISIT.as("cursor");
        Condition ofDoctor = doctor == null ? DSL.noCondition() : PATIENT_VISIT.DOCTOR_ID.eq(doctor);
        Condition afterCursor = after == null ? DSL.noCondition()
                : DSL.row(PATIENT_VISIT.DOCTOR_ID, PATIENT_VISIT.TOKEN_NUMBER)
                        .gt(DSL.select(cursor.DOCTOR_ID, cursor.TOKEN_NUMBER).from(cursor)
                                .where(cursor.CLINIC_ID.eq(clinic.value()), cursor.ID.eq(after)));
        return entries(tx, clinic, DSL.and(PATIENT_VISIT.VISIT_DATE.eq(day), ofDoctor, afterCursor), limit);
    }

    /**
     * The audit event of a day's queue shown (a page, its refresh, the API's list): the patients
     * it showed, by id, and the day; nothing when it showed none.
     */
    public void auditShown(DSLContext tx, ClinicId clinic, AuditContext who, LocalDate day, List<Entry> shown) {
        if (!shown.isEmpty()) {
            audit.recordList(tx, clinic, who, "visit.list", AuditLog.Outcome.SUCCESS,
                    shown.stream().map(Entry::patientId).toList(),
                    AuditLog.patients(shown.size()) + ", queue of " + DAY.format(day));
        }
    }

    /** One visit, as its queue shows it, the read audited: its patient's name, code and reason. */
    public Optional<Entry> read(ClinicId clinic, AuditContext who, UUID visitId) {
        return tenants.readInClinic(clinic, tx -> {
            Optional<Entry> visit = find(tx, clinic, visitId);
            visit.ifPresent(v -> audit.record(tx, clinic, who, "visit.read", AuditLog.Outcome.SUCCESS,
                    "patient_visit", v.visitId(), ""));
            return visit;
        });
    }

    /** One visit of the clinic, as its queue shows it. */
    public static Optional<Entry> find(DSLContext tx, ClinicId clinic, UUID visitId) {
        return entries(tx, clinic, PATIENT_VISIT.ID.eq(visitId), 1).stream().findFirst();
    }

    private static List<Entry> entries(DSLContext tx, ClinicId clinic, Condition where, int limit) {
        return tx.select(PATIENT_VISIT.ID, PATIENT_VISIT.DOCTOR_ID, PATIENT_VISIT.TOKEN_NUMBER, PATIENT_VISIT.STATUS,
                        PATIENT_VISIT.REASON, PATIENT_VISIT.CHECKED_IN_AT, PATIENT_VISIT.STARTED_AT,
                        PATIENT_VISIT.ENDED_AT, PATIENT_VISIT.VISIT_DATE, PATIENT.ID, PATIENT.CODE,
                        PATIENT.FIRST_NAME, PATIENT.LAST_NAME, APP_USER.FULL_NAME)
                .from(PATIENT_VISIT)
                .join(PATIENT).on(PATIENT.CLINIC_ID.eq(PATIENT_VISIT.CLINIC_ID), PATIENT.ID.eq(PATIENT_VISIT.PATIENT_ID))
                .join(DOCTOR).on(DOCTOR.CLINIC_ID.eq(PATIENT_VISIT.CLINIC_ID), DOCTOR.ID.eq(PATIENT_VISIT.DOCTOR_ID))
                .join(APP_USER).on(APP_USER.CLINIC_ID.eq(DOCTOR.CLINIC_ID), APP_USER.ID.eq(DOCTOR.USER_ID))
                .where(PATIENT_VISIT.CLINIC_ID.eq(clinic.value()), where)
                .orderBy(PATIENT_VISIT.DOCTOR_ID, PATIENT_VISIT.TOKEN_NUMBER)
                .limit(limit)
                .fetch(r -> new Entry(r.value1(), r.value2(), r.value3(),
                        VisitStatus.fromDbValue(r.value4()).orElseThrow(), r.value5(), r.value6(), r.value7(),
                        r.value8(), r.value9(), r.value10(), r.value11(), r.value12() + " " + r.value13(),
                        r.value14()));
    }

    /**
     * Checks a patient in for a doctor today: a waiting visit with the doctor's next token.
     *
     * @throws NotFoundResponse when the clinic has no such patient
     */
    public CheckIn checkIn(CurrentClinic current, AuditContext who, UUID patientId, UUID doctorId, String reason) {
        ClinicId clinic = current.id();
        LocalDate day = today(current);
        UUID c = clinic.value();
        try {
            return tenants.inClinic(clinic, tx -> {
                if (!tx.fetchExists(PATIENT, PATIENT.CLINIC_ID.eq(c), PATIENT.ID.eq(patientId))) {
                    throw new NotFoundResponse();
                }
                if (doctorId == null || !tx.fetchExists(DOCTOR, DOCTOR.CLINIC_ID.eq(c), DOCTOR.ID.eq(doctorId),
                        DOCTOR.IS_ACTIVE.isTrue())) {
                    return new NoSuchDoctor();
                }
                Integer queued = tx.select(PATIENT_VISIT.TOKEN_NUMBER).from(PATIENT_VISIT)
                        .where(PATIENT_VISIT.CLINIC_ID.eq(c), PATIENT_VISIT.DOCTOR_ID.eq(doctorId),
                                PATIENT_VISIT.VISIT_DATE.eq(day), PATIENT_VISIT.PATIENT_ID.eq(patientId),
                                PATIENT_VISIT.STATUS.in(VisitStatus.WAITING.dbValue(),
                                        VisitStatus.IN_CONSULTATION.dbValue()))
                        .fetchOne(PATIENT_VISIT.TOKEN_NUMBER);
                if (queued != null) {
                    return new AlreadyQueued(queued);
                }
                int token = QueueTokens.next(tx, clinic, doctorId, day);
                UUID id = Ids.newId();
                OffsetDateTime now = now();
                tx.insertInto(PATIENT_VISIT)
                        .set(PATIENT_VISIT.CLINIC_ID, c)
                        .set(PATIENT_VISIT.ID, id)
                        .set(PATIENT_VISIT.PATIENT_ID, patientId)
                        .set(PATIENT_VISIT.DOCTOR_ID, doctorId)
                        .set(PATIENT_VISIT.VISIT_DATE, day)
                        .set(PATIENT_VISIT.TOKEN_NUMBER, token)
                        .set(PATIENT_VISIT.STATUS, VisitStatus.WAITING.dbValue())
                        .set(PATIENT_VISIT.REASON, reason)
                        .set(PATIENT_VISIT.CHECKED_IN_AT, now)
                        .set(PATIENT_VISIT.CHECKED_IN_BY, who.actorUserId())
                        .set(PATIENT_VISIT.UPDATED_AT, now)
                        .execute();
                audit.record(tx, clinic, who, "visit.check_in", AuditLog.Outcome.SUCCESS, "patient_visit", id,
                        "token " + token);
                return new CheckedIn(id, token);
            });
        } catch (DataAccessException e) {
            // the same check-in at the same moment from another desk: the index decided the race
            if (violates(e, ONE_ACTIVE_VISIT)) {
                return new AlreadyQueued(null);
            }
            throw e;
        }
    }

    /**
     * Moves a visit to {@code to} if {@code desk} may make that move from its current status;
     * the visit row is locked while deciding, so two desks cannot both move it.
     *
     * @param actingUser the user making the move (a doctor may move only visits of their own queue)
     * @throws NotFoundResponse when the clinic has no such visit
     */
    public StatusChange move(CurrentClinic current, AuditContext who, UUID visitId, VisitStatus.Desk desk,
                             VisitStatus to, UUID actingUser) {
        ClinicId clinic = current.id();
        UUID c = clinic.value();
        LocalDate day = today(current);
        try {
            return tenants.inClinic(clinic, tx -> {
                var visit = tx.select(PATIENT_VISIT.STATUS, PATIENT_VISIT.VISIT_DATE, DOCTOR.USER_ID, PATIENT_VISIT.STARTED_AT)
                        .from(PATIENT_VISIT)
                        .join(DOCTOR).on(DOCTOR.CLINIC_ID.eq(PATIENT_VISIT.CLINIC_ID),
                                DOCTOR.ID.eq(PATIENT_VISIT.DOCTOR_ID))
                        .where(PATIENT_VISIT.CLINIC_ID.eq(c), PATIENT_VISIT.ID.eq(visitId))
                        .forUpdate().of(PATIENT_VISIT)
                        .fetchOptional()
                        .orElseThrow(NotFoundResponse::new);
                if (desk == VisitStatus.Desk.DOCTOR && !visit.value3().equals(actingUser)) {
                    return new Refused(Refusal.NOT_YOUR_PATIENT);
                }
                VisitStatus from = VisitStatus.fromDbValue(visit.value1()).orElseThrow();
                if (to == null || !from.allows(desk, to, visit.value2().equals(day))) {
                    return new Refused(Refusal.NOT_ALLOWED);
                }
                if (to == VisitStatus.COMPLETED && !Consultations.readyToComplete(tx, clinic, visitId)) {
                    return new Refused(Refusal.NO_DIAGNOSIS);
                }
                OffsetDateTime now = now();
                // back to waiting clears both times; a consultation starts now; the end states end now
                OffsetDateTime startedAt = switch (to) {
                    case WAITING -> null;
                    case IN_CONSULTATION -> now;
                    default -> visit.value4();
                };
                tx.update(PATIENT_VISIT)
                        .set(PATIENT_VISIT.STATUS, to.dbValue())
                        .set(PATIENT_VISIT.STARTED_AT, startedAt)
                        .set(PATIENT_VISIT.ENDED_AT, to.active() ? null : now)
                        .set(PATIENT_VISIT.UPDATED_AT, now)
                        .set(PATIENT_VISIT.VERSION, PATIENT_VISIT.VERSION.plus(1))
                        .where(PATIENT_VISIT.CLINIC_ID.eq(c), PATIENT_VISIT.ID.eq(visitId))
                        .execute();
                audit.record(tx, clinic, who, "visit.status", AuditLog.Outcome.SUCCESS, "patient_visit", visitId,
                        from.dbValue() + " -> " + to.dbValue());
                return new Moved(from, to);
            });
        } catch (DataAccessException e) {
            if (violates(e, ONE_ACTIVE_VISIT)) {
                return new Refused(Refusal.ALREADY_QUEUED);
            }
            throw e;
        }
    }

    private static boolean violates(DataAccessException e, String constraint) {
        if (!"23505".equals(e.sqlState())) {
            return false;
        }
        PSQLException cause = e.getCause(PSQLException.class);
        return cause != null && cause.getServerErrorMessage() != null
                && constraint.equals(cause.getServerErrorMessage().getConstraint());
    }

    /** The time now, by the clinic's clock. */
    public OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
