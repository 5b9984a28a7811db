package io.santkrupa.clinic;

import io.santkrupa.db.ClinicId;
import org.jooq.DSLContext;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC_SUBSCRIPTION_CHANGE;

/**
 * What the platform changed about this clinic's subscription and limits, and why (written by the
 * platform's functions, V034; read here by the clinic's own role): so the clinic admin knows why
 * the clinic is read-only, or since when it may have more doctors.
 */
public final class SubscriptionHistory {

    /** One change, as the clinic admin reads it. */
    public record Change(OffsetDateTime changedAt, String kind, String fromStatus, String toStatus, LocalDate endsOn,
                         int maxDoctors, int maxPatients, int maxReceptionists, String reason) {

        /** The change in words: "Subscription: trial → active until 2027-03-31". */
        public String summary() {
            return switch (kind) {
                case "onboarded" -> "Joined Santkrupa: " + label(toStatus) + until();
                case "limits" -> "Limits: " + maxDoctors + " doctors, " + maxPatients + " patients, "
                        + maxReceptionists + " receptionists";
                default -> "Subscription: " + label(fromStatus) + " → " + label(toStatus) + until();
            };
        }

        private String until() {
            return endsOn == null ? "" : " until " + endsOn;
        }

        private static String label(String status) {
            return status == null ? "" : switch (status) {
                case "expired" -> "expired (read-only)";
                case "suspended" -> "suspended";
                default -> status;
            };
        }
    }

    private SubscriptionHistory() {
    }

    /** The newest changes first. */
    public static List<Change> recent(DSLContext tx, ClinicId clinic, int limit) {
        return tx.select(CLINIC_SUBSCRIPTION_CHANGE.CHANGED_AT, CLINIC_SUBSCRIPTION_CHANGE.KIND,
                        CLINIC_SUBSCRIPTION_CHANGE.FROM_STATUS, CLINIC_SUBSCRIPTION_CHANGE.TO_STATUS,
                        CLINIC_SUBSCRIPTION_CHANGE.SUBSCRIPTION_ENDS_ON, CLINIC_SUBSCRIPTION_CHANGE.MAX_DOCTORS,
                        CLINIC_SUBSCRIPTION_CHANGE.MAX_PATIENTS, CLINIC_SUBSCRIPTION_CHANGE.MAX_RECEPTIONISTS,
                        CLINIC_SUBSCRIPTION_CHANGE.REASON)
                .from(CLINIC_SUBSCRIPTION_CHANGE)
                .where(CLINIC_SUBSCRIPTION_CHANGE.CLINIC_ID.eq(clinic.value()))
                .orderBy(CLINIC_SUBSCRIPTION_CHANGE.CHANGED_AT.desc(), CLINIC_SUBSCRIPTION_CHANGE.ID.desc())
                .limit(limit)
                .fetch(r -> new Change(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), r.value7(),
                        r.value8(), r.value9()));
    }
}
