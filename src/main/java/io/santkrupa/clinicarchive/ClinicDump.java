package io.santkrupa.clinicarchive;

import com.fasterxml.jackson.core.JsonGenerator;
import io.santkrupa.web.Json;
import org.jooq.Condition;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.LongConsumer;

import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;

/**
 * A clinic's rows as the archive holds them, streamed table by table through a cursor (a
 * thousand rows at a time, one row at a time for the file table, whose rows carry up to 10 MB):
 * memory stays the same for a clinic of 100 patients or of 100,000. The export writes them into
 * the archive; offboarding writes them nowhere, only to compare their checksums with an export's.
 */
final class ClinicDump {

    /** Where the entries go, one after the other. */
    interface Sink {
        /** The entry's stream; the dump does not close it. */
        OutputStream begin(String path) throws IOException;

        void end() throws IOException;
    }

    /** Entries that are only counted and hashed. */
    static final Sink NOWHERE = new Sink() {
        @Override
        public OutputStream begin(String path) {
            return OutputStream.nullOutputStream();
        }

        @Override
        public void end() {
        }
    };

    record Result(ArchiveManifest.ClinicEntry clinic, List<ArchiveManifest.TableEntry> tables,
                  List<ArchiveManifest.FileEntry> files) {
    }

    private static final int FETCH_ROWS = 1_000;

    private ClinicDump() {
    }

    /**
     * Values as text that reads back into the same values whatever the reader's settings: times in
     * UTC with their offset, ISO dates, bytea in hex, floats in their shortest exact form. For the
     * transaction only.
     */
    static void useTextSettings(DSLContext tx) {
        tx.batch(tx.setLocal(name("TimeZone"), inline("UTC")),
                tx.setLocal(name("DateStyle"), inline("ISO, YMD")),
                tx.setLocal(name("IntervalStyle"), inline("postgres")),
                tx.setLocal(name("bytea_output"), inline("hex")),
                tx.setLocal(name("extra_float_digits"), inline(1))).execute();
    }

    static Table<Record> table(String name) {
        return DSL.table(name(ClinicTables.SCHEMA, name));
    }

    static Condition ofClinic(ArchiveTable table, UUID clinic) {
        return DSL.field(name(table.clinicColumn()), UUID.class).eq(clinic);
    }

    static long count(DSLContext tx, ArchiveTable table, UUID clinic) {
        return tx.fetchCount(table(table.name()), ofClinic(table, clinic));
    }

    static Result write(DSLContext tx, UUID clinic, List<ArchiveTable> tables, Sink sink, LongConsumer progress)
            throws IOException {
        List<ArchiveManifest.TableEntry> entries = new ArrayList<>();
        List<ArchiveManifest.FileEntry> files = new ArrayList<>();
        ArchiveManifest.ClinicEntry registry = null;
        for (ArchiveTable table : tables) {
            List<ArchiveTable.Column> columns = table.lineColumns();
            List<Field<?>> fields = columns.stream()
                    .<Field<?>>map(c -> DSL.field(name(c.name())).cast(SQLDataType.CLOB)).toList();
            MessageDigest digest = sha256();
            long rows = 0;
            String[] first = null;
            OutputStream out = new DigestOutputStream(unclosable(sink.begin(table.path())), digest);
            try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out);
                 Cursor<Record> cursor = tx.select(fields).from(table(table.name())).where(ofClinic(table, clinic))
                         .orderBy(DSL.field(name("id"))).fetchSize(FETCH_ROWS).fetchLazy()) {
                json.setRootValueSeparator(null);
                for (Record row : cursor) {
                    String[] values = new String[columns.size()];
                    json.writeStartObject();
                    for (int i = 0; i < values.length; i++) {
                        values[i] = row.get(i, String.class);
                        json.writeStringField(columns.get(i).name(), values[i]);
                    }
                    json.writeEndObject();
                    json.writeRaw('\n');
                    if (first == null) {
                        first = values;
                    }
                    rows++;
                    progress.accept(1);
                }
            }
            sink.end();
            if (table.registry()) {
                if (rows != 1) {
                    throw new IllegalStateException("the clinic's registry row is not readable");
                }
                registry = new ArchiveManifest.ClinicEntry(clinic, value(columns, first, "slug"),
                        value(columns, first, "code"), value(columns, first, "name"));
            }
            entries.add(new ArchiveManifest.TableEntry(table.name(), table.path(), columns, table.fileColumn(), rows,
                    HexFormat.of().formatHex(digest.digest())));
            if (table.fileColumn() != null) {
                files.addAll(writeFiles(tx, clinic, table, sink));
            }
        }
        return new Result(registry, entries, files);
    }

    /** The file table's bytes, one entry per row ({@code files/<id>}), after its rows' entry: zip entries do not interleave. */
    private static List<ArchiveManifest.FileEntry> writeFiles(DSLContext tx, UUID clinic, ArchiveTable table, Sink sink)
            throws IOException {
        List<ArchiveManifest.FileEntry> files = new ArrayList<>();
        Field<UUID> id = DSL.field(name("id"), UUID.class);
        Field<byte[]> content = DSL.field(name(table.fileColumn()), byte[].class);
        try (Cursor<org.jooq.Record2<UUID, byte[]>> cursor = tx.select(id, content).from(table(table.name())).where(ofClinic(table, clinic))
                .orderBy(id).fetchSize(1).fetchLazy()) {
            for (var row : cursor) {
                UUID fileId = row.get(id);
                byte[] bytes = row.get(content);
                String path = filePath(fileId);
                sink.begin(path).write(bytes);
                sink.end();
                files.add(new ArchiveManifest.FileEntry(path, fileId, bytes.length,
                        HexFormat.of().formatHex(sha256().digest(bytes))));
            }
        }
        return files;
    }

    static String filePath(UUID id) {
        return "files/" + id;
    }

    private static String value(List<ArchiveTable.Column> columns, String[] values, String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return values[i];
            }
        }
        return null;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OutputStream unclosable(OutputStream out) {
        return new FilterOutputStream(out) {
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
}
