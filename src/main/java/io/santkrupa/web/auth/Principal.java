package io.santkrupa.web.auth;

import io.santkrupa.db.ClinicId;
import io.santkrupa.staff.Role;

import java.util.Objects;
import java.util.UUID;

/**
 * Who is making a request: a user of one clinic, with one role. {@code patientId} is set only
 * for patients (their own patient record).
 */
public record Principal(ClinicId clinic, UUID userId, String username, Role role, UUID patientId) {

    public Principal {
        Objects.requireNonNull(clinic, "clinic");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(role, "role");
    }
}
