package io.santkrupa.clinic;

import io.santkrupa.audit.AuditContext;
import io.santkrupa.audit.AuditLog;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.lab.ReportFiles;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;
import static io.santkrupa.db.jooq.santkrupa.Tables.STORED_FILE;

/**
 * The clinic's logo: an image the clinic admin uploads, kept as one of the clinic's stored files
 * (under RLS, like report files) and named by {@code clinic.logo_file_id}. Replacing or removing
 * it deletes the old file in the same transaction. Its type is decided by its first bytes (the
 * lab's check), and only images a browser shows safely in an {@code <img>} are taken: PNG, JPEG
 * and WebP -- no SVG, which can carry scripts, and no PDF.
 */
public final class ClinicLogo {

    /** A logo is shown a few dozen pixels high: half a megabyte is plenty, and keeps every page light. */
    public static final int MAX_BYTES = 512 * 1024;
    private static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg", "image/webp");

    /** A logo's bytes and type, for the header's {@code <img>}. */
    public record Image(String contentType, byte[] content) {
    }

    /** Why an upload was not taken, in words for the clinic admin. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private final TenantTransactions tenants;
    private final ReportFiles files;
    private final AuditLog audit;

    public ClinicLogo(TenantTransactions tenants, ReportFiles files, AuditLog audit) {
        this.tenants = tenants;
        this.files = files;
        this.audit = audit;
    }

    /** The image's type when it can be the clinic's logo; refused (nothing written) otherwise. */
    public static String check(byte[] content) throws Refused {
        if (content.length == 0) {
            throw new Refused("Choose an image file for the logo.");
        }
        if (content.length > MAX_BYTES) {
            throw new Refused("The logo is larger than 512 KB: save it smaller (a few hundred pixels wide is plenty).");
        }
        return ReportFiles.sniff(content).filter(IMAGE_TYPES::contains)
                .orElseThrow(() -> new Refused("The logo must be a PNG, JPEG or WebP image."));
    }

    /** Makes {@code content} the clinic's logo, deleting the one it replaces. */
    public void replace(ClinicId clinic, UUID uploadedBy, AuditContext who, String fileName, byte[] content)
            throws Refused {
        String type = check(content);
        tenants.inClinic(clinic, tx -> {
            UUID old = current(tx, clinic);
            UUID stored;
            try {
                stored = files.store(tx, clinic, uploadedBy, fileName == null || fileName.isBlank() ? "logo" : fileName,
                        content);
            } catch (ReportFiles.Rejected impossible) {
                throw new IllegalStateException("an image the logo check took was refused as a file", impossible);
            }
            point(tx, clinic, stored);
            if (old != null) {
                files.delete(tx, clinic, old);
            }
            audit.record(tx, clinic, who, "clinic.logo", AuditLog.Outcome.SUCCESS, "clinic", clinic.value(),
                    (old == null ? "uploaded: " : "replaced: ") + type + ", " + content.length + " bytes");
            return null;
        });
    }

    /** Removes the clinic's logo and its file; false when there was none. */
    public boolean remove(ClinicId clinic, AuditContext who) {
        return tenants.inClinic(clinic, tx -> {
            UUID old = current(tx, clinic);
            if (old == null) {
                return false;
            }
            point(tx, clinic, null);
            files.delete(tx, clinic, old);
            audit.record(tx, clinic, who, "clinic.logo", AuditLog.Outcome.SUCCESS, "clinic", clinic.value(), "removed");
            return true;
        });
    }

    /** The logo of that id, only while it is the clinic's logo: no other stored file is reachable this way. */
    public Optional<Image> load(ClinicId clinic, UUID fileId) {
        return tenants.readInClinic(clinic, tx -> tx.select(STORED_FILE.CONTENT_TYPE, STORED_FILE.CONTENT)
                .from(CLINIC)
                .join(STORED_FILE).on(STORED_FILE.CLINIC_ID.eq(CLINIC.ID), STORED_FILE.ID.eq(CLINIC.LOGO_FILE_ID))
                .where(CLINIC.ID.eq(clinic.value()), CLINIC.LOGO_FILE_ID.eq(fileId), STORED_FILE.CLINIC_ID.eq(clinic.value()))
                .fetchOptional(r -> new Image(r.value1(), r.value2())));
    }

    /** The current logo's file, the clinic's row locked so that two uploads at once replace one another in turn. */
    private static UUID current(DSLContext tx, ClinicId clinic) {
        return tx.select(CLINIC.LOGO_FILE_ID).from(CLINIC).where(CLINIC.ID.eq(clinic.value())).forUpdate()
                .fetchSingle(CLINIC.LOGO_FILE_ID);
    }

    private static void point(DSLContext tx, ClinicId clinic, UUID file) {
        tx.update(CLINIC)
                .set(CLINIC.LOGO_FILE_ID, file)
                .set(CLINIC.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(CLINIC.ID.eq(clinic.value()))
                .execute();
    }
}
