package io.santkrupa.clinicarchive;

import io.santkrupa.audit.AuditLog;
import io.santkrupa.clinic.ClinicSlug;
import io.santkrupa.platform.PlatformActor;
import io.santkrupa.platform.PlatformAudit;
import io.santkrupa.seed.CopyTextRows;
import io.santkrupa.seed.SeedProgress;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;
import static org.jooq.impl.DSL.name;

/**
 * Writes a clinic archive into a database, all in one transaction: the registry row (under the
 * archive's slug or a new one), then every table in dependency order, streamed with
 * {@code COPY ... FROM STDIN}, then the registry's references to its own rows (the logo) and an
 * entry in the platform's audit trail. Any failure rolls back everything: nothing is ever
 * half-imported.
 *
 * <p>Refused before a row is written: another format or schema version, a damaged or edited
 * archive (every checksum is checked first, and again while the rows are read), a slug or clinic
 * id already in the database. Every row must carry the archive's clinic id, so an archive cannot
 * write into another clinic.
 *
 * <p>It runs on a login that row-level security does not apply to (a superuser or a
 * {@code BYPASSRLS} role, like the seed's): PostgreSQL refuses {@code COPY FROM} into a table under
 * RLS, no application role may create a registry row outside the platform's provisioning function
 * (which makes a new first administrator), and the registry row and the clinic's rows must commit
 * together. Constraints, foreign keys and checks all stay in force.
 */
public final class ClinicImport {

    public record Result(UUID clinic, String slug, String exportedSlug, int tables, long rows, int files) {
    }

    private final PlatformAudit audit;

    public ClinicImport(PlatformAudit audit) {
        this.audit = audit;
    }

    /**
     * Imports {@code archive} over {@code connection} (the caller's, closed by the caller), into a
     * database whose schema is at {@code schemaVersion}.
     */
    public Result importArchive(Connection connection, String schemaVersion, Path archive, Optional<String> newSlug,
                                PlatformActor actor, SeedProgress progress) throws SQLException {
        try (ArchiveReader reader = ArchiveReader.open(archive)) {
            ArchiveManifest manifest = reader.manifest();
            if (!manifest.schemaVersion().equals(schemaVersion)) {
                throw ArchiveRefused.invalid("The archive was exported from a database at schema version "
                        + manifest.schemaVersion() + "; this one is at " + schemaVersion + ". Import it into a database at "
                        + manifest.schemaVersion() + " (then migrate it), or export the clinic again. Nothing was written.");
            }
            String slug = newSlug.orElse(manifest.clinic().slug());
            if (!ClinicSlug.wellFormed(slug) || ClinicSlug.RESERVED.contains(slug)) {
                throw ArchiveRefused.invalid("\"" + slug + "\" cannot be a clinic's slug: lower-case letters, digits and"
                        + " inner hyphens, at most 63, and not a reserved word. Nothing was written.");
            }
            progress.stage("checking the archive");
            reader.verify();
            UUID clinic = manifest.clinic().id();

            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                DSLContext tx = DSL.using(connection, SQLDialect.POSTGRES, new Settings().withExecuteLogging(false));
                ClinicDump.useTextSettings(tx);
                List<ArchiveTable> tables = ClinicTables.read(tx);
                Map<String, ArchiveManifest.TableEntry> entries = matching(manifest, tables);
                refuseClash(tx, clinic, slug);
                progress.start(manifest.totalRows());
                CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
                Map<String, String> later = new LinkedHashMap<>();
                long rows = 0;
                for (ArchiveTable table : tables) {
                    progress.stage("importing " + table.name());
                    rows += load(connection, copy, reader, table, entries.get(table.name()), clinic, slug, later, progress);
                }
                for (var column : later.entrySet()) {
                    tx.update(ClinicDump.table(ClinicTables.REGISTRY))
                            .set(DSL.field(name(column.getKey()), UUID.class), UUID.fromString(column.getValue()))
                            .where(DSL.field(name("id"), UUID.class).eq(clinic))
                            .execute();
                }
                audit.record(tx, actor, "clinic.imported", AuditLog.Outcome.SUCCESS, clinic,
                        "as " + slug + " (exported as " + manifest.clinic().slug() + " at " + manifest.exportedAt()
                                + ", schema " + manifest.schemaVersion() + "): " + rows + " rows in " + tables.size()
                                + " tables, " + manifest.files().size() + " files");
                connection.commit();
                return new Result(clinic, slug, manifest.clinic().slug(), tables.size(), rows, manifest.files().size());
            } catch (RuntimeException | SQLException | Error e) {
                connection.rollback();
                if (e instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                    throw ArchiveRefused.conflict(clash(sql) + " Nothing was written.");
                }
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    /** The archive's tables must be this database's, column for column. */
    private static Map<String, ArchiveManifest.TableEntry> matching(ArchiveManifest manifest, List<ArchiveTable> tables) {
        Map<String, ArchiveManifest.TableEntry> entries = manifest.tables().stream()
                .collect(Collectors.toMap(ArchiveManifest.TableEntry::name, t -> t, (a, b) -> a, LinkedHashMap::new));
        List<String> differ = new ArrayList<>();
        for (ArchiveTable table : tables) {
            ArchiveManifest.TableEntry entry = entries.get(table.name());
            if (entry == null || !entry.columns().equals(table.lineColumns())
                    || !java.util.Objects.equals(entry.fileColumn(), table.fileColumn())
                    || !entry.file().equals(table.path())) {
                differ.add(table.name());
            }
        }
        entries.keySet().stream().filter(name -> tables.stream().noneMatch(t -> t.name().equals(name))).forEach(differ::add);
        // a table listed twice, or stored files that are no row's, make it no export of ours either
        boolean filesMatch = tables.stream().filter(t -> t.fileColumn() != null).map(t -> entries.get(t.name()))
                .allMatch(e -> e != null && e.rows() == manifest.files().size());
        if (!differ.isEmpty() || manifest.tables().size() != tables.size() || !filesMatch) {
            throw ArchiveRefused.invalid("The archive's tables are not this database's (" + String.join(", ", differ)
                    + "), though its schema version is the same. Nothing was written.");
        }
        return entries;
    }

    private static void refuseClash(DSLContext tx, UUID clinic, String slug) {
        var taken = tx.select(CLINIC.ID, CLINIC.SLUG).from(CLINIC).where(CLINIC.ID.eq(clinic).or(CLINIC.SLUG.eq(slug)))
                .fetch();
        for (var row : taken) {
            if (row.get(CLINIC.ID).equals(clinic)) {
                throw ArchiveRefused.conflict("This database has the clinic " + clinic + " already (as \""
                        + row.get(CLINIC.SLUG) + "\"); a clinic is imported once. Nothing was written.");
            }
            throw ArchiveRefused.conflict("The slug \"" + slug + "\" is another clinic's here; choose a new one with"
                    + " --slug. Nothing was written.");
        }
    }

    /** A unique key of the registry met by a clinic added meanwhile, or by the clinic's code or registration number. */
    private static String clash(SQLException e) {
        String constraint = e instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null
                ? p.getServerErrorMessage().getConstraint() : null;
        return switch (constraint == null ? "" : constraint) {
            case "clinic_code_uk" -> "Another clinic here has the archive's clinic code (its patients' codes carry it).";
            case "clinic_registration_number_uk" -> "Another clinic here has the archive's registration number.";
            case "clinic_slug_uk" -> "The slug is another clinic's here; choose a new one with --slug.";
            case "clinic_pk" -> "This database has the archive's clinic already.";
            default -> "A row of the archive is in this database already (" + constraint + ").";
        };
    }

    private static long load(Connection connection, CopyManager copy, ArchiveReader reader, ArchiveTable table,
                             ArchiveManifest.TableEntry entry, UUID clinic, String slug, Map<String, String> later,
                             SeedProgress progress) throws SQLException {
        // the catalog's names (matching() found the archive's equal to them)
        List<String> columns = new ArrayList<>(table.lineColumns().stream().map(ArchiveTable.Column::name).toList());
        int clinicColumn = columns.indexOf(table.clinicColumn());
        int idColumn = columns.indexOf("id");
        int slugColumn = table.registry() ? columns.indexOf(CLINIC.SLUG.getName()) : -1;
        List<Integer> laterColumns = table.laterColumns().stream().map(columns::indexOf).toList();
        boolean files = table.fileColumn() != null;
        if (files) {
            columns.add(table.fileColumn());
        }
        String clinicText = clinic.toString();
        CopyIn in = copy.copyIn(Sql.copyFromStdin(table.name(), columns));
        CopyTextRows rows = new CopyTextRows(columns.size(), progress::add) {
            @Override
            protected void send(byte[] bytes, int length) {
                try {
                    in.writeToCopy(bytes, 0, length);
                } catch (SQLException e) {
                    throw new CopyFailed(e);
                }
            }

            @Override
            protected void finish() {
                try {
                    in.endCopy();
                } catch (SQLException e) {
                    throw new CopyFailed(e);
                }
            }
        };
        try {
            reader.rows(entry, values -> {
                if (!clinicText.equals(values[clinicColumn])) {
                    throw ArchiveRefused.invalid("The archive's " + table.name() + " has a row of another clinic than "
                            + clinicText + "; it was not exported by Santkrupa. Nothing was written.");
                }
                Object[] row = java.util.Arrays.copyOf(values, columns.size(), Object[].class);
                if (slugColumn >= 0) {
                    row[slugColumn] = slug;
                }
                for (int i : laterColumns) {
                    if (values[i] != null) {
                        later.put(columns.get(i), values[i]);
                    }
                    row[i] = null;
                }
                if (files) {
                    row[columns.size() - 1] = "\\x" + HexFormat.of().formatHex(reader.file(UUID.fromString(values[idColumn])));
                }
                rows.row(row);
            });
            rows.close();
        } catch (CopyFailed e) {
            throw e.getCause();
        } finally {
            if (in.isActive()) {
                try {
                    in.cancelCopy();
                } catch (SQLException ignored) {
                    // the failure that stopped the COPY is the one to report
                }
            }
        }
        // the foreign-key checks of the next tables are planned with statistics (see the seed's CopyLoad)
        try (Statement analyze = connection.createStatement()) {
            analyze.execute(Sql.analyze(table.name()));
        }
        return rows.count();
    }

    /** A SQLException out of the row callback. */
    private static final class CopyFailed extends RuntimeException {
        CopyFailed(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }
}
