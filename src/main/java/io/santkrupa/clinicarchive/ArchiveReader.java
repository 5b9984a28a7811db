package io.santkrupa.clinicarchive;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import io.santkrupa.web.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * An archive opened for reading: its manifest, every entry's checksum checked against it
 * ({@link #verify}) before anything is written, and each table's rows streamed back -- checked
 * again as they are read, so a file changed between the two reads is caught too.
 */
final class ArchiveReader implements AutoCloseable {

    /** Larger than any export writes (a manifest lists each table and stored file in a line or two). */
    private static final int MAX_MANIFEST = 64 << 20;
    /** Larger than any stored file may be (the application takes up to 10 MB). */
    private static final long MAX_FILE = 64L << 20;

    private final Path path;
    private final ZipFile zip;
    private final ArchiveManifest manifest;
    private final String manifestSha256;
    private final Map<UUID, ArchiveManifest.FileEntry> files = new HashMap<>();

    private ArchiveReader(Path path, ZipFile zip, ArchiveManifest manifest, String manifestSha256) {
        this.path = path;
        this.manifestSha256 = manifestSha256;
        this.zip = zip;
        this.manifest = manifest;
        manifest.files().forEach(f -> files.put(f.id(), f));
    }

    static ArchiveReader open(Path path) {
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw ArchiveRefused.invalid("No file " + path + ".");
        } catch (ZipException e) {
            throw ArchiveRefused.invalid(path + " is not a clinic archive (not a zip file).");
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + path + ": " + e.getMessage(), e);
        }
        try {
            ZipEntry entry = zip.getEntry(ArchiveManifest.PATH);
            if (entry == null) {
                throw ArchiveRefused.invalid(path + " is not a clinic archive (it has no " + ArchiveManifest.PATH + ").");
            }
            ArchiveManifest manifest;
            String manifestSha256;
            try (InputStream in = zip.getInputStream(entry)) {
                byte[] bytes = in.readNBytes(MAX_MANIFEST + 1);
                if (bytes.length > MAX_MANIFEST) {
                    throw ArchiveRefused.invalid(path + ": its manifest is larger than any export writes.");
                }
                manifestSha256 = HexFormat.of().formatHex(ClinicDump.sha256().digest(bytes));
                manifest = Json.MAPPER.readerFor(ArchiveManifest.class)
                        .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(bytes);
            } catch (IOException e) {
                throw ArchiveRefused.invalid(path + ": its manifest cannot be read (" + e.getMessage() + ").");
            }
            if (!ArchiveManifest.FORMAT.equals(manifest.format()) || manifest.formatVersion() != ArchiveManifest.FORMAT_VERSION
                    || manifest.clinic() == null || manifest.clinic().id() == null || manifest.tables() == null
                    || manifest.files() == null || manifest.schemaVersion() == null) {
                throw ArchiveRefused.invalid(path + " is not a clinic archive of format " + ArchiveManifest.FORMAT + " version "
                        + ArchiveManifest.FORMAT_VERSION + ".");
            }
            return new ArchiveReader(path, zip, manifest, manifestSha256);
        } catch (RuntimeException e) {
            try {
                zip.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    ArchiveManifest manifest() {
        return manifest;
    }

    /** The SHA-256 of manifest.json, which names every other entry's: the archive's fingerprint. */
    String manifestSha256() {
        return manifestSha256;
    }

    /** Every table file and stored file against the manifest: present, its rows counted, its SHA-256 equal. */
    void verify() {
        for (ArchiveManifest.TableEntry table : manifest.tables()) {
            MessageDigest digest = ClinicDump.sha256();
            long lines = 0;
            try (InputStream in = new DigestInputStream(entry(table.file()), digest)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            lines++;
                        }
                    }
                }
            } catch (IOException e) {
                throw damaged(table.file(), e.getMessage());
            }
            if (!HexFormat.of().formatHex(digest.digest()).equals(table.sha256())) {
                throw damaged(table.file(), "its SHA-256 is not the manifest's");
            }
            if (lines != table.rows()) {
                throw damaged(table.file(), "it has " + lines + " rows, the manifest says " + table.rows());
            }
        }
        for (ArchiveManifest.FileEntry file : manifest.files()) {
            file(file.id());
        }
    }

    /** A stored file's bytes, checked against the manifest. */
    byte[] file(UUID id) {
        ArchiveManifest.FileEntry file = files.get(id);
        if (file == null || !file.file().equals(ClinicDump.filePath(id))) {
            throw damaged(ClinicDump.filePath(id), "the manifest does not list it");
        }
        if (file.bytes() < 0 || file.bytes() > MAX_FILE) {
            throw damaged(file.file(), "the manifest gives it " + file.bytes() + " bytes");
        }
        byte[] bytes;
        try (InputStream in = entry(file.file())) {
            // no more than the manifest says: a zip entry may inflate to far more than it claims
            bytes = in.readNBytes((int) file.bytes() + 1);
        } catch (IOException e) {
            throw damaged(file.file(), e.getMessage());
        }
        if (bytes.length != file.bytes() || !HexFormat.of().formatHex(ClinicDump.sha256().digest(bytes)).equals(file.sha256())) {
            throw damaged(file.file(), "its size or SHA-256 is not the manifest's");
        }
        return bytes;
    }

    /** Reads a table's rows, each as its values in the order of the entry's columns. */
    interface RowHandler {
        void row(String[] values);
    }

    /** Streams the rows of {@code table}; its checksum and count are checked again at the end. */
    void rows(ArchiveManifest.TableEntry table, RowHandler handler) {
        Map<String, Integer> index = new LinkedHashMap<>();
        List<ArchiveTable.Column> columns = table.columns();
        for (int i = 0; i < columns.size(); i++) {
            index.put(columns.get(i).name(), i);
        }
        MessageDigest digest = ClinicDump.sha256();
        long rows = 0;
        try (InputStream in = new DigestInputStream(entry(table.file()), digest);
             JsonParser json = Json.MAPPER.getFactory().createParser(in)) {
            json.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE); // the digest reads the stream to its end below
            for (JsonToken token; (token = json.nextToken()) != null; ) {
                if (token != JsonToken.START_OBJECT) {
                    throw damaged(table.file(), "a row is not a JSON object");
                }
                String[] values = new String[columns.size()];
                boolean[] seen = new boolean[columns.size()];
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                    Integer i = index.get(json.currentName());
                    JsonToken value = json.nextToken();
                    if (i == null || seen[i] || (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL)) {
                        throw damaged(table.file(), "a row has an unknown, repeated or non-text column");
                    }
                    seen[i] = true;
                    values[i] = value == JsonToken.VALUE_NULL ? null : json.getText();
                }
                for (boolean s : seen) {
                    if (!s) {
                        throw damaged(table.file(), "a row lacks a column");
                    }
                }
                rows++;
                handler.row(values);
            }
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw damaged(table.file(), e.getMessage());
        }
        if (rows != table.rows() || !HexFormat.of().formatHex(digest.digest()).equals(table.sha256())) {
            throw damaged(table.file(), "it changed while it was read");
        }
    }

    private InputStream entry(String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new NoSuchFileException(name + " is missing");
        }
        return zip.getInputStream(entry);
    }

    private ArchiveRefused damaged(String entry, String why) {
        return ArchiveRefused.invalid("The archive " + path.getFileName() + " is damaged or was changed: " + entry + ": " + why
                + ". Nothing was written.");
    }

    @Override
    public void close() {
        try {
            zip.close();
        } catch (IOException ignored) {
            // read only
        }
    }
}
