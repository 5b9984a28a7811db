package io.santkrupa.adversarial;

import io.santkrupa.db.ClinicId;
import io.santkrupa.testing.TestDatabase;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record3;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the fuzz's requests did to a clinic's tables, read as the app role in the clinic's own
 * context (RLS) with every table taken from the catalog, so a new table is watched too. Before a
 * request, {@link #mark} notes the next transaction id, each table's row count and the records
 * left incomplete (stored files nothing refers to, prescriptions without an item); after it, {@link #since} tells per table how many rows there are now and
 * how many were inserted or updated by later transactions (their {@code xmin}), which audit
 * events were written, and whether more records are incomplete. {@link #scan} checks the clinic as
 * a whole for text with characters the input rule refuses. Every statement is built with jOOQ from
 * catalog names and bind values.
 */
final class TenantLedger {

    private static final long XID_SPACE = 1L << 32;
    /** What the input rule refuses, as PostgreSQL's regular expressions write it (NUL and surrogates cannot be stored at all). */
    static final String REFUSED_CHARACTERS = "[\\x01-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F\\u202A-\\u202E\\u2066-\\u2069]";
    /** The same inside jsonb's text, which writes control characters as \\u00XX escapes. */
    private static final String REFUSED_IN_JSON = REFUSED_CHARACTERS + "|\\\\u00(0[0-8bBcCeEfF]|1[0-9a-fA-F])";

    private final TestDatabase db;
    private final List<String> tables;
    /** table -> its text, varchar and jsonb columns */
    private final Map<String, List<Column>> textColumns;
    /** table -> its uuid columns */
    private final Map<String, List<String>> uuidColumns;
    /** (table, column) pairs that refer to a stored file */
    private final List<Column> fileReferences;

    record Column(String table, String name, boolean json) {
    }

    /** The state before a request: the next transaction id (mod 2^32, as xmin is) and each table's rows. */
    record Mark(ClinicId clinic, long xid, Map<String, Long> rows, Map<String, Integer> loose) {
    }

    /** A table's rows after a request: how many there are and how many later transactions wrote. */
    record Change(String table, long before, long after, long written) {

        boolean counted() {
            return before != after;
        }
    }

    /** An audit event written after the mark. */
    record AuditRow(String action, String outcome) {
    }

    /** @param loosened records left incomplete by the request: what, and how many more than before */
    record Effect(List<Change> changes, List<AuditRow> audit, List<String> loosened) {
    }

    TenantLedger(TestDatabase db, ClinicId anyClinic) {
        this.db = db;
        Catalog catalog = db.tenants().inClinic(anyClinic, TenantLedger::catalog);
        this.tables = catalog.tables;
        this.textColumns = catalog.textColumns;
        this.uuidColumns = catalog.uuidColumns;
        this.fileReferences = catalog.fileReferences;
        if (tables.size() < 20) {
            throw new IllegalStateException("the catalog lists only " + tables + " as tenant tables");
        }
    }

    List<String> tables() {
        return tables;
    }

    int textColumnCount() {
        return textColumns.values().stream().mapToInt(List::size).sum();
    }

    Mark mark(ClinicId clinic) {
        return db.tenants().inClinic(clinic, tx -> {
            long xid = tx.fetchValue(DSL.field("txid_current()", SQLDataType.BIGINT)) % XID_SPACE;
            Map<String, Long> rows = new LinkedHashMap<>();
            for (Record3<String, Long, Long> r : tx.fetch(counts(clinic, xid))) {
                rows.put(r.value1(), r.value2());
            }
            return new Mark(clinic, xid, rows, loose(tx, clinic));
        });
    }

    Effect since(Mark mark) {
        return db.tenants().inClinic(mark.clinic(), tx -> {
            List<Change> changes = new ArrayList<>();
            for (Record3<String, Long, Long> r : tx.fetch(counts(mark.clinic(), mark.xid()))) {
                long before = mark.rows().getOrDefault(r.value1(), 0L);
                if (before != r.value2() || r.value3() > 0) {
                    changes.add(new Change(r.value1(), before, r.value2(), r.value3()));
                }
            }
            Table<?> audit = DSL.table(DSL.name("santkrupa", "audit_event"));
            List<AuditRow> events = tx.select(DSL.field(DSL.name("action"), String.class), DSL.field(DSL.name("outcome"), String.class))
                    .from(audit)
                    .where(clinicIs(mark.clinic()), writtenAfter(mark.xid()))
                    .fetch(r -> new AuditRow(r.value1(), r.value2()));
            List<String> loosened = new ArrayList<>();
            loose(tx, mark.clinic()).forEach((what, n) -> {
                int before = mark.loose().getOrDefault(what, 0);
                if (n > before) {
                    loosened.add((n - before) + " more " + what);
                }
            });
            return new Effect(changes, events, loosened);
        });
    }

    /** Everything wrong with the clinic as a whole; each entry names the table and what was found. */
    List<String> scan(ClinicId clinic) {
        return db.tenants().inClinic(clinic, tx -> {
            List<String> problems = new ArrayList<>();
            textColumns.forEach((table, columns) -> {
                Table<?> t = DSL.table(DSL.name("santkrupa", table));
                List<Condition> bad = new ArrayList<>();
                for (Column column : columns) {
                    Field<String> text = DSL.field(DSL.name(column.name())).cast(SQLDataType.CLOB);
                    bad.add(text.likeRegex(column.json() ? REFUSED_IN_JSON : REFUSED_CHARACTERS));
                }
                Condition where = table.equals("clinic") ? idIs(clinic) : clinicIs(clinic);
                int rows = tx.fetchCount(DSL.selectOne().from(t).where(where, DSL.or(bad)));
                if (rows > 0) {
                    problems.add(table + ": " + rows + " row(s) with control or text-direction characters in "
                            + columns.stream().map(Column::name).toList());
                }
            });
            return problems;
        });
    }

    /**
     * How many stored files nothing refers to and prescriptions without an item (a lab test without
     * parameters is allowed: the API documents one).
     */
    private Map<String, Integer> loose(DSLContext tx, ClinicId clinic) {
        Map<String, Integer> loose = new LinkedHashMap<>();
        Table<?> files = DSL.table(DSL.name("santkrupa", "stored_file")).as("f");
        Field<UUID> fileId = DSL.field(DSL.name("f", "id"), UUID.class);
        List<Condition> unreferenced = new ArrayList<>();
        for (Column reference : fileReferences) {
            Table<?> r = DSL.table(DSL.name("santkrupa", reference.table())).as("r");
            Condition sameClinic = reference.table().equals("clinic")
                    ? DSL.field(DSL.name("r", "id"), UUID.class).eq(clinic.value())
                    : DSL.field(DSL.name("r", "clinic_id"), UUID.class).eq(clinic.value());
            unreferenced.add(DSL.notExists(DSL.selectOne().from(r)
                    .where(sameClinic, DSL.field(DSL.name("r", reference.name()), UUID.class).eq(fileId))));
        }
        loose.put("stored files that no record refers to", tx.fetchCount(DSL.selectOne().from(files)
                .where(DSL.field(DSL.name("f", "clinic_id"), UUID.class).eq(clinic.value()), DSL.and(unreferenced))));
        loose.put("prescriptions without an item", childless(tx, clinic, "prescription", "prescription_item", "prescription_id"));
        return loose;
    }

    private static int childless(DSLContext tx, ClinicId clinic, String parent, String child, String key) {
        Table<?> p = DSL.table(DSL.name("santkrupa", parent)).as("p");
        Table<?> c = DSL.table(DSL.name("santkrupa", child)).as("c");
        int rows = tx.fetchCount(DSL.selectOne().from(p)
                .where(DSL.field(DSL.name("p", "clinic_id"), UUID.class).eq(clinic.value()))
                .andNotExists(DSL.selectOne().from(c).where(
                        DSL.field(DSL.name("c", "clinic_id"), UUID.class).eq(clinic.value()),
                        DSL.field(DSL.name("c", key), UUID.class).eq(DSL.field(DSL.name("p", "id"), UUID.class)))));
        return rows;
    }

    /** One statement: each tenant table's rows in the clinic and those written by transactions after {@code xid}. */
    private Select<Record3<String, Long, Long>> counts(ClinicId clinic, long xid) {
        Select<Record3<String, Long, Long>> union = null;
        for (String table : tables) {
            Condition where = table.equals("clinic") ? idIs(clinic) : clinicIs(clinic);
            Select<Record3<String, Long, Long>> one = DSL.select(DSL.inline(table), DSL.count().cast(SQLDataType.BIGINT),
                            DSL.count().filterWhere(writtenAfter(xid)).cast(SQLDataType.BIGINT))
                    .from(DSL.table(DSL.name("santkrupa", table)))
                    .where(where);
            union = union == null ? one : union.unionAll(one);
        }
        return union;
    }

    private static Condition writtenAfter(long xid) {
        return DSL.field(DSL.name("xmin")).cast(SQLDataType.VARCHAR).cast(SQLDataType.BIGINT).gt(xid);
    }

    private static Condition clinicIs(ClinicId clinic) {
        return DSL.field(DSL.name("clinic_id"), UUID.class).eq(clinic.value());
    }

    private static Condition idIs(ClinicId clinic) {
        return DSL.field(DSL.name("id"), UUID.class).eq(clinic.value());
    }

    /**
     * The ids of the clinic's rows with {@code fragment} in a text column, and of the rows they refer
     * to, by table: a row's own id under its table, {@code patient_id} under patient, and so on
     * (the table a column names as the route walkers name path parameters).
     */
    Map<String, java.util.Set<UUID>> idsOfRowsContaining(ClinicId clinic, String fragment) {
        return db.tenants().inClinic(clinic, tx -> {
            Map<String, java.util.Set<UUID>> ids = new LinkedHashMap<>();
            textColumns.forEach((table, columns) -> {
                List<String> uuids = uuidColumns.getOrDefault(table, List.of());
                if (uuids.isEmpty()) {
                    return;
                }
                List<Condition> has = new ArrayList<>();
                for (Column column : columns) {
                    has.add(DSL.field(DSL.name(column.name())).cast(SQLDataType.CLOB).contains(fragment));
                }
                Condition where = table.equals("clinic") ? idIs(clinic) : clinicIs(clinic);
                List<Field<UUID>> fields = uuids.stream().map(c -> DSL.field(DSL.name(c), UUID.class)).toList();
                for (Record r : tx.select(fields).from(DSL.table(DSL.name("santkrupa", table))).where(where, DSL.or(has)).fetch()) {
                    for (Field<UUID> f : fields) {
                        if (r.get(f) != null) {
                            String of = f.getName().equals("id") ? table
                                    : io.santkrupa.web.Routes.tableOf(camel(f.getName()));
                            ids.computeIfAbsent(of, k -> new java.util.LinkedHashSet<>()).add(r.get(f));
                        }
                    }
                }
            });
            return ids;
        });
    }

    private static String camel(String column) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : column.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private record Catalog(List<String> tables, Map<String, List<Column>> textColumns, Map<String, List<String>> uuidColumns,
                           List<Column> fileReferences) {
    }

    /** The clinic registry row and every table of the schema with a clinic_id; their text columns; what refers to stored_file. */
    private static Catalog catalog(DSLContext tx) {
        Table<?> cls = DSL.table(DSL.name("pg_catalog", "pg_class")).as("c");
        Table<?> ns = DSL.table(DSL.name("pg_catalog", "pg_namespace")).as("n");
        Table<?> att = DSL.table(DSL.name("pg_catalog", "pg_attribute")).as("a");
        Field<String> relname = DSL.field(DSL.name("c", "relname")).cast(SQLDataType.VARCHAR);
        Field<String> attname = DSL.field(DSL.name("a", "attname")).cast(SQLDataType.VARCHAR);
        Field<String> type = DSL.field("format_type({0}, {1})", SQLDataType.VARCHAR,
                DSL.field(DSL.name("a", "atttypid")), DSL.field(DSL.name("a", "atttypmod")));
        Condition inSchema = DSL.field(DSL.name("n", "nspname")).cast(SQLDataType.VARCHAR).eq("santkrupa")
                .and(DSL.field(DSL.name("n", "oid")).eq(DSL.field(DSL.name("c", "relnamespace"))))
                .and(DSL.field(DSL.name("c", "relkind")).cast(SQLDataType.VARCHAR).in("r", "p"));
        Condition column = DSL.field(DSL.name("a", "attrelid")).eq(DSL.field(DSL.name("c", "oid")))
                .and(DSL.field(DSL.name("a", "attnum")).cast(SQLDataType.INTEGER).gt(0))
                .and(DSL.field(DSL.name("a", "attisdropped"), Boolean.class).isFalse());
        List<String> tenant = tx.selectDistinct(relname).from(cls, ns, att)
                .where(inSchema, column, attname.eq("clinic_id")).orderBy(relname).fetch(relname);
        List<String> tables = new ArrayList<>();
        tables.add("clinic");
        tables.addAll(tenant);
        Map<String, List<Column>> text = new LinkedHashMap<>();
        Map<String, List<String>> uuids = new LinkedHashMap<>();
        for (Record r : tx.select(relname, attname, type).from(cls, ns, att).where(inSchema, column, relname.in(tables))
                .orderBy(relname, attname).fetch()) {
            String t = r.get(type);
            if (t.equals("uuid") && !r.get(attname).equals("clinic_id")) {
                uuids.computeIfAbsent(r.get(relname), k -> new ArrayList<>()).add(r.get(attname));
            }
            boolean json = t.equals("jsonb") || t.equals("json");
            if (json || t.equals("text") || t.startsWith("character")) {
                text.computeIfAbsent(r.get(relname), k -> new ArrayList<>()).add(new Column(r.get(relname), r.get(attname), json));
            }
        }
        // each foreign key onto stored_file: the referring table and its column other than clinic_id
        Table<?> con = DSL.table(DSL.name("pg_catalog", "pg_constraint")).as("k");
        Field<String> referring = DSL.field("{0}::regclass::text", SQLDataType.VARCHAR, DSL.field(DSL.name("k", "conrelid")));
        Field<String> columnName = DSL.field("(SELECT string_agg(attname, ',') FROM pg_catalog.pg_attribute x"
                + " WHERE x.attrelid = {0} AND x.attnum = ANY ({1}) AND x.attname <> 'clinic_id')", SQLDataType.VARCHAR,
                DSL.field(DSL.name("k", "conrelid")), DSL.field(DSL.name("k", "conkey")));
        List<Column> references = tx.select(referring, columnName).from(con)
                .where(DSL.field(DSL.name("k", "contype")).cast(SQLDataType.VARCHAR).eq("f"),
                        DSL.field("{0}::regclass::text", SQLDataType.VARCHAR, DSL.field(DSL.name("k", "confrelid")))
                                .in("santkrupa.stored_file", "stored_file"))
                .fetch(r -> new Column(r.value1().replaceFirst("^santkrupa\\.", ""), java.util.Arrays.stream(r.value2().split(","))
                        .filter(c -> !c.equals("id")).findFirst().orElseThrow(), false));
        if (references.isEmpty()) {
            throw new IllegalStateException("no foreign key refers to stored_file");
        }
        return new Catalog(List.copyOf(tables), text, uuids, references);
    }

    /** Audit actions that record a read (and may follow a refused write whose answer shows a record). */
    static boolean isRead(String action) {
        return action.endsWith(".read") || action.endsWith("download") || action.equals("access.denied");
    }
}
