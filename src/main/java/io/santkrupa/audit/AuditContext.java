package io.santkrupa.audit;

import java.util.UUID;

/** Who acts and from where, for the audit trail. {@code actorUserId} is null for an unknown user. */
public record AuditContext(UUID actorUserId, String actorRole, String requestId, String ip) {
}
