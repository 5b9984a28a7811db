package io.santkrupa.testing;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.santkrupa.staff.Role;
import io.santkrupa.web.auth.PasswordHasher;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

    private static final Argon2Function CHEAP_ARGON2ID = Argon2Function.getInstance(1024, 1, 1, 32, Argon2.ID);
    /** One hash per fixture username and JVM: every clinic's fixture users have the same passwords. */
    private static final Map<String, String> HASHES = new ConcurrentHashMap<>();

    private WebFixture() {
    }

    public static ClinicFixture.Clinic clinicWithLogins(TestDatabase db, PasswordHasher hasher) {
        ClinicFixture.Clinic clinic = ClinicFixture.create(db);
        List<String> usernames = List.copyOf(USERNAMES.values());
        List<String> hashes = usernames.stream().map(u -> HASHES.computeIfAbsent(u, name -> hash(password(name)))).toList();
        db.tenants().inClinic(clinic.id(), tx -> {
            for (int i = 0; i < usernames.size(); i++) {
                String username = usernames.get(i);
                tx.update(APP_USER).set(APP_USER.PASSWORD_HASH, hashes.get(i))
                        .where(APP_USER.CLINIC_ID.eq(clinic.id().value()), APP_USER.USERNAME.eq(username))
                        .execute();
            }
            return null;
        });
        return clinic;
    }

    /**
     * A fixture login's hash: Argon2id as the application stores it, at the lowest cost (1 MiB, one
     * pass). Signing in checks it with the same code as any other hash (the cost travels in the
     * hash), in a millisecond instead of a tenth of a second: the suite signs in thousands of
     * times, and PIT runs a test class's setup again for every test it tries on a mutant.
     */
    public static String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(CHEAP_ARGON2ID).getResult();
    }

    public static String password(String username) {
        return "correct horse " + username;
    }
}
