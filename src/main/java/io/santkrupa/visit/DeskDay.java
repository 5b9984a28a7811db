package io.santkrupa.visit;

import io.santkrupa.db.ClinicId;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.time.LocalDate;
import java.time.OffsetDateTime;

import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT_VISIT;

/**
 * The reception desk's day in numbers: patients registered today, and today's visits by where
 * they stand. One statement, on the day's indexes (patient_registered_at_idx, patient_visit_day_idx).
 */
public record DeskDay(int registered, int waiting, int inConsultation, int completed, int cancelled, int noShows) {

    /** All of today's visits, cancelled and no-shows included. */
    public int visits() {
        return waiting + inConsultation + completed + cancelled + noShows;
    }

    /** {@code day} of the clinic, which runs from {@code start} to {@code end} on its clock. */
    public static DeskDay load(DSLContext tx, ClinicId clinic, LocalDate day, OffsetDateTime start, OffsetDateTime end) {
        var registered = DSL.field(DSL.selectCount().from(PATIENT).where(PATIENT.CLINIC_ID.eq(clinic.value()),
                PATIENT.REGISTERED_AT.ge(start), PATIENT.REGISTERED_AT.lt(end)));
        return tx.select(registered,
                        count(VisitStatus.WAITING), count(VisitStatus.IN_CONSULTATION), count(VisitStatus.COMPLETED),
                        count(VisitStatus.CANCELLED), count(VisitStatus.NO_SHOW))
                .from(PATIENT_VISIT)
                .where(PATIENT_VISIT.CLINIC_ID.eq(clinic.value()), PATIENT_VISIT.VISIT_DATE.eq(day))
                .fetchSingle(r -> new DeskDay(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6()));
    }

    private static org.jooq.Field<Integer> count(VisitStatus status) {
        return DSL.count().filterWhere(PATIENT_VISIT.STATUS.eq(status.dbValue()));
    }
}
