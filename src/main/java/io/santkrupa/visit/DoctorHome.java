package io.santkrupa.visit;

import io.santkrupa.db.ClinicId;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.DOCTOR;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;

/**
 * The doctor's blocks of the dashboard: today's queue, the next patient, recent patients. The
 * doctor is the one whose profile belongs to the signed-in user; each block is one query.
 */
public final class DoctorHome {

    /** The first tokens of the day shown on the dashboard; the queue page has them all. */
    static final int QUEUE_SHOWN = 25;
    static final int RECENT_PATIENTS = 10;
    /**
     * How many of the doctor's latest completed visits the recent patients are taken from: a
     * bounded read however long the doctor's history. Ten distinct patients among the last 200
     * visits is what any working practice has; fewer would only mean fewer names shown.
     */
    static final int RECENT_VISITS_READ = 200;

    public record QueueEntry(UUID visitId, int token, String status, UUID patientId, String patientCode,
                             String patientName, String reason) {
        public String statusLabel() {
            return ConsultationQueries.statusLabel(status);
        }
    }

    public record RecentPatient(UUID patientId, String code, String name, OffsetDateTime lastSeenAt) {
    }

    /**
     * @param queue      the day's first {@link #QUEUE_SHOWN} visits by token
     * @param queueTotal all of the day's visits of this doctor
     * @param next       the visit in consultation, else the first waiting one; null when none
     */
    public record Blocks(LocalDate day, List<QueueEntry> queue, int queueTotal, QueueEntry next,
                         List<RecentPatient> recent) {
        public boolean queueTruncated() {
            return queueTotal > queue.size();
        }

        /** Every patient these blocks name, once each. */
        public java.util.Set<UUID> patientsShown() {
            java.util.Set<UUID> shown = new java.util.LinkedHashSet<>();
            if (next != null) {
                shown.add(next.patientId());
            }
            queue.forEach(e -> shown.add(e.patientId()));
            recent.forEach(r -> shown.add(r.patientId()));
            return shown;
        }
    }

    private DoctorHome() {
    }

    public static Blocks load(DSLContext tx, ClinicId clinic, UUID userId, LocalDate today) {
        Field<Integer> total = DSL.count().over().as("total");
        var queue = tx.select(PATIENT_VISIT.ID, PATIENT_VISIT.TOKEN_NUMBER, PATIENT_VISIT.STATUS, PATIENT.ID,
                        PATIENT.CODE, PATIENT.FIRST_NAME, PATIENT.LAST_NAME, PATIENT_VISIT.REASON, total)
                .from(PATIENT_VISIT)
                .join(DOCTOR).on(DOCTOR.CLINIC_ID.eq(PATIENT_VISIT.CLINIC_ID), DOCTOR.ID.eq(PATIENT_VISIT.DOCTOR_ID))
                .join(PATIENT).on(PATIENT.CLINIC_ID.eq(PATIENT_VISIT.CLINIC_ID), PATIENT.ID.eq(PATIENT_VISIT.PATIENT_ID))
                .where(PATIENT_VISIT.CLINIC_ID.eq(clinic.value()), DOCTOR.USER_ID.eq(userId),
                        PATIENT_VISIT.VISIT_DATE.eq(today))
                .orderBy(PATIENT_VISIT.TOKEN_NUMBER)
                .limit(QUEUE_SHOWN)
                .fetch();
        List<QueueEntry> entries = queue.map(r -> new QueueEntry(r.value1(), r.value2(), r.value3(), r.value4(),
                r.value5(), r.value6() + " " + r.value7(), r.value8()));
        int queueTotal = queue.isEmpty() ? 0 : queue.getFirst().get(total);

        QueueEntry next = tx.select(PATIENT_VISIT.ID, PATIENT_VISIT.TOKEN_NUMBER, PATIENT_VISIT.STATUS, PATIENT.ID,
                        PATIENT.CODE, PATIENT.FIRST_NAME, PATIENT.LAST_NAME, PATIENT_VISIT.REASON)
                .from(PATIENT_VISIT)
                .join(DOCTOR).on(DOCTOR.CLINIC_ID.eq(PATIENT_VISIT.CLINIC_ID), DOCTOR.ID.eq(PATIENT_VISIT.DOCTOR_ID))
                .join(PATIENT).on(PATIENT.CLINIC_ID.eq(PATIENT_VISIT.CLINIC_ID), PATIENT.ID.eq(PATIENT_VISIT.PATIENT_ID))
                .where(PATIENT_VISIT.CLINIC_ID.eq(clinic.value()), DOCTOR.USER_ID.eq(userId),
                        PATIENT_VISIT.VISIT_DATE.eq(today),
                        PATIENT_VISIT.STATUS.in(Consultations.IN_CONSULTATION, Consultations.WAITING))
                // a consultation already under way comes before the next waiting token
                .orderBy(DSL.when(PATIENT_VISIT.STATUS.eq(Consultations.IN_CONSULTATION), 0).otherwise(1),
                        PATIENT_VISIT.TOKEN_NUMBER)
                .limit(1)
                .fetchOptional(r -> new QueueEntry(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(),
                        r.value6() + " " + r.value7(), r.value8()))
                .orElse(null);

        // the doctor's latest completed visits, newest first, straight from patient_visit_doctor_idx
        var latest = tx.select(PATIENT_VISIT.PATIENT_ID, PATIENT_VISIT.ENDED_AT)
                .from(PATIENT_VISIT)
                .join(DOCTOR).on(DOCTOR.CLINIC_ID.eq(PATIENT_VISIT.CLINIC_ID), DOCTOR.ID.eq(PATIENT_VISIT.DOCTOR_ID))
                .where(PATIENT_VISIT.CLINIC_ID.eq(clinic.value()), DOCTOR.USER_ID.eq(userId),
                        PATIENT_VISIT.STATUS.eq(Consultations.COMPLETED))
                .orderBy(PATIENT_VISIT.ENDED_AT.desc().nullsLast())
                .limit(RECENT_VISITS_READ)
                .asTable("latest");
        Field<UUID> latestPatient = latest.field(PATIENT_VISIT.PATIENT_ID);
        Field<OffsetDateTime> lastSeen = DSL.max(latest.field(PATIENT_VISIT.ENDED_AT));
        var seen = tx.select(latestPatient, lastSeen.as("last_seen"))
                .from(latest)
                .groupBy(latestPatient)
                .orderBy(lastSeen.desc().nullsLast(), latestPatient)
                .limit(RECENT_PATIENTS)
                .asTable("seen");
        Field<UUID> seenPatient = seen.field(latestPatient);
        Field<OffsetDateTime> seenAt = seen.field("last_seen", OffsetDateTime.class);
        List<RecentPatient> recent = tx.select(PATIENT.ID, PATIENT.CODE, PATIENT.FIRST_NAME, PATIENT.LAST_NAME, seenAt)
                .from(seen)
                .join(PATIENT).on(PATIENT.CLINIC_ID.eq(clinic.value()), PATIENT.ID.eq(seenPatient))
                .orderBy(seenAt.desc().nullsLast(), PATIENT.ID)
                .fetch(r -> new RecentPatient(r.value1(), r.value2(), r.value3() + " " + r.value4(), r.value5()));

        return new Blocks(today, entries, queueTotal, next, recent);
    }
}
