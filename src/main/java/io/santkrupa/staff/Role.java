package io.santkrupa.staff;

import java.util.Arrays;
import java.util.Optional;

/**
 * The roles of a clinic's users, as stored in {@code app_user.role}. Super admins are not a
 * clinic role: they are platform administrators and never members of a clinic.
 */
public enum Role {
    CLINIC_ADMIN("clinic_admin", "Clinic administrator"),
    DOCTOR("doctor", "Doctor"),
    RECEPTIONIST("receptionist", "Receptionist"),
    LAB_TECHNICIAN("lab_technician", "Lab technician"),
    PATIENT("patient", "Patient");

    private final String dbValue;
    private final String label;

    Role(String dbValue, String label) {
        this.dbValue = dbValue;
        this.label = label;
    }

    /** The value in {@code app_user.role} and in token claims. */
    public String dbValue() {
        return dbValue;
    }

    public String label() {
        return label;
    }

    public static Optional<Role> fromDbValue(String value) {
        return Arrays.stream(values()).filter(role -> role.dbValue.equals(value)).findFirst();
    }
}
