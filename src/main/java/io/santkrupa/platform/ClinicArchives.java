package io.santkrupa.platform;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * What the console's clinic page asks of the clinic archives (export-clinic and offboard-clinic
 * behind buttons). The console itself reads no clinic's records: the export reads as the
 * application's role in the clinic's context, and offboarding runs on the maintenance login, both
 * outside this package.
 */
public interface ClinicArchives {

    /** What an export wrote: counts only, for the audit trail. */
    record Exported(int tables, long rows, int files, String schemaVersion) {
    }

    /** What an offboarding deleted. */
    record Offboarded(UUID clinic, int tables, long rows, int files) {
    }

    /** Why an offboarding did nothing, in words for the operator; {@code archive} when the file is at fault. */
    final class Refused extends RuntimeException {
        private final boolean archive;

        public Refused(String message, boolean archive) {
            super(message, null, false, false);
            this.archive = archive;
        }

        public boolean archive() {
            return archive;
        }
    }

    /** Streams the clinic's archive into {@code out} (left open), read in one snapshot. */
    Exported export(UUID clinic, String slug, OutputStream out) throws IOException;

    /** Why offboarding must be done with the command line here, or empty when the console can do it. */
    Optional<String> offboardingUnavailable();

    /**
     * Deletes the clinic after proving {@code export} holds exactly its rows, as offboard-clinic
     * does; the platform's audit trail gets {@code clinic.offboarded} in the same transaction.
     *
     * @throws Refused nothing was deleted, and why
     */
    Offboarded offboard(String slug, Path export, PlatformActor actor);
}
