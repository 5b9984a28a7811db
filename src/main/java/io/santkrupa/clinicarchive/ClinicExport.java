package io.santkrupa.clinicarchive;

import io.santkrupa.clinic.ClinicSlug;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.seed.SeedProgress;
import io.santkrupa.web.Json;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes one clinic's complete data to a zip archive: {@code manifest.json}, a JSON-lines file
 * per table under {@code tables/} and the stored files' bytes under {@code files/}.
 *
 * <p>It reads as the application's own role, in the clinic's verified context, in one
 * {@code REPEATABLE READ, READ ONLY} transaction ({@link TenantTransactions#snapshotInClinic}):
 * the clinic's policies let it see that clinic and nothing else, it can write nothing, and every
 * table is read at the same instant. No privileged login is needed to export.
 */
public final class ClinicExport {

    public record Result(UUID clinic, String slug, Path file, int tables, long rows, int files, long fileBytes,
                         long archiveBytes) {
    }

    private final TenantTransactions tenants;
    private final String schemaVersion;
    private final Clock clock;

    public ClinicExport(TenantTransactions tenants, String schemaVersion, Clock clock) {
        this.tenants = tenants;
        this.schemaVersion = schemaVersion;
        this.clock = clock;
    }

    public Result export(String slug, Path to, SeedProgress progress) {
        ClinicId clinic = (ClinicSlug.wellFormed(slug) ? tenants.resolveSlug(slug) : java.util.Optional.<TenantTransactions.ResolvedSlug>empty())
                .orElseThrow(() -> ArchiveRefused.notFound("No clinic has the slug \"" + slug + "\"."))
                .clinic();
        if (Files.exists(to)) {
            throw ArchiveRefused.conflict(to + " exists already; choose another file (an export never overwrites one).");
        }
        Path partial = to.resolveSibling(to.getFileName() + ".partial");
        try {
            ArchiveManifest manifest;
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
                manifest = write(clinic, slug, file, progress);
            }
            Files.move(partial, to, StandardCopyOption.ATOMIC_MOVE);
            progress.stage("done");
            return new Result(clinic.value(), manifest.clinic().slug(), to, manifest.tables().size(), manifest.totalRows(),
                    manifest.files().size(), manifest.files().stream().mapToLong(ArchiveManifest.FileEntry::bytes).sum(),
                    Files.size(to));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + to + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the export's own failure is the one to report
            }
        }
    }

    /**
     * The archive of {@code clinic}, streamed into {@code out} as it is read (the zip is finished,
     * {@code out} is left open): memory stays the same whatever the clinic's size. The platform
     * console sends it straight to the browser this way.
     */
    ArchiveManifest write(ClinicId clinic, String slug, OutputStream out, SeedProgress progress) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(unclosable(out));
        zip.setLevel(Deflater.BEST_SPEED);
        ArchiveManifest manifest = tenants.snapshotInClinic(clinic, tx -> {
            ClinicDump.useTextSettings(tx);
            List<ArchiveTable> tables = ClinicTables.read(tx);
            progress.stage("counting");
            long expected = 0;
            for (ArchiveTable table : tables) {
                expected += ClinicDump.count(tx, table, clinic.value());
            }
            progress.start(expected);
            progress.stage("exporting " + slug);
            try {
                ClinicDump.Result dump = ClinicDump.write(tx, clinic.value(), tables, zipSink(zip), progress::add);
                ArchiveManifest written = new ArchiveManifest(ArchiveManifest.FORMAT, ArchiveManifest.FORMAT_VERSION,
                        schemaVersion, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC),
                        dump.clinic(), ArchiveManifest.VALUE_FORMAT, dump.tables(), dump.files());
                if (written.totalRows() != expected) {
                    throw new IllegalStateException("counted " + expected + " rows but read " + written.totalRows());
                }
                zip.putNextEntry(new ZipEntry(ArchiveManifest.PATH));
                zip.write(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(written));
                zip.closeEntry();
                return written;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        zip.finish();
        zip.flush();
        return manifest;
    }

    private static OutputStream unclosable(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    private static ClinicDump.Sink zipSink(ZipOutputStream zip) {
        return new ClinicDump.Sink() {
            @Override
            public OutputStream begin(String path) throws IOException {
                zip.putNextEntry(new ZipEntry(path));
                return zip;
            }

            @Override
            public void end() throws IOException {
                zip.closeEntry();
            }
        };
    }
}
