package io.santkrupa.platform;

import io.santkrupa.audit.AuditLog;
import io.santkrupa.db.Ids;
import org.jooq.DSLContext;

import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_AUDIT_EVENT;

/**
 * Writes the platform's audit events in the caller's transaction, so an action and its event
 * commit or roll back together. Ids and short details, never anyone's records.
 */
public final class PlatformAudit {

    public void record(DSLContext tx, PlatformActor who, String action, AuditLog.Outcome outcome, UUID clinicId,
                       String detail) {
        tx.insertInto(PLATFORM_AUDIT_EVENT)
                .set(PLATFORM_AUDIT_EVENT.ID, Ids.newId())
                .set(PLATFORM_AUDIT_EVENT.ACTOR_ADMIN_ID, who.adminId())
                .set(PLATFORM_AUDIT_EVENT.ACTOR, who.name())
                .set(PLATFORM_AUDIT_EVENT.ACTION, action)
                .set(PLATFORM_AUDIT_EVENT.OUTCOME, outcome.dbValue())
                .set(PLATFORM_AUDIT_EVENT.CLINIC_ID, clinicId)
                .set(PLATFORM_AUDIT_EVENT.REQUEST_ID, who.requestId() == null ? "" : who.requestId())
                .set(PLATFORM_AUDIT_EVENT.IP, who.ip())
                .set(PLATFORM_AUDIT_EVENT.DETAIL, detail == null ? "" : truncate(detail))
                .execute();
    }

    private static String truncate(String detail) {
        return detail.length() <= 1000 ? detail : detail.substring(0, 1000);
    }
}
