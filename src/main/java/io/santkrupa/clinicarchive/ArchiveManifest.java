package io.santkrupa.clinicarchive;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * {@code manifest.json}: what the archive is and how to check it. Every table file and every
 * stored file has its SHA-256 here, computed while it was written; the import checks each one
 * before it writes a row.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ArchiveManifest(String format, int formatVersion, String schemaVersion, OffsetDateTime exportedAt,
                       ClinicEntry clinic, String valueFormat, List<TableEntry> tables, List<FileEntry> files) {

    static final String FORMAT = "santkrupa-clinic-archive";
    static final int FORMAT_VERSION = 1;
    static final String PATH = "manifest.json";
    /** How every value of the table files is written; the import reads them back through the same types. */
    static final String VALUE_FORMAT = "PostgreSQL's text form of each value (TimeZone UTC, DateStyle ISO, "
            + "IntervalStyle postgres, bytea_output hex), or null";

    record ClinicEntry(UUID id, String slug, String code, String name) {
    }

    /** A table file: {@code file} has {@code rows} JSON lines, one object per row, keyed by column. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TableEntry(String name, String file, List<ArchiveTable.Column> columns, String fileColumn, long rows,
                      String sha256) {
    }

    /** A stored file's bytes: {@code files/<id>}, the id of its row in the file table. */
    record FileEntry(String file, UUID id, long bytes, String sha256) {
    }

    long totalRows() {
        return tables.stream().mapToLong(TableEntry::rows).sum();
    }
}
