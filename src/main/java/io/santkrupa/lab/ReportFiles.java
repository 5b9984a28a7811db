package io.santkrupa.lab;

import io.santkrupa.db.ClinicId;
import io.santkrupa.db.Ids;
import org.jooq.DSLContext;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.STORED_FILE;

/**
 * Report files (PDFs and images) kept in PostgreSQL under RLS. A file's type is decided by its
 * first bytes, never by the name or the browser's claim, and must be one the clinic can open
 * safely; the database checks the size limit, the type list and the checksum again.
 */
public final class ReportFiles {

    public static final int MAX_BYTES = 10 * 1024 * 1024;

    /** A stored file's metadata and bytes, for a download. */
    public record Download(String fileName, String contentType, byte[] content) {
    }

    /** What was wrong with a refused file: the API answers each with its own status. */
    public enum Reason {
        EMPTY, TOO_LARGE, FILE_TYPE
    }

    /** Why an upload was refused, in words for the person uploading. */
    public static final class Rejected extends Exception {
        private final Reason reason;

        public Rejected(Reason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    /**
     * The content type of a PDF, PNG, JPEG or WebP file, by its magic bytes; empty for anything
     * else. The clinic's logo (ClinicLogo) checks its images with it too.
     */
    public static Optional<String> sniff(byte[] bytes) {
        if (startsWith(bytes, 0, "%PDF-".getBytes())) {
            return Optional.of("application/pdf");
        }
        if (startsWith(bytes, 0, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})) {
            return Optional.of("image/png");
        }
        if (startsWith(bytes, 0, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})) {
            return Optional.of("image/jpeg");
        }
        if (startsWith(bytes, 0, "RIFF".getBytes()) && startsWith(bytes, 8, "WEBP".getBytes())) {
            return Optional.of("image/webp");
        }
        return Optional.empty();
    }

    /**
     * The content type of an upload the clinic accepts, by its first bytes; refused when empty,
     * over 10 MB or of any other type. {@link #store} checks again, so a caller may check early
     * to report every invalid field at once.
     */
    public static String check(byte[] content) throws Rejected {
        if (content.length == 0) {
            throw new Rejected(Reason.EMPTY, "The file is empty.");
        }
        if (content.length > MAX_BYTES) {
            throw new Rejected(Reason.TOO_LARGE, "The file is larger than 10 MB.");
        }
        return sniff(content).orElseThrow(() -> new Rejected(Reason.FILE_TYPE, "Only PDF, PNG, JPEG and WebP files can be uploaded."));
    }

    /** Validates and stores an upload in the caller's transaction; returns the new file's id. */
    public UUID store(DSLContext tx, ClinicId clinic, UUID uploadedBy, String originalName, byte[] content)
            throws Rejected {
        String type = check(content);
        UUID id = Ids.newId();
        tx.insertInto(STORED_FILE)
                .set(STORED_FILE.CLINIC_ID, clinic.value())
                .set(STORED_FILE.ID, id)
                .set(STORED_FILE.FILE_NAME, safeName(originalName, type))
                .set(STORED_FILE.CONTENT_TYPE, type)
                .set(STORED_FILE.SIZE_BYTES, content.length)
                .set(STORED_FILE.SHA256, sha256(content))
                .set(STORED_FILE.CONTENT, content)
                .set(STORED_FILE.UPLOADED_BY, uploadedBy)
                .execute();
        return id;
    }

    /** Deletes a stored file that nothing refers to any more (a foreign key refuses any other). */
    public void delete(DSLContext tx, ClinicId clinic, UUID fileId) {
        tx.deleteFrom(STORED_FILE)
                .where(STORED_FILE.CLINIC_ID.eq(clinic.value()), STORED_FILE.ID.eq(fileId))
                .execute();
    }

    public Optional<Download> load(DSLContext tx, ClinicId clinic, UUID fileId) {
        return tx.select(STORED_FILE.FILE_NAME, STORED_FILE.CONTENT_TYPE, STORED_FILE.CONTENT)
                .from(STORED_FILE)
                .where(STORED_FILE.CLINIC_ID.eq(clinic.value()), STORED_FILE.ID.eq(fileId))
                .fetchOptional(r -> new Download(r.value1(), r.value2(), r.value3()));
    }

    /** A name safe to store and to send back: no path, no control characters, a matching extension. */
    static String safeName(String original, String type) {
        String name = original == null ? "" : original;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replaceAll("[\\p{Cntrl}\"]", "").strip();
        if (name.length() > 120) {
            name = name.substring(name.length() - 120);
        }
        String extension = switch (type) {
            case "application/pdf" -> ".pdf";
            case "image/png" -> ".png";
            case "image/jpeg" -> ".jpg";
            default -> ".webp";
        };
        if (name.isEmpty()) {
            name = "report";
        }
        return name.toLowerCase().endsWith(extension) || (extension.equals(".jpg") && name.toLowerCase().endsWith(".jpeg"))
                ? name : name + extension;
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
        return bytes.length >= offset + prefix.length
                && Arrays.equals(bytes, offset, offset + prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
