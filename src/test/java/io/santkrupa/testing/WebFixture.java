package io.santkrupa.testing;

import io.santkrupa.staff.Role;
import io.santkrupa.web.auth.PasswordHasher;

import java.util.List;
import java.util.Map;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;

/**
 * A fixture clinic whose users can sign in: one per role, each with the password
 * {@code password(username)}.
 */
public final class WebFixture {

    /** The fixture's users by role (ClinicFixture creates exactly these). */
    public static final Map<Role, String> USERNAMES = Map.of(
            Role.CLINIC_ADMIN, "admin",
            Role.DOCTOR, "doctor",
            Role.RECEPTIONIST, "reception",
            Role.LAB_TECHNICIAN, "lab",
            Role.PATIENT, "asha");

    private WebFixture() {
    }

    public static ClinicFixture.Clinic clinicWithLogins(TestDatabase db, PasswordHasher hasher) {
        ClinicFixture.Clinic clinic = ClinicFixture.create(db);
        List<String> usernames = List.copyOf(USERNAMES.values());
        db.tenants().inClinic(clinic.id(), tx -> {
            for (String username : usernames) {
                tx.update(APP_USER).set(APP_USER.PASSWORD_HASH, hasher.hash(password(username)))
                        .where(APP_USER.CLINIC_ID.eq(clinic.id().value()), APP_USER.USERNAME.eq(username))
                        .execute();
            }
            return null;
        });
        return clinic;
    }

    public static String password(String username) {
        return "correct horse " + username;
    }
}
