package io.santkrupa.audit;

import io.santkrupa.db.ClinicId;
import io.santkrupa.db.Ids;
import org.jooq.DSLContext;

import java.util.Collection;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;

/**
 * Writes audit events in the caller's transaction, so an action and its audit row commit or
 * roll back together. Events carry ids, never patient data.
 */
public final class AuditLog {

    public enum Outcome {
        SUCCESS, DENIED, FAILURE;

        public String dbValue() {
            return name().toLowerCase();
        }
    }

    public void record(DSLContext tx, ClinicId clinic, AuditContext who, String action, Outcome outcome,
                       String entityType, UUID entityId, String detail) {
        tx.insertInto(AUDIT_EVENT)
                .set(AUDIT_EVENT.CLINIC_ID, clinic.value())
                .set(AUDIT_EVENT.ID, Ids.newId())
                .set(AUDIT_EVENT.ACTOR_USER_ID, who.actorUserId())
                .set(AUDIT_EVENT.ACTOR_ROLE, who.actorRole() == null ? "anonymous" : who.actorRole())
                .set(AUDIT_EVENT.ACTION, action)
                .set(AUDIT_EVENT.OUTCOME, outcome.dbValue())
                .set(AUDIT_EVENT.ENTITY_TYPE, entityType == null ? "" : entityType)
                .set(AUDIT_EVENT.ENTITY_ID, entityId)
                .set(AUDIT_EVENT.REQUEST_ID, who.requestId() == null ? "" : who.requestId())
                .set(AUDIT_EVENT.IP, who.ip())
                .set(AUDIT_EVENT.DETAIL, detail == null ? "" : truncate(detail))
                .execute();
    }

    /**
     * The same event about each of {@code entityIds} (a page that shows several patients' names
     * reads each of them), written by one statement whatever their number; nothing for none.
     */
    public void recordEach(DSLContext tx, ClinicId clinic, AuditContext who, String action, Outcome outcome,
                           String entityType, Collection<UUID> entityIds, String detail) {
        if (entityIds.isEmpty()) {
            return;
        }
        var insert = tx.insertInto(AUDIT_EVENT, AUDIT_EVENT.CLINIC_ID, AUDIT_EVENT.ID, AUDIT_EVENT.ACTOR_USER_ID,
                AUDIT_EVENT.ACTOR_ROLE, AUDIT_EVENT.ACTION, AUDIT_EVENT.OUTCOME, AUDIT_EVENT.ENTITY_TYPE,
                AUDIT_EVENT.ENTITY_ID, AUDIT_EVENT.REQUEST_ID, AUDIT_EVENT.IP, AUDIT_EVENT.DETAIL);
        for (UUID entityId : entityIds) {
            insert = insert.values(clinic.value(), Ids.newId(), who.actorUserId(),
                    who.actorRole() == null ? "anonymous" : who.actorRole(), action, outcome.dbValue(), entityType,
                    entityId, who.requestId() == null ? "" : who.requestId(), who.ip(),
                    detail == null ? "" : truncate(detail));
        }
        insert.execute();
    }

    private static String truncate(String detail) {
        return detail.length() <= 500 ? detail : detail.substring(0, 500);
    }
}
