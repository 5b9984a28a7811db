package io.santkrupa.clinicarchive;

import io.santkrupa.audit.AuditLog;
import io.santkrupa.platform.PlatformActor;
import io.santkrupa.platform.PlatformAudit;
import io.santkrupa.seed.SeedProgress;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;
import static org.jooq.impl.DSL.name;

/**
 * Removes a clinic and every row it has, in one transaction, only after proving that an export
 * holds exactly what is removed.
 *
 * <p>The clinic must be suspended (nobody works in it any more) and the export given must be
 * intact (every checksum) and current: inside the deleting transaction, at {@code REPEATABLE READ},
 * with the registry row locked ({@code FOR UPDATE}, which also holds back every new row of the
 * clinic, since each one's foreign key must share-lock it), each table's rows are read again as the
 * export wrote them and their count and SHA-256 compared with the archive's, stored files too.
 * Only if all agree are the rows deleted, in reverse dependency order, then the registry row; a
 * row changed or added meanwhile makes the delete fail (a serialization or foreign-key error) and
 * everything rolls back.
 *
 * <p>What remains is one event in the platform's audit trail ({@code clinic.offboarded}: the
 * clinic's id, slug and code, the counts and the export's checksum; no patient data). The
 * clinic's own audit log goes with it, into the export. It runs on the same login as the import
 * (RLS does not apply to it): no application role may delete the audit trail or the registry row.
 */
public final class ClinicOffboarding {

    public record Result(UUID clinic, String slug, int tables, long rows, int files) {
    }

    private final PlatformAudit audit;

    public ClinicOffboarding(PlatformAudit audit) {
        this.audit = audit;
    }

    public Result offboard(Connection connection, String schemaVersion, String slug, Path export, PlatformActor actor,
                           SeedProgress progress) throws SQLException {
        try (ArchiveReader reader = ArchiveReader.open(export)) {
            ArchiveManifest manifest = reader.manifest();
            progress.stage("checking the export");
            reader.verify();
            if (!manifest.schemaVersion().equals(schemaVersion)) {
                throw ArchiveRefused.conflict("The export is of schema version " + manifest.schemaVersion()
                        + "; the database is at " + schemaVersion + ": export the clinic again. Nothing was deleted.");
            }
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                DSLContext tx = DSL.using(connection, SQLDialect.POSTGRES, new Settings().withExecuteLogging(false));
                tx.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").execute();
                ClinicDump.useTextSettings(tx);
                var clinic = tx.select(CLINIC.ID, CLINIC.CODE, CLINIC.SUBSCRIPTION_STATUS).from(CLINIC)
                        .where(CLINIC.SLUG.eq(slug)).forUpdate().fetchOptional()
                        .orElseThrow(() -> ArchiveRefused.notFound("No clinic has the slug \"" + slug + "\"."));
                UUID id = clinic.get(CLINIC.ID);
                if (!id.equals(manifest.clinic().id())) {
                    throw ArchiveRefused.conflict("The export is of another clinic (" + manifest.clinic().slug() + ", "
                            + manifest.clinic().id() + "). Nothing was deleted.");
                }
                if (!"suspended".equals(clinic.get(CLINIC.SUBSCRIPTION_STATUS))) {
                    throw ArchiveRefused.conflict("The clinic %s is %s: suspend it first (set-clinic-status %s suspended --reason ...), export it, then offboard it. Nothing was deleted."
                            .formatted(slug, clinic.get(CLINIC.SUBSCRIPTION_STATUS), slug));
                }
                List<ArchiveTable> tables = ClinicTables.read(tx);
                progress.start(manifest.totalRows() * 2);
                progress.stage("comparing " + slug + " with the export");
                ClinicDump.Result now;
                try {
                    now = ClinicDump.write(tx, id, tables, ClinicDump.NOWHERE, progress::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                List<String> differences = differences(manifest, now);
                if (!differences.isEmpty()) {
                    throw ArchiveRefused.conflict("The export is not the clinic as it is now (" + String.join("; ", differences)
                            + "): export it again, with the clinic suspended. Nothing was deleted.");
                }

                progress.stage("deleting " + slug);
                ArchiveTable registry = tables.getFirst();
                for (String column : registry.laterColumns()) {
                    tx.update(ClinicDump.table(registry.name())).set(DSL.field(name(column), UUID.class), (UUID) null)
                            .where(ClinicDump.ofClinic(registry, id)).execute();
                }
                List<ArchiveTable> reversed = new ArrayList<>(tables);
                Collections.reverse(reversed);
                long rows = 0;
                for (ArchiveTable table : reversed) {
                    int deleted = tx.deleteFrom(ClinicDump.table(table.name())).where(ClinicDump.ofClinic(table, id)).execute();
                    rows += deleted;
                    progress.add(deleted);
                }
                if (rows != manifest.totalRows()) {
                    throw new IllegalStateException("deleted " + rows + " rows where the export has " + manifest.totalRows());
                }
                audit.record(tx, actor, "clinic.offboarded", AuditLog.Outcome.SUCCESS, id,
                        "slug " + slug + ", code " + clinic.get(CLINIC.CODE) + ": " + rows + " rows in " + tables.size()
                                + " tables and " + manifest.files().size() + " files deleted after a verified export of "
                                + manifest.exportedAt() + " (manifest SHA-256 " + reader.manifestSha256() + ")");
                connection.commit();
                return new Result(id, slug, tables.size(), rows, manifest.files().size());
            } catch (RuntimeException | SQLException | Error e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    /** Where the clinic now and the export disagree, table by table, in words. */
    static List<String> differences(ArchiveManifest export, ClinicDump.Result now) {
        List<String> differences = new ArrayList<>();
        Map<String, ArchiveManifest.TableEntry> exported = export.tables().stream()
                .collect(Collectors.toMap(ArchiveManifest.TableEntry::name, t -> t));
        for (ArchiveManifest.TableEntry table : now.tables()) {
            ArchiveManifest.TableEntry then = exported.remove(table.name());
            if (then == null) {
                differences.add(table.name() + " is not in the export");
            } else if (then.rows() != table.rows()) {
                differences.add(table.name() + ": " + table.rows() + " rows, the export " + then.rows());
            } else if (!then.sha256().equals(table.sha256()) || !then.columns().equals(table.columns())) {
                differences.add(table.name() + ": rows changed since the export");
            }
        }
        exported.keySet().forEach(t -> differences.add(t + " is no table of this database"));
        if (!new java.util.HashSet<>(export.files()).equals(new java.util.HashSet<>(now.files()))) {
            differences.add("stored files changed since the export");
        }
        return differences;
    }
}
