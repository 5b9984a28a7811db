package io.santkrupa.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** A foreign key between two tables of the application schema, read from the catalog. */
record ForeignKey(String name, String table, List<String> columns, String referencedTable,
                  List<String> referencedColumns) {

    /** Every foreign key between tenant tables (the ones to the clinic registry excepted). */
    static List<ForeignKey> betweenTenantTables(Connection connection) throws SQLException {
        return Catalog.query(connection, """
                        SELECT con.conname, t.relname, r.relname,
                               ARRAY(SELECT a.attname::text
                                       FROM unnest(con.conkey) WITH ORDINALITY AS k (attnum, ord)
                                       JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                                      ORDER BY k.ord),
                               ARRAY(SELECT a.attname::text
                                       FROM unnest(con.confkey) WITH ORDINALITY AS k (attnum, ord)
                                       JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                                      ORDER BY k.ord)
                          FROM pg_constraint con
                          JOIN pg_class t ON t.oid = con.conrelid
                          JOIN pg_namespace n ON n.oid = t.relnamespace
                          JOIN pg_class r ON r.oid = con.confrelid
                         WHERE con.contype = 'f' AND n.nspname = ? AND r.relname <> 'clinic'
                         ORDER BY con.conname
                        """,
                rs -> new ForeignKey(rs.getString(1), rs.getString(2), Catalog.strings(rs.getArray(4)),
                        rs.getString(3), Catalog.strings(rs.getArray(5))),
                DatabaseRoles.APP_SCHEMA);
    }
}
