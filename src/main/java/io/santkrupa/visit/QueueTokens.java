package io.santkrupa.visit;

import io.santkrupa.db.ClinicId;
import io.santkrupa.db.Ids;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.time.LocalDate;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC_COUNTER;

/**
 * The day's token numbers of a doctor's queue, 1, 2, 3, ...: from the clinic's counter row for
 * that doctor and day, taken with one atomic upsert, so two check-ins at the same moment never
 * share a token (never max(token) + 1).
 */
public final class QueueTokens {

    private QueueTokens() {
    }

    public static int next(DSLContext tx, ClinicId clinic, UUID doctorId, LocalDate day) {
        long token = tx.insertInto(CLINIC_COUNTER)
                .set(CLINIC_COUNTER.CLINIC_ID, clinic.value())
                .set(CLINIC_COUNTER.ID, Ids.newId())
                .set(CLINIC_COUNTER.NAME, "visit_token")
                .set(CLINIC_COUNTER.SCOPE, doctorId + "/" + day)
                .set(CLINIC_COUNTER.VALUE, 1L)
                .onConflict(CLINIC_COUNTER.CLINIC_ID, CLINIC_COUNTER.NAME, CLINIC_COUNTER.SCOPE)
                .doUpdate()
                .set(CLINIC_COUNTER.VALUE, CLINIC_COUNTER.VALUE.plus(1))
                .set(CLINIC_COUNTER.UPDATED_AT, DSL.currentOffsetDateTime())
                .returning(CLINIC_COUNTER.VALUE)
                .fetchSingle(CLINIC_COUNTER.VALUE);
        return Math.toIntExact(token);
    }
}
