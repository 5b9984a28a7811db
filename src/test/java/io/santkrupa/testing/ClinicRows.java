package io.santkrupa.testing;

import io.santkrupa.db.ClinicId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows counted past RLS (as the test server's superuser), per clinic and table, over every table
 * the catalog names with a {@code clinic_id} column and the registry: how a test proves a clinic
 * left no row anywhere and every other clinic kept every row. A new table is counted without a
 * change here.
 */
public final class ClinicRows {

    private ClinicRows() {
    }

    /** The clinic's tables, from the catalog: every table of santkrupa with a clinic_id column. */
    public static List<String> tenantTables(TestDatabase db) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection c = db.connectAsSuperuser(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'santkrupa' AND c.relkind = 'r'
                   AND EXISTS (SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'clinic_id'
                                                           AND NOT a.attisdropped)
                 ORDER BY 1""")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        assertThat(tables).hasSizeGreaterThan(20);
        return tables;
    }

    /** The clinic's rows in the registry and every tenant table. */
    public static Map<String, Long> of(TestDatabase db, ClinicId clinic) throws SQLException {
        Map<String, Long> rows = new TreeMap<>();
        rows.put("clinic", scalar(db, "SELECT count(*) FROM santkrupa.clinic WHERE id = ?", clinic.value()));
        for (String table : tenantTables(db)) {
            rows.put(table, scalar(db, "SELECT count(*) FROM santkrupa." + table + " WHERE clinic_id = ?", clinic.value()));
        }
        return rows;
    }

    /** Every clinic's rows in every table. */
    public static Map<ClinicId, Map<String, Long>> ofEveryClinic(TestDatabase db) throws SQLException {
        Map<ClinicId, Map<String, Long>> rows = new TreeMap<>(java.util.Comparator.comparing(ClinicId::value));
        try (Connection c = db.connectAsSuperuser(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id FROM santkrupa.clinic")) {
                while (rs.next()) {
                    rows.computeIfAbsent(ClinicId.of(rs.getObject(1, UUID.class)), k -> new TreeMap<>()).put("clinic", 1L);
                }
            }
            for (String table : tenantTables(db)) {
                try (ResultSet rs = s.executeQuery("SELECT clinic_id, count(*) FROM santkrupa." + table + " GROUP BY 1")) {
                    while (rs.next()) {
                        rows.computeIfAbsent(ClinicId.of(rs.getObject(1, UUID.class)), k -> new TreeMap<>())
                                .put(table, rs.getLong(2));
                    }
                }
            }
        }
        return rows;
    }

    /** Every table's rows, of every clinic. */
    public static Map<String, Long> total(TestDatabase db) throws SQLException {
        Map<String, Long> rows = new TreeMap<>();
        rows.put("clinic", scalar(db, "SELECT count(*) FROM santkrupa.clinic"));
        for (String table : tenantTables(db)) {
            rows.put(table, scalar(db, "SELECT count(*) FROM santkrupa." + table));
        }
        return rows;
    }

    public static long scalar(TestDatabase db, String sql, Object... params) throws SQLException {
        try (Connection c = db.connectAsSuperuser(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }
}
