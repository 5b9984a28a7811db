package io.santkrupa.patient;

import io.santkrupa.db.ClinicId;
import io.santkrupa.db.Ids;
import org.jooq.DSLContext;

import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC_COUNTER;

/**
 * Patient codes PT-&lt;clinic code&gt;-&lt;year&gt;-&lt;seq&gt;: the sequence comes from the clinic's
 * counter row for the year, taken with one atomic upsert, so concurrent registrations never
 * share a number (never count(*) + 1).
 */
public final class PatientCodes {

    private PatientCodes() {
    }

    public static String next(DSLContext tx, ClinicId clinic, String clinicCode, int year) {
        long seq = tx.insertInto(CLINIC_COUNTER)
                .set(CLINIC_COUNTER.CLINIC_ID, clinic.value())
                .set(CLINIC_COUNTER.ID, Ids.newId())
                .set(CLINIC_COUNTER.NAME, "patient_code")
                .set(CLINIC_COUNTER.SCOPE, String.valueOf(year))
                .set(CLINIC_COUNTER.VALUE, 1L)
                .onConflict(CLINIC_COUNTER.CLINIC_ID, CLINIC_COUNTER.NAME, CLINIC_COUNTER.SCOPE)
                .doUpdate()
                .set(CLINIC_COUNTER.VALUE, CLINIC_COUNTER.VALUE.plus(1))
                .set(CLINIC_COUNTER.UPDATED_AT, org.jooq.impl.DSL.currentOffsetDateTime())
                .returning(CLINIC_COUNTER.VALUE)
                .fetchSingle(CLINIC_COUNTER.VALUE);
        return "PT-%s-%d-%03d".formatted(clinicCode, year, seq);
    }
}
