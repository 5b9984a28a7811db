package io.santkrupa.db;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The live row-level security posture of every table in the application's schemas, read from
 * the catalog of the connected server: for a security reviewer, not from the migration files.
 */
public final class RlsReport {

    public record Policy(String name, String command, boolean permissive, List<String> roles,
                         String using, String withCheck) {
    }

    public record TablePosture(String schema, String table, boolean rlsEnabled, boolean rlsForced,
                               List<Policy> policies) {
    }

    /** A view: whether it reads with its caller's rights, and which of the application's roles may select it. */
    public record ViewPosture(String schema, String view, boolean securityInvoker, List<String> readers) {
    }

    static final String[] SCHEMAS = {DatabaseRoles.APP_SCHEMA, DatabaseRoles.PLATFORM_SCHEMA};
    /** Where views may be: the application's schemas and the DBAs' report views. */
    static final String[] VIEW_SCHEMAS = {DatabaseRoles.APP_SCHEMA, DatabaseRoles.PLATFORM_SCHEMA,
            DatabaseRoles.REPORTING_SCHEMA};

    private RlsReport() {
    }

    public static List<TablePosture> read(Connection connection) throws SQLException {
        Map<String, List<Policy>> policies = Catalog.query(connection, """
                        SELECT schemaname, tablename, policyname, cmd, permissive = 'PERMISSIVE' AS permissive,
                               roles, qual, with_check
                          FROM pg_catalog.pg_policies
                         WHERE schemaname = ANY (?)
                         ORDER BY schemaname, tablename, policyname
                        """,
                rs -> Map.entry(rs.getString(1) + "." + rs.getString(2), new Policy(
                        rs.getString(3), rs.getString(4), rs.getBoolean(5), Catalog.strings(rs.getArray(6)),
                        rs.getString(7), rs.getString(8))),
                (Object) SCHEMAS)
                .stream()
                .collect(Collectors.groupingBy(Map.Entry::getKey,
                        Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        return Catalog.query(connection, """
                        SELECT n.nspname, c.relname, c.relrowsecurity, c.relforcerowsecurity
                          FROM pg_catalog.pg_class c
                          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = ANY (?)
                           AND c.relkind IN ('r', 'p')
                         ORDER BY n.nspname, c.relname
                        """,
                rs -> new TablePosture(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4),
                        policies.getOrDefault(rs.getString(1) + "." + rs.getString(2), List.of())),
                (Object) SCHEMAS);
    }

    /** Every view of {@link #VIEW_SCHEMAS} (today the report views of santkrupa_reporting). */
    public static List<ViewPosture> readViews(Connection connection) throws SQLException {
        return Catalog.query(connection, """
                        SELECT n.nspname, c.relname,
                               coalesce(c.reloptions && ARRAY['security_invoker=true', 'security_invoker=on',
                                                              'security_invoker=1', 'security_invoker=yes'], false),
                               ARRAY(SELECT r.rolname::text FROM pg_catalog.pg_roles r
                                      WHERE r.rolname IN (?, ?, ?) AND has_table_privilege(r.oid, c.oid, 'SELECT')
                                      ORDER BY 1)
                          FROM pg_catalog.pg_class c
                          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = ANY (?) AND c.relkind IN ('v', 'm')
                         ORDER BY 1, 2
                        """,
                rs -> new ViewPosture(rs.getString(1), rs.getString(2), rs.getBoolean(3), Catalog.strings(rs.getArray(4))),
                DatabaseRoles.APP, DatabaseRoles.PLATFORM, DatabaseRoles.REPORTING, VIEW_SCHEMAS);
    }

    public static void printViews(List<ViewPosture> views, PrintStream out) {
        out.printf("%-48s %-17s %s%n", "VIEW", "SECURITY_INVOKER", "SELECT BY");
        for (ViewPosture view : views) {
            out.printf("%-48s %-17s %s%n", view.schema() + "." + view.view(), yesNo(view.securityInvoker()),
                    view.readers().isEmpty() ? "-" : String.join(", ", view.readers()));
        }
        out.printf("%d views%n", views.size());
    }

    public static void print(List<TablePosture> tables, PrintStream out) {
        out.printf("%-40s %-7s %-7s %s%n", "TABLE", "RLS", "FORCED", "POLICIES");
        for (TablePosture table : tables) {
            out.printf("%-40s %-7s %-7s %d%n", table.schema() + "." + table.table(),
                    yesNo(table.rlsEnabled()), yesNo(table.rlsForced()), table.policies().size());
            for (Policy policy : table.policies()) {
                out.printf("    %s  %s %s TO %s%n", policy.name(), policy.permissive() ? "PERMISSIVE" : "RESTRICTIVE",
                        policy.command(), String.join(", ", policy.roles()));
                if (policy.using() != null) {
                    out.printf("        USING      %s%n", policy.using());
                }
                if (policy.withCheck() != null) {
                    out.printf("        WITH CHECK %s%n", policy.withCheck());
                }
            }
        }
        long policyCount = tables.stream().mapToLong(t -> t.policies().size()).sum();
        out.printf("%d tables, %d policies%n", tables.size(), policyCount);
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "NO";
    }
}
