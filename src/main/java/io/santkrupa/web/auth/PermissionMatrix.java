package io.santkrupa.web.auth;

import io.santkrupa.staff.Role;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.santkrupa.web.auth.Permission.ANALYTICS_VIEW;
import static io.santkrupa.web.auth.Permission.AUDIT_VIEW;
import static io.santkrupa.web.auth.Permission.CATALOG_MANAGE;
import static io.santkrupa.web.auth.Permission.CATALOG_READ;
import static io.santkrupa.web.auth.Permission.CLINIC_SETTINGS;
import static io.santkrupa.web.auth.Permission.CONSULTATION;
import static io.santkrupa.web.auth.Permission.DASHBOARD;
import static io.santkrupa.web.auth.Permission.LAB_WORK;
import static io.santkrupa.web.auth.Permission.OWN_RECORD;
import static io.santkrupa.web.auth.Permission.OWN_SESSION;
import static io.santkrupa.web.auth.Permission.PATIENT_CLINICAL;
import static io.santkrupa.web.auth.Permission.PATIENT_DEMOGRAPHICS;
import static io.santkrupa.web.auth.Permission.PATIENT_EXPORT;
import static io.santkrupa.web.auth.Permission.PATIENT_ERASE;
import static io.santkrupa.web.auth.Permission.PATIENT_REGISTER;
import static io.santkrupa.web.auth.Permission.PATIENT_SEARCH;
import static io.santkrupa.web.auth.Permission.PRINT_FOR_PATIENT;
import static io.santkrupa.web.auth.Permission.PORTAL_INVITE;
import static io.santkrupa.web.auth.Permission.SIGN_OUT;
import static io.santkrupa.web.auth.Permission.STAFF_MANAGE;
import static io.santkrupa.web.auth.Permission.VISIT_CHECK_IN;

/**
 * Who may do what, written once, as data: role -> permissions. Pages and API both ask this
 * table; README.md shows it (a test keeps the two in step).
 *
 * <p>Receptionists see demographics and visits, not clinical notes; lab technicians see test
 * orders and the minimum patient data to run them; doctors see their clinic's clinical data;
 * clinic admins run staff, catalogs, settings and the audit log, and read no patient records;
 * patients see only their own record. Patients' portal access is given by the desk (where a
 * patient registers and asks) and by the clinic admin (who runs the clinic's accounts, and sees
 * of a patient only the name and code that the portal pages show).
 */
public final class PermissionMatrix {

    private static final Map<Role, Set<Permission>> GRANTS = new EnumMap<>(Map.of(
            Role.CLINIC_ADMIN, EnumSet.of(SIGN_OUT, OWN_SESSION, DASHBOARD, STAFF_MANAGE, CATALOG_READ, CATALOG_MANAGE, CLINIC_SETTINGS,
                    AUDIT_VIEW, ANALYTICS_VIEW, PORTAL_INVITE, PATIENT_ERASE),
            Role.DOCTOR, EnumSet.of(SIGN_OUT, OWN_SESSION, DASHBOARD, PATIENT_SEARCH, PATIENT_DEMOGRAPHICS, PATIENT_CLINICAL, CONSULTATION,
                    PRINT_FOR_PATIENT, PATIENT_EXPORT, CATALOG_READ),
            Role.RECEPTIONIST, EnumSet.of(SIGN_OUT, OWN_SESSION, DASHBOARD, PATIENT_SEARCH, PATIENT_DEMOGRAPHICS, PATIENT_REGISTER,
                    VISIT_CHECK_IN, PRINT_FOR_PATIENT, PATIENT_EXPORT, PORTAL_INVITE, CATALOG_READ),
            Role.LAB_TECHNICIAN, EnumSet.of(SIGN_OUT, OWN_SESSION, DASHBOARD, LAB_WORK, CATALOG_READ),
            Role.PATIENT, EnumSet.of(SIGN_OUT, OWN_SESSION, DASHBOARD, OWN_RECORD)));

    private PermissionMatrix() {
    }

    public static boolean allows(Role role, Permission permission) {
        return permission == Permission.PUBLIC || GRANTS.get(role).contains(permission);
    }

    public static Set<Permission> permissionsOf(Role role) {
        return EnumSet.copyOf(GRANTS.get(role));
    }
}
