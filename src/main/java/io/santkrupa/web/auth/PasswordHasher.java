package io.santkrupa.web.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Argon2id password hashes with OWASP's recommended parameters (19 MiB, 2 iterations, 1 lane),
 * stored in PHC string form so the parameters travel with each hash.
 */
public final class PasswordHasher {

    private static final Argon2Function ARGON2ID = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID);

    /**
     * Verified when the username is unknown, so a failed login for a missing user costs the
     * same time as one for a real user (no timing oracle for usernames).
     */
    private final String decoyHash = hash("decoy password that is never anyone's");

    public String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2ID).getResult();
    }

    public boolean matches(String password, String storedHash) {
        if (password == null || storedHash == null || !storedHash.startsWith("$argon2")) {
            return false;
        }
        return Password.check(password, storedHash).with(Argon2Function.getInstanceFromHash(storedHash));
    }

    /** Spends the time of one verification and fails. */
    public boolean matchesNothing(String password) {
        matches(password == null ? "" : password, decoyHash);
        return false;
    }
}
