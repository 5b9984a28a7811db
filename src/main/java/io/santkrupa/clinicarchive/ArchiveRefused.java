package io.santkrupa.clinicarchive;

/** Why an export, import or offboarding did nothing: what was wrong, in words for the operator. */
public final class ArchiveRefused extends RuntimeException {

    /** What kind of refusal, for the command's exit code. */
    public enum Reason {
        /** The archive or an option is unusable: damaged, tampered with, of another schema version. */
        INVALID,
        /** No clinic by that slug. */
        NOT_FOUND,
        /** The database's state refuses it: a slug or id taken, a clinic not suspended, an export not current. */
        CONFLICT
    }

    private final Reason reason;

    ArchiveRefused(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    static ArchiveRefused invalid(String message) {
        return new ArchiveRefused(Reason.INVALID, message);
    }

    static ArchiveRefused notFound(String message) {
        return new ArchiveRefused(Reason.NOT_FOUND, message);
    }

    static ArchiveRefused conflict(String message) {
        return new ArchiveRefused(Reason.CONFLICT, message);
    }

    public Reason reason() {
        return reason;
    }
}
