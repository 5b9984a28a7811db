package io.santkrupa.platform;

import java.util.UUID;

/** A signed-in super admin: a platform administrator, never a member of any clinic. */
public record PlatformPrincipal(UUID adminId, String username, String fullName) {
}
