package io.santkrupa.testing;

import io.santkrupa.db.ClinicId;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a clinic has in the database, as one row count and one md5 per table: how a test
 * proves that a refused request wrote nothing (compare a snapshot before and after) and that an
 * accepted one wrote something. Read as the app role through {@link TestDatabase#tenants()}, so
 * it is the clinic's own view; every table with a {@code clinic_id} column found in the catalog
 * is covered (a new table without editing this class), plus the clinic's registry row.
 *
 * <p>Sessions are compared by their ids and users only: merely presenting a session may slide
 * its idle expiry, which is not a write of the request's.
 */
public record ClinicSnapshot(Map<String, String> tables) {

    private static volatile String query;

    public static ClinicSnapshot of(TestDatabase db, ClinicId clinic) {
        return db.tenants().inClinic(clinic, tx -> {
            String sql = query(tx);
            int binds = (int) sql.chars().filter(ch -> ch == '?').count();
            Object[] values = new Object[binds];
            java.util.Arrays.fill(values, clinic.value());
            Map<String, String> tables = new LinkedHashMap<>();
            tx.resultQuery(sql, values).fetch()
                    .forEach(r -> tables.put(r.get(0, String.class), r.get(1, String.class) + " rows, md5 " + r.get(2, String.class)));
            return new ClinicSnapshot(Map.copyOf(tables));
        });
    }

    /** The tables whose rows differ from {@code before}'s, by name: empty when nothing was written. */
    public List<String> changedSince(ClinicSnapshot before) {
        List<String> changed = new ArrayList<>();
        tables.forEach((table, digest) -> {
            if (!digest.equals(before.tables.get(table))) {
                changed.add(table);
            }
        });
        changed.sort(null);
        return changed;
    }

    /** One statement over every tenant table of the catalog (and the registry row): a count and an md5 each. */
    private static String query(DSLContext tx) {
        String built = query;
        if (built != null) {
            return built;
        }
        List<String> names = tx.resultQuery("""
                        SELECT c.relname::text
                          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = 'santkrupa' AND c.relkind IN ('r', 'p')
                           AND EXISTS (SELECT FROM pg_attribute a
                                        WHERE a.attrelid = c.oid AND a.attname = 'clinic_id' AND NOT a.attisdropped)
                         ORDER BY 1""")
                .fetch(0, String.class);
        if (names.size() < 20) {
            throw new IllegalStateException("the catalog lists only " + names + " as tenant tables");
        }
        List<String> selects = new ArrayList<>();
        selects.add(select(tx, "clinic", "x::text", "x.id = ?"));
        for (String name : names) {
            selects.add(select(tx, name, name.equals("web_session") ? "(x.id, x.user_id)::text" : "x::text",
                    "x.clinic_id = ?"));
        }
        built = String.join("\nUNION ALL\n", selects);
        query = built;
        return built;
    }

    private static String select(DSLContext tx, String table, String row, String where) {
        return "SELECT " + tx.render(DSL.inline(table)) + ", count(*)::text, coalesce(md5(string_agg(" + row
                + ", E'\\n' ORDER BY " + row + ")), '') FROM " + tx.render(DSL.name("santkrupa", table)) + " x WHERE "
                + where;
    }
}
