package io.santkrupa.clinicarchive;

import org.jooq.DSLContext;
import org.jooq.Record;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;
import static io.santkrupa.db.jooq.santkrupa.Tables.STORED_FILE;

/**
 * A clinic's tables, found in the live catalog rather than listed by hand, so a table added later
 * is exported, imported and offboarded without a change here: the clinic registry, then every
 * table of the application schema with a {@code clinic_id} column, each after the tables its
 * foreign keys point at (the order rows can be inserted in; deleted in reverse).
 */
final class ClinicTables {

    static final String SCHEMA = CLINIC.getSchema().getName();
    static final String REGISTRY = CLINIC.getName();

    private static final String COLUMNS = """
            SELECT c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod)
              FROM pg_catalog.pg_class c
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_catalog.pg_attribute a
                ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
             WHERE n.nspname = ? AND c.relkind IN ('r', 'p')
               AND (c.relname = ? OR EXISTS (SELECT FROM pg_catalog.pg_attribute k
                                              WHERE k.attrelid = c.oid AND k.attname = 'clinic_id'
                                                AND NOT k.attisdropped))
             ORDER BY c.relname, a.attnum""";

    private static final String FOREIGN_KEYS = """
            SELECT c.relname, r.relname,
                   ARRAY(SELECT a.attname::text
                           FROM pg_catalog.unnest(f.conkey) WITH ORDINALITY AS k (attnum, position)
                           JOIN pg_catalog.pg_attribute a ON a.attrelid = f.conrelid AND a.attnum = k.attnum
                          ORDER BY k.position)
              FROM pg_catalog.pg_constraint f
              JOIN pg_catalog.pg_class c ON c.oid = f.conrelid
              JOIN pg_catalog.pg_class r ON r.oid = f.confrelid
              JOIN pg_catalog.pg_namespace n ON n.oid = f.connamespace
             WHERE f.contype = 'f' AND n.nspname = ?""";

    private ClinicTables() {
    }

    /** The registry first, then the tenant tables in dependency order. */
    static List<ArchiveTable> read(DSLContext tx) {
        Map<String, List<ArchiveTable.Column>> columns = new TreeMap<>();
        for (Record row : tx.resultQuery(COLUMNS, SCHEMA, REGISTRY).fetch()) {
            columns.computeIfAbsent(row.get(0, String.class), t -> new ArrayList<>())
                    .add(new ArchiveTable.Column(row.get(1, String.class), row.get(2, String.class)));
        }
        if (!columns.containsKey(REGISTRY)) {
            throw new IllegalStateException("the catalog has no table " + SCHEMA + "." + REGISTRY);
        }
        // table -> the tables it references (other than itself), and the registry's references to tenant rows
        Map<String, Set<String>> references = new TreeMap<>();
        columns.keySet().forEach(t -> references.put(t, new TreeSet<>()));
        List<String> later = new ArrayList<>();
        for (Record row : tx.resultQuery(FOREIGN_KEYS, SCHEMA).fetch()) {
            String from = row.get(0, String.class);
            String to = row.get(1, String.class);
            if (!columns.containsKey(from) || !columns.containsKey(to) || from.equals(to)) {
                continue;
            }
            if (from.equals(REGISTRY)) {
                for (String column : row.get(2, String[].class)) {
                    if (!column.equals("id")) {
                        later.add(column);
                    }
                }
            } else {
                references.get(from).add(to);
            }
        }
        List<String> order = dependencyOrder(references);
        List<ArchiveTable> tables = new ArrayList<>();
        for (String name : order) {
            boolean registry = name.equals(REGISTRY);
            List<ArchiveTable.Column> cols = List.copyOf(columns.get(name));
            if (cols.stream().noneMatch(c -> c.name().equals("id"))) {
                throw new IllegalStateException(SCHEMA + "." + name + " has no id column to order its rows by");
            }
            String fileColumn = name.equals(STORED_FILE.getName()) ? STORED_FILE.CONTENT.getName() : null;
            tables.add(new ArchiveTable(name, registry, cols, fileColumn, registry ? List.copyOf(later) : List.of()));
        }
        return tables;
    }

    /** Kahn's order, the registry first and ties by name, so every export lists the tables alike. */
    static List<String> dependencyOrder(Map<String, Set<String>> references) {
        Map<String, Set<String>> waiting = new LinkedHashMap<>();
        references.forEach((t, refs) -> waiting.put(t, new TreeSet<>(refs)));
        List<String> order = new ArrayList<>();
        if (waiting.containsKey(REGISTRY)) {
            order.add(REGISTRY);
            waiting.remove(REGISTRY);
            waiting.values().forEach(refs -> refs.remove(REGISTRY));
        }
        while (!waiting.isEmpty()) {
            String next = waiting.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey)
                    .findFirst().orElseThrow(() -> new IllegalStateException(
                            "the foreign keys of these tables form a cycle: " + waiting.keySet()));
            order.add(next);
            waiting.remove(next);
            waiting.values().forEach(refs -> refs.remove(next));
        }
        return order;
    }
}
