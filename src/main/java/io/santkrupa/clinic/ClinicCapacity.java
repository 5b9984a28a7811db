package io.santkrupa.clinic;

import io.santkrupa.db.ClinicId;
import io.santkrupa.staff.Role;
import io.santkrupa.web.Form;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

import java.time.LocalDate;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;

/**
 * A clinic's limits (set by the platform with its subscription) against what it uses, and
 * their enforcement. Only active doctors and receptionists count; a deactivated one frees
 * the place.
 */
public final class ClinicCapacity {

    public record Usage(int activeDoctors, int maxDoctors, int activeReceptionists, int maxReceptionists,
                        int patients, int maxPatients, SubscriptionStatus status, LocalDate subscriptionEndsOn) {
    }

    private ClinicCapacity() {
    }

    /** Usage and limits in one statement. */
    public static Usage usage(DSLContext tx, ClinicId clinic) {
        return tx.select(activeUsers(clinic, Role.DOCTOR), CLINIC.MAX_DOCTORS,
                        activeUsers(clinic, Role.RECEPTIONIST), CLINIC.MAX_RECEPTIONISTS,
                        DSL.field(DSL.selectCount().from(PATIENT).where(PATIENT.CLINIC_ID.eq(clinic.value()))),
                        CLINIC.MAX_PATIENTS, CLINIC.SUBSCRIPTION_STATUS, CLINIC.SUBSCRIPTION_ENDS_ON)
                .from(CLINIC)
                .where(CLINIC.ID.eq(clinic.value()))
                .fetchSingle(r -> new Usage(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        SubscriptionStatus.fromDbValue(r.value7()), r.value8()));
    }

    /**
     * Refuses one more active user of {@code role} when the clinic is at its limit for that role
     * (doctors and receptionists; other roles have none). Call it in the transaction that then
     * creates or reactivates the user: it first locks the clinic row, so two such transactions
     * run one after the other and the second counts the first one's user. FOR NO KEY UPDATE
     * rather than FOR UPDATE: it serialises the capacity checks all the same, without blocking
     * the clinic's other inserts, whose foreign keys take KEY SHARE locks on this row.
     *
     * @throws Form.Refused at {@code field}, rolling the transaction back
     */
    public static void requireRoomFor(DSLContext tx, ClinicId clinic, Role role, String field) {
        Field<Integer> limit = switch (role) {
            case DOCTOR -> CLINIC.MAX_DOCTORS;
            case RECEPTIONIST -> CLINIC.MAX_RECEPTIONISTS;
            default -> null;
        };
        if (limit == null) {
            return;
        }
        int max = tx.select(limit).from(CLINIC).where(CLINIC.ID.eq(clinic.value())).forNoKeyUpdate().fetchSingle(limit);
        int active = tx.fetchCount(APP_USER, APP_USER.CLINIC_ID.eq(clinic.value()), APP_USER.ROLE.eq(role.dbValue()),
                APP_USER.IS_ACTIVE.isTrue());
        if (active >= max) {
            String what = role == Role.DOCTOR ? "doctors" : "receptionists";
            throw new Form.Refused(field, "The clinic has reached its limit of " + max + " active " + what
                    + ". Deactivate one first, or ask Santkrupa to raise the limit.");
        }
    }

    private static Field<Integer> activeUsers(ClinicId clinic, Role role) {
        return DSL.field(DSL.selectCount().from(APP_USER).where(APP_USER.CLINIC_ID.eq(clinic.value()),
                APP_USER.ROLE.eq(role.dbValue()), APP_USER.IS_ACTIVE.isTrue()));
    }
}
