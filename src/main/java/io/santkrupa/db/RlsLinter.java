package io.santkrupa.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static io.santkrupa.db.DatabaseRoles.APP;
import static io.santkrupa.db.DatabaseRoles.APP_SCHEMA;
import static io.santkrupa.db.DatabaseRoles.OWNER;
import static io.santkrupa.db.DatabaseRoles.PLATFORM;
import static io.santkrupa.db.DatabaseRoles.PLATFORM_SCHEMA;
import static io.santkrupa.db.DatabaseRoles.REPORTING;
import static io.santkrupa.db.DatabaseRoles.REPORTING_SCHEMA;

/**
 * The "RLS linter": reads the live catalog and lists every way the schema departs from the
 * isolation rules of db/README.md. An empty list is the only passing result.
 *
 * <p>A tenant table is a table of the application schema with a {@code clinic_id} column.
 */
public final class RlsLinter {

    /**
     * The one shape an app-role policy expression may have: equality with the verified clinic,
     * the function called bare (Citus refuses sub-selects in policies; V058).
     */
    private static final Pattern BARE_APP_EXPRESSION = Pattern.compile(
            "^\\((clinic_id|id) = santkrupa\\.current_clinic_id\\(\\)\\)$");
    private static final Pattern IS_NULL_OR = Pattern.compile("(?is).*\\bIS NULL\\b.*\\bOR\\b.*|.*\\bOR\\b.*\\bIS NULL\\b.*");
    private static final String CLINIC_REGISTRY = "clinic";
    /** Where the clinic context's key lives (V056): the owner's alone. */
    static final String PRIVATE_SCHEMA = "santkrupa_private";

    /**
     * The owner's policies, each serving the owner's SECURITY DEFINER functions only (V002, V030,
     * V031, V034): "table/command" -> "USING / WITH CHECK" exactly as pg_get_expr prints them.
     * A new owner policy, or a wider one, is a finding until it is reviewed and added here.
     */
    private static final java.util.Map<String, String> OWNER_POLICIES = java.util.Map.ofEntries(
            java.util.Map.entry("clinic/r", "true / null"),
            java.util.Map.entry("clinic/a", "null / true"),
            java.util.Map.entry("clinic/w", "true / true"),
            java.util.Map.entry("app_user/a", "null / (role = 'clinic_admin'::text)"),
            java.util.Map.entry("app_user/r", "true / null"),
            java.util.Map.entry("account_invitation/*", "(issued_by = 'platform'::text) / (issued_by = 'platform'::text)"),
            java.util.Map.entry("audit_event/a", "null / (actor_role = 'platform'::text)"),
            java.util.Map.entry("clinic_subscription_change/a", "null / true"),
            java.util.Map.entry("patient/r", "true / null"),
            java.util.Map.entry("patient_visit/r", "true / null"),
            java.util.Map.entry("stored_file/r", "true / null"));

    /**
     * Audit trails: nobody but their owner may change or remove an event, or the patients a list
     * event showed. (A repeated event's count, audit_event_repeat, is kept current by the app role:
     * its count and last time only, by column grant.)
     */
    private static final List<String> AUDIT_TRAILS = List.of(APP_SCHEMA + ".audit_event",
            APP_SCHEMA + ".audit_event_patient", PLATFORM_SCHEMA + ".platform_audit_event");

    /**
     * What a report view must not read, in any table: secrets (hashes, tokens, keys, documents and
     * their checksums) and what people typed or are called -- names, phones, addresses, notes,
     * reasons, results written as text. Reports show counts, dates and durations (issue 14).
     */
    static final List<String> NOT_FOR_REPORTS = List.of(
            "password_hash", "token_hash", "csrf_token", "code_hash", "request_hmac", "response_body",
            "idempotency_key", "content", "sha256", "file_name",
            "first_name", "last_name", "first_name_key", "last_name_key", "full_name", "username",
            "phone", "phone_key", "phone_suffix_key", "email", "address", "emergency_contact_name",
            "emergency_contact_phone", "allergies", "reason", "notes", "clinical_notes", "remarks", "remarks_before",
            "chief_complaint", "diagnosis", "advice", "instructions", "value_text", "title", "detail", "fields",
            "changes", "user_agent", "ip");

    /** Counts of repeated events: only their count and last time move. */
    private static final String AUDIT_COUNTS = APP_SCHEMA + ".audit_event_repeat";

    private RlsLinter() {
    }

    public static List<String> findings(Connection connection) throws SQLException {
        List<String> findings = new ArrayList<>();
        serverVersion(connection, findings);
        rlsEnabledAndForced(connection, findings);
        appPolicyPresent(connection, findings);
        platformSchemaClosedToApp(connection, findings);
        tenantKeys(connection, findings);
        tenantForeignKeys(connection, findings);
        tenantIndexes(connection, findings);
        policies(connection, findings);
        appRoleAttributes(connection, findings);
        appRoleOwnsNothing(connection, findings);
        appPrivilegesOutsideRls(connection, findings);
        views(connection, findings);
        reportViews(connection, findings);
        securityDefinerFunctions(connection, findings);
        functionOwners(connection, findings);
        secretsStayWithTheApp(connection, findings);
        auditTrailsAppendOnly(connection, findings);
        auditCountsOnlyCount(connection, findings);
        roleSettings(connection, findings);
        largeObjects(connection, findings);
        otherSessionsStatements(connection, findings);
        contextKeyClosed(connection, findings);
        return findings;
    }

    private static void serverVersion(Connection c, List<String> findings) throws SQLException {
        ServerVersion.problem(ServerVersion.of(c)).ifPresent(findings::add);
    }

    private static void rlsEnabledAndForced(Connection c, List<String> findings) throws SQLException {
        findings.addAll(Catalog.query(c, """
                        SELECT n.nspname || '.' || c.relname, c.relrowsecurity, c.relforcerowsecurity
                          FROM pg_catalog.pg_class c
                          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = ANY (?) AND c.relkind IN ('r', 'p')
                           AND NOT (c.relrowsecurity AND c.relforcerowsecurity)
                         ORDER BY 1
                        """,
                rs -> rs.getString(1) + ": row-level security must be enabled and forced (enabled="
                        + rs.getBoolean(2) + ", forced=" + rs.getBoolean(3) + ")",
                (Object) RlsReport.SCHEMAS));
    }

    private static void appPolicyPresent(Connection c, List<String> findings) throws SQLException {
        findings.addAll(Catalog.query(c, """
                        SELECT n.nspname || '.' || c.relname
                          FROM pg_catalog.pg_class c
                          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = ? AND c.relkind IN ('r', 'p')
                           AND NOT EXISTS (SELECT FROM pg_catalog.pg_policy p
                                            WHERE p.polrelid = c.oid
                                              AND (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = ?) = ANY (p.polroles))
                         ORDER BY 1
                        """,
                rs -> rs.getString(1) + ": no policy for the app role",
                APP_SCHEMA, APP));
    }

    private static void platformSchemaClosedToApp(Connection c, List<String> findings) throws SQLException {
        findings.addAll(Catalog.query(c, """
                        SELECT n.nspname
                          FROM pg_catalog.pg_namespace n
                         WHERE n.nspname = ? AND has_schema_privilege(?, n.oid, 'USAGE')
                        """,
                rs -> rs.getString(1) + ": the app role must have no access to the platform schema",
                PLATFORM_SCHEMA, APP));
    }

    private static void tenantKeys(Connection c, List<String> findings) throws SQLException {
        findings.addAll(Catalog.query(c, """
                        SELECT t.relname || ': clinic_id must be uuid NOT NULL'
                          FROM pg_catalog.pg_class t
                          JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
                          JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attname = 'clinic_id' AND NOT a.attisdropped
                         WHERE n.nspname = ? AND t.relkind IN ('r', 'p')
                           AND NOT (a.attnotnull AND a.atttypid = 'uuid'::regtype)
                        UNION ALL
                        SELECT t.relname || ': primary key must be (clinic_id, id)'
                          FROM pg_catalog.pg_class t
                          JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
                          JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attname = 'clinic_id' AND NOT a.attisdropped
                         WHERE n.nspname = ? AND t.relkind IN ('r', 'p')
                           AND coalesce((SELECT array_agg(att.attname::text ORDER BY k.ord)
                                           FROM pg_catalog.pg_constraint pk
                                           CROSS JOIN LATERAL unnest(pk.conkey) WITH ORDINALITY AS k (attnum, ord)
                                           JOIN pg_catalog.pg_attribute att ON att.attrelid = t.oid AND att.attnum = k.attnum
                                          WHERE pk.conrelid = t.oid AND pk.contype = 'p'),
                                        '{}') <> ARRAY['clinic_id', 'id']
                        UNION ALL
                        SELECT t.relname || ': constraint ' || con.conname || ' must include clinic_id'
                          FROM pg_catalog.pg_class t
                          JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
                          JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attname = 'clinic_id' AND NOT a.attisdropped
                          JOIN pg_catalog.pg_constraint con ON con.conrelid = t.oid AND con.contype IN ('p', 'u', 'f', 'x')
                         WHERE n.nspname = ? AND t.relkind IN ('r', 'p')
                           AND NOT (a.attnum = ANY (con.conkey))
                         ORDER BY 1
                        """,
                rs -> APP_SCHEMA + "." + rs.getString(1),
                APP_SCHEMA, APP_SCHEMA, APP_SCHEMA));
    }

    /**
     * A foreign key of a tenant table either is (clinic_id) -> clinic(id), or references another
     * tenant table with clinic_id matched to clinic_id: then no row can point at another clinic's row.
     */
    private static void tenantForeignKeys(Connection c, List<String> findings) throws SQLException {
        findings.addAll(Catalog.query(c, """
                        SELECT t.relname, con.conname, rn.nspname, r.relname,
                               con.conkey, con.confkey, a.attnum AS clinic_attnum, ra.attnum AS ref_clinic_attnum
                          FROM pg_catalog.pg_class t
                          JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
                          JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attname = 'clinic_id' AND NOT a.attisdropped
                          JOIN pg_catalog.pg_constraint con ON con.conrelid = t.oid AND con.contype = 'f'
                          JOIN pg_catalog.pg_class r ON r.oid = con.confrelid
                          JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace
                          LEFT JOIN pg_catalog.pg_attribute ra ON ra.attrelid = r.oid AND ra.attname = 'clinic_id' AND NOT ra.attisdropped
                         WHERE n.nspname = ? AND t.relkind IN ('r', 'p')
                         ORDER BY 1, 2
                        """,
                rs -> foreignKeyProblem(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        (Short[]) rs.getArray(5).getArray(), (Short[]) rs.getArray(6).getArray(),
                        rs.getShort(7), rs.getObject(8) == null ? null : rs.getShort(8)),
                APP_SCHEMA)
                .stream().flatMap(Optional::stream).toList());
    }

    private static Optional<String> foreignKeyProblem(String table, String constraint, String refSchema,
                                                      String refTable, Short[] columns, Short[] refColumns,
                                                      short clinicAttnum, Short refClinicAttnum) {
        String where = APP_SCHEMA + "." + table + ": foreign key " + constraint;
        boolean toRegistry = refSchema.equals(APP_SCHEMA) && refTable.equals(CLINIC_REGISTRY);
        if (toRegistry) {
            return columns.length == 1 && columns[0] == clinicAttnum
                    ? Optional.empty()
                    : Optional.of(where + " to the clinic registry must be exactly (clinic_id)");
        }
        if (!refSchema.equals(APP_SCHEMA) || refClinicAttnum == null) {
            return Optional.of(where + " references " + refSchema + "." + refTable + ", which is not a tenant table");
        }
        for (int i = 0; i < columns.length; i++) {
            if (columns[i] == clinicAttnum && refColumns[i].shortValue() == refClinicAttnum.shortValue()) {
                return Optional.empty();
            }
        }
        return Optional.of(where + " must match clinic_id to " + refTable + ".clinic_id");
    }

    private static void tenantIndexes(Connection c, List<String> findings) throws SQLException {
        findings.addAll(Catalog.query(c, """
                        SELECT t.relname, i.relname
                          FROM pg_catalog.pg_class t
                          JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
                          JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attname = 'clinic_id' AND NOT a.attisdropped
                          JOIN pg_catalog.pg_index x ON x.indrelid = t.oid
                          JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
                         WHERE n.nspname = ? AND t.relkind IN ('r', 'p')
                           AND x.indkey[0] <> a.attnum
                         ORDER BY 1, 2
                        """,
                rs -> APP_SCHEMA + "." + rs.getString(1) + ": index " + rs.getString(2) + " must lead with clinic_id",
                APP_SCHEMA));
    }

    private record PolicyRow(String schema, String table, String name, String command, List<String> roles,
                             String using, String withCheck) {
        String where() {
            return schema + "." + table + ": policy " + name;
        }
    }

    private static void policies(Connection c, List<String> findings) throws SQLException {
        List<PolicyRow> rows = Catalog.query(c, """
                        SELECT n.nspname, t.relname, p.polname, p.polcmd::text,
                               ARRAY(SELECT CASE WHEN r = 0 THEN 'PUBLIC' ELSE pg_catalog.pg_get_userbyid(r)::text END
                                       FROM unnest(p.polroles) AS r),
                               pg_catalog.pg_get_expr(p.polqual, p.polrelid),
                               pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid)
                          FROM pg_catalog.pg_policy p
                          JOIN pg_catalog.pg_class t ON t.oid = p.polrelid
                          JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
                         ORDER BY 1, 2, 3
                        """,
                rs -> new PolicyRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Catalog.strings(rs.getArray(5)), rs.getString(6), rs.getString(7)));
        for (PolicyRow policy : rows) {
            for (String role : policy.roles()) {
                switch (role) {
                    case APP, "PUBLIC" -> appPolicy(policy, role, findings);
                    case REPORTING -> {
                        if (!policy.command().equals("r")) {
                            findings.add(policy.where() + ": the reporting role may only have SELECT policies");
                        }
                    }
                    case PLATFORM -> {
                        boolean allowed = policy.schema().equals(PLATFORM_SCHEMA)
                                || (policy.schema().equals(APP_SCHEMA) && policy.table().equals(CLINIC_REGISTRY)
                                    && policy.command().equals("r"));
                        if (!allowed) {
                            findings.add(policy.where() + ": the platform role may only manage its own tables and "
                                    + "read the clinic registry; it reaches clinics through the provisioning functions");
                        }
                    }
                    case OWNER -> {
                        String expected = OWNER_POLICIES.get(policy.table() + "/" + policy.command());
                        String actual = policy.using() + " / " + policy.withCheck();
                        if (!policy.schema().equals(APP_SCHEMA) || expected == null || !expected.equals(actual)) {
                            findings.add(policy.where() + ": the owner role may only have the policies its SECURITY "
                                    + "DEFINER functions need (db/README.md), exactly as written there, not " + actual);
                        }
                    }
                    default -> findings.add(policy.where() + ": applies to unexpected role " + role);
                }
            }
        }
    }

    private static void appPolicy(PolicyRow policy, String role, List<String> findings) {
        if (role.equals("PUBLIC")) {
            findings.add(policy.where() + ": applies to PUBLIC; name the roles");
        } else if (policy.roles().size() > 1) {
            // permissive policies are OR-ed per role: what the other role's policy needs, the app gets
            findings.add(policy.where() + ": the app role's policy must be its own, not shared with " + policy.roles());
        }
        if (!policy.schema().equals(APP_SCHEMA)) {
            findings.add(policy.where() + ": the app role must have no policy outside " + APP_SCHEMA);
        }
        for (String expression : new String[] {policy.using(), policy.withCheck()}) {
            if (expression == null) {
                continue;
            }
            String trimmed = expression.strip();
            if (trimmed.equalsIgnoreCase("true") || trimmed.equalsIgnoreCase("(true)")) {
                findings.add(policy.where() + ": always true");
            } else if (IS_NULL_OR.matcher(trimmed).matches()) {
                findings.add(policy.where() + ": has an `IS NULL OR` escape: " + trimmed);
            } else {
                var bare = BARE_APP_EXPRESSION.matcher(trimmed);
                String expectedColumn = policy.table().equals(CLINIC_REGISTRY) ? "id" : "clinic_id";
                if (!bare.matches() || !bare.group(1).equals(expectedColumn)) {
                    findings.add("%s: must be the bare `%s = santkrupa.current_clinic_id()`, not %s"
                            .formatted(policy.where(), expectedColumn, trimmed));
                }
            }
        }
        boolean needsUsing = !policy.command().equals("a");
        if (needsUsing && policy.using() == null) {
            findings.add(policy.where() + ": no USING expression (admits every row)");
        }
        if (policy.command().equals("a") && policy.withCheck() == null) {
            findings.add(policy.where() + ": INSERT policy without WITH CHECK");
        }
    }

    private static void appRoleAttributes(Connection c, List<String> findings) throws SQLException {
        findings.addAll(Catalog.query(c, """
                        SELECT r.rolsuper, r.rolbypassrls, r.rolcreaterole, r.rolcreatedb, r.rolreplication,
                               ARRAY(SELECT g.rolname::text FROM pg_catalog.pg_auth_members m
                                       JOIN pg_catalog.pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid)
                          FROM pg_catalog.pg_roles r
                         WHERE r.rolname = ?
                        """,
                rs -> {
                    List<String> problems = new ArrayList<>();
                    if (rs.getBoolean(1)) problems.add("is a superuser");
                    if (rs.getBoolean(2)) problems.add("bypasses RLS");
                    if (rs.getBoolean(3)) problems.add("may create roles");
                    if (rs.getBoolean(4)) problems.add("may create databases");
                    if (rs.getBoolean(5)) problems.add("may replicate");
                    List<String> memberOf = Catalog.strings(rs.getArray(6));
                    if (!memberOf.isEmpty()) problems.add("is a member of " + memberOf);
                    return problems.isEmpty() ? "" : "role " + APP + " " + String.join(", ", problems);
                }, APP)
                .stream().filter(s -> !s.isEmpty()).toList());
        if (Catalog.query(c, "SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = ?", rs -> 1, APP).isEmpty()) {
            findings.add("role " + APP + " does not exist");
        }
    }

    private static void appRoleOwnsNothing(Connection c, List<String> findings) throws SQLException {
        findings.addAll(Catalog.query(c, """
                        WITH app AS (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = ?)
                        SELECT 'relation ' || c.oid::regclass::text FROM pg_catalog.pg_class c, app WHERE c.relowner = app.oid
                        UNION ALL
                        SELECT 'function ' || p.oid::regprocedure::text FROM pg_catalog.pg_proc p, app WHERE p.proowner = app.oid
                        UNION ALL
                        SELECT 'schema ' || n.nspname FROM pg_catalog.pg_namespace n, app WHERE n.nspowner = app.oid
                        UNION ALL
                        SELECT 'type ' || t.oid::regtype::text FROM pg_catalog.pg_type t, app WHERE t.typowner = app.oid
                        UNION ALL
                        SELECT 'database ' || d.datname FROM pg_catalog.pg_database d, app WHERE d.datdba = app.oid
                        ORDER BY 1
                        """,
                rs -> "role " + APP + " owns " + rs.getString(1) + " (owners are exempt from RLS unless forced, and may alter policies)",
                APP));
    }

    /** TRUNCATE and REFERENCES are not subject to RLS; the app role must hold neither, anywhere. */
    private static void appPrivilegesOutsideRls(Connection c, List<String> findings) throws SQLException {
        findings.addAll(Catalog.query(c, """
                        SELECT c.oid::regclass::text,
                               has_table_privilege(?, c.oid, 'TRUNCATE'),
                               has_table_privilege(?, c.oid, 'REFERENCES') OR has_any_column_privilege(?, c.oid, 'REFERENCES'),
                               n.nspname <> ? AND has_table_privilege(?, c.oid, 'SELECT, INSERT, UPDATE, DELETE')
                          FROM pg_catalog.pg_class c
                          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                         WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
                           AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
                           -- Citus's placement views, readable by PUBLIC, hold no clinic data
                           -- (db/citus/README.md): accepted by name, and only as the extension's own
                           AND NOT (c.relname IN ('citus_tables', 'citus_schemas')
                                    AND EXISTS (SELECT FROM pg_catalog.pg_depend d
                                                  JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid
                                                 WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid
                                                   AND d.deptype = 'e' AND e.extname = 'citus'))
                         ORDER BY 1
                        """,
                rs -> {
                    List<String> problems = new ArrayList<>();
                    if (rs.getBoolean(2)) problems.add("TRUNCATE");
                    if (rs.getBoolean(3)) problems.add("REFERENCES");
                    if (rs.getBoolean(4)) problems.add("data access outside " + APP_SCHEMA);
                    return problems.isEmpty() ? "" : rs.getString(1) + ": role " + APP + " has " + problems;
                }, APP, APP, APP, APP_SCHEMA, APP)
                .stream().filter(s -> !s.isEmpty()).toList());
    }

    private static void views(Connection c, List<String> findings) throws SQLException {
        findings.addAll(Catalog.query(c, """
                        SELECT n.nspname || '.' || c.relname, c.relkind::text
                          FROM pg_catalog.pg_class c
                          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = ANY (?)
                           AND (c.relkind = 'm'
                                OR (c.relkind = 'v'
                                    AND NOT coalesce(c.reloptions && ARRAY['security_invoker=true', 'security_invoker=on',
                                                                           'security_invoker=1', 'security_invoker=yes'], false)))
                         ORDER BY 1
                        """,
                rs -> rs.getString(1) + (rs.getString(2).equals("m")
                        ? ": materialized views cannot be protected by RLS"
                        : ": views must be security_invoker (else they read with their owner's rights)"),
                (Object) new String[] {APP_SCHEMA, PLATFORM_SCHEMA, REPORTING_SCHEMA}));
    }

    /**
     * The DBAs' report views (santkrupa_reporting): views only (a table there would escape the
     * tenant-table rules), read by the reporting role alone and written by nobody, and reading
     * neither a column of {@link #NOT_FOR_REPORTS} nor whole rows (a whole-row reference such as
     * {@code to_jsonb(p)} depends on no column, so it would hide what it reads).
     */
    private static void reportViews(Connection c, List<String> findings) throws SQLException {
        findings.addAll(Catalog.query(c, """
                        SELECT n.nspname || '.' || c.relname
                          FROM pg_catalog.pg_class c
                          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = ? AND c.relkind NOT IN ('v', 'm')
                         ORDER BY 1
                        """,
                rs -> rs.getString(1) + ": the reporting schema holds views only",
                REPORTING_SCHEMA));
        findings.addAll(Catalog.query(c, """
                        SELECT n.nspname, r.rolname
                          FROM pg_catalog.pg_namespace n
                          CROSS JOIN pg_catalog.pg_roles r
                         WHERE n.nspname = ? AND r.rolname IN (?, ?)
                           AND has_schema_privilege(r.oid, n.oid, 'USAGE')
                         ORDER BY 2
                        """,
                rs -> rs.getString(1) + ": role " + rs.getString(2) + " may use the reporting schema; it is the "
                        + REPORTING + " role's alone",
                REPORTING_SCHEMA, APP, PLATFORM));
        findings.addAll(Catalog.query(c, """
                        SELECT n.nspname || '.' || c.relname, r.rolname,
                               has_table_privilege(r.oid, c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
                                 OR has_any_column_privilege(r.oid, c.oid, 'INSERT, UPDATE, REFERENCES')
                          FROM pg_catalog.pg_class c
                          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                          CROSS JOIN pg_catalog.pg_roles r
                         WHERE n.nspname = ? AND r.rolname IN (?, ?, ?)
                           AND (has_table_privilege(r.oid, c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
                                OR has_any_column_privilege(r.oid, c.oid, 'INSERT, UPDATE, REFERENCES')
                                OR (r.rolname <> ? AND has_any_column_privilege(r.oid, c.oid, 'SELECT')))
                         ORDER BY 1, 2
                        """,
                rs -> rs.getString(1) + ": role " + rs.getString(2) + (rs.getBoolean(3)
                        ? " may write it; report views are read-only"
                        : " may read it; report views are the " + REPORTING + " role's alone"),
                REPORTING_SCHEMA, APP, PLATFORM, REPORTING, REPORTING));
        findings.addAll(Catalog.query(c, """
                        SELECT DISTINCT n.nspname || '.' || v.relname, tn.nspname || '.' || t.relname || '.' || a.attname
                          FROM pg_catalog.pg_class v
                          JOIN pg_catalog.pg_namespace n ON n.oid = v.relnamespace
                          JOIN pg_catalog.pg_rewrite rw ON rw.ev_class = v.oid
                          JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = rw.oid
                                                     AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjsubid > 0
                          JOIN pg_catalog.pg_class t ON t.oid = d.refobjid
                          JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
                          JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
                         WHERE n.nspname = ? AND v.relkind IN ('v', 'm') AND a.attname = ANY (?)
                         ORDER BY 1, 2
                        """,
                rs -> rs.getString(1) + ": reads " + rs.getString(2)
                        + ", a secret or a person's free text, which no report may show",
                REPORTING_SCHEMA, NOT_FOR_REPORTS.toArray(String[]::new)));
        findings.addAll(Catalog.query(c, """
                        SELECT n.nspname || '.' || v.relname
                          FROM pg_catalog.pg_class v
                          JOIN pg_catalog.pg_namespace n ON n.oid = v.relnamespace
                          JOIN pg_catalog.pg_rewrite rw ON rw.ev_class = v.oid
                         WHERE n.nspname = ? AND v.relkind IN ('v', 'm')
                           AND rw.ev_action::text ~ ':varattno 0 '
                         ORDER BY 1
                        """,
                rs -> rs.getString(1) + ": reads whole rows (e.g. to_jsonb(t) or t.*); name the columns a report shows",
                REPORTING_SCHEMA));
    }

    /**
     * Password hashes, session and refresh token hashes, CSRF tokens and uploaded documents are
     * for the application alone: the cross-clinic roles must not be able to read them.
     */
    private static void secretsStayWithTheApp(Connection c, List<String> findings) throws SQLException {
        findings.addAll(Catalog.query(c, """
                        SELECT n.nspname || '.' || t.relname || '.' || a.attname, r.rolname
                          FROM pg_catalog.pg_attribute a
                          JOIN pg_catalog.pg_class t ON t.oid = a.attrelid
                          JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
                          CROSS JOIN pg_catalog.pg_roles r
                         WHERE n.nspname = ANY (?) AND t.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
                           AND (a.attname IN ('password_hash', 'token_hash', 'csrf_token')
                                OR (t.relname = 'stored_file' AND a.attname IN ('content', 'sha256')))
                           AND r.rolname IN (?, ?)
                           AND has_column_privilege(r.oid, t.oid, a.attnum, 'SELECT')
                           AND NOT (n.nspname = ? AND r.rolname = ?)
                         ORDER BY 1, 2
                        """,
                rs -> rs.getString(1) + ": secret readable by role " + rs.getString(2),
                RlsReport.SCHEMAS, REPORTING, PLATFORM, PLATFORM_SCHEMA, PLATFORM));
    }

    /** Append-only by grants: no login role may UPDATE, DELETE or TRUNCATE an audit trail. */
    private static void auditTrailsAppendOnly(Connection c, List<String> findings) throws SQLException {
        findings.addAll(Catalog.query(c, """
                        SELECT t.table_name, r.rolname
                          FROM unnest(?::text[]) AS t (table_name)
                          CROSS JOIN pg_catalog.pg_roles r
                         WHERE r.rolname IN (?, ?, ?)
                           AND pg_catalog.to_regclass(t.table_name) IS NOT NULL
                           AND (has_table_privilege(r.oid, t.table_name, 'UPDATE, DELETE, TRUNCATE')
                                OR has_any_column_privilege(r.oid, t.table_name, 'UPDATE'))
                         ORDER BY 1, 2
                        """,
                rs -> rs.getString(1) + ": audit trail is append-only, but role " + rs.getString(2)
                        + " may update, delete or truncate it",
                AUDIT_TRAILS.toArray(String[]::new), APP, PLATFORM, REPORTING));
    }

    /**
     * A repeated event's count (who was refused what, how often): a login role may move its count
     * and its last time, nothing else -- not whom or what it counts -- and may not remove it.
     */
    private static void auditCountsOnlyCount(Connection c, List<String> findings) throws SQLException {
        findings.addAll(Catalog.query(c, """
                        SELECT r.rolname, a.attname::text
                          FROM pg_catalog.pg_attribute a
                          CROSS JOIN pg_catalog.pg_roles r
                         WHERE a.attrelid = pg_catalog.to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped
                           AND a.attname NOT IN ('times', 'last_at')
                           AND r.rolname IN (?, ?, ?)
                           AND has_column_privilege(r.oid, a.attrelid, a.attnum, 'UPDATE')
                        UNION ALL
                        SELECT r.rolname, 'DELETE or TRUNCATE'
                          FROM pg_catalog.pg_roles r
                         WHERE r.rolname IN (?, ?, ?) AND pg_catalog.to_regclass(?) IS NOT NULL
                           AND has_table_privilege(r.oid, ?, 'DELETE, TRUNCATE')
                         ORDER BY 1, 2
                        """,
                rs -> AUDIT_COUNTS + ": role " + rs.getString(1) + " may change more than the count ("
                        + rs.getString(2) + ")",
                AUDIT_COUNTS, APP, PLATFORM, REPORTING, APP, PLATFORM, REPORTING, AUDIT_COUNTS, AUDIT_COUNTS));
    }

    /**
     * A SECURITY DEFINER function runs with its owner's rights, so it must not find its names
     * where a caller could put objects: search_path pinned, with pg_temp (searched first when not
     * named) named last.
     */
    private static void securityDefinerFunctions(Connection c, List<String> findings) throws SQLException {
        findings.addAll(Catalog.query(c, """
                        SELECT p.oid::regprocedure::text,
                               (SELECT substr(setting, length('search_path=') + 1) FROM unnest(p.proconfig) AS setting
                                 WHERE setting LIKE 'search_path=%')
                          FROM pg_catalog.pg_proc p
                          JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
                         WHERE p.prosecdef
                           AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                         ORDER BY 1
                        """,
                rs -> {
                    String path = rs.getString(2);
                    if (path == null) {
                        return rs.getString(1) + ": SECURITY DEFINER function without a pinned search_path";
                    }
                    List<String> schemas = java.util.Arrays.stream(path.split(",")).map(String::strip)
                            .map(name -> name.replace("\"", "")).toList();
                    return schemas.get(schemas.size() - 1).equals("pg_temp") && schemas.indexOf("pg_temp") == schemas.size() - 1
                            ? ""
                            : rs.getString(1) + ": SECURITY DEFINER function's search_path must name pg_temp last, not " + path;
                })
                .stream().filter(f -> !f.isEmpty()).toList());
    }

    /**
     * The application's functions belong to the owner: a function of another role (a superuser's
     * above all) would run, or be replaceable, outside the rules the migrations review.
     */
    private static void functionOwners(Connection c, List<String> findings) throws SQLException {
        findings.addAll(Catalog.query(c, """
                        SELECT p.oid::regprocedure::text, pg_catalog.pg_get_userbyid(p.proowner)::text
                          FROM pg_catalog.pg_proc p
                          JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
                         WHERE n.nspname IN (?, ?, ?)
                           AND pg_catalog.pg_get_userbyid(p.proowner) <> ?
                         ORDER BY 1
                        """,
                rs -> rs.getString(1) + ": owned by " + rs.getString(2) + ", not by " + OWNER,
                APP_SCHEMA, PLATFORM_SCHEMA, PRIVATE_SCHEMA, OWNER));
    }

    /**
     * A role's own defaults (ALTER ROLE ... SET, which PostgreSQL lets a role do to itself) change
     * every new connection of it: statement_timeout = 0, row_security = off, a search_path of its
     * choosing. The pools send their limits with each connection, which wins over these; but none
     * is wanted, so any is a finding (and serve refuses to start).
     */
    private static void roleSettings(Connection c, List<String> findings) throws SQLException {
        findings.addAll(Catalog.query(c, """
                        SELECT r.rolname || coalesce(' in database ' || d.datname, '') || ': '
                               || array_to_string(s.setconfig, ', ')
                          FROM pg_catalog.pg_db_role_setting s
                          JOIN pg_catalog.pg_roles r ON r.oid = s.setrole
                          LEFT JOIN pg_catalog.pg_database d ON d.oid = s.setdatabase
                         WHERE r.rolname IN (?, ?, ?, ?)
                         ORDER BY 1
                        """,
                rs -> "role " + rs.getString(1) + " -- settings of the role's own (ALTER ROLE ... SET) change every"
                        + " new connection; remove them with ALTER ROLE ... RESET ALL",
                OWNER, APP, PLATFORM, REPORTING));
    }

    /** Large objects live outside every table and so outside RLS: the app's roles neither make nor own any. */
    private static void largeObjects(Connection c, List<String> findings) throws SQLException {
        for (String role : List.of(APP, PLATFORM)) {
            findings.addAll(Catalog.query(c, """
                            SELECT p.oid::regprocedure::text
                              FROM pg_catalog.pg_proc p
                             WHERE p.pronamespace = 'pg_catalog'::regnamespace
                               AND (p.proname LIKE 'lo\\_%' OR p.proname IN ('loread', 'lowrite'))
                               AND pg_catalog.has_function_privilege(?, p.oid, 'EXECUTE')
                             ORDER BY 1
                            """,
                    rs -> "role " + role + " may call " + rs.getString(1)
                            + " -- large objects are outside RLS (db/bootstrap/roles.sql revokes them from PUBLIC)",
                    role));
        }
        findings.addAll(Catalog.query(c, """
                        SELECT r.rolname, count(*)
                          FROM pg_catalog.pg_largeobject_metadata m
                          JOIN pg_catalog.pg_roles r ON r.oid = m.lomowner
                         WHERE r.rolname IN (?, ?)
                         GROUP BY r.rolname
                         ORDER BY 1
                        """,
                rs -> "role " + rs.getString(1) + " owns " + rs.getLong(2) + " large object(s), which RLS does not cover",
                APP, PLATFORM));
    }


    /**
     * Each tenant transaction starts with its clinic context in a SET LOCAL statement: a role that
     * can read the statements of other sessions could replay another clinic's context (V057).
     */
    private static void otherSessionsStatements(Connection c, List<String> findings) throws SQLException {
        for (String role : List.of(APP, PLATFORM)) {
            findings.addAll(Catalog.query(c, """
                            SELECT 'pg_catalog.pg_stat_activity'
                             WHERE pg_catalog.has_table_privilege(?, 'pg_catalog.pg_stat_activity', 'SELECT')
                            UNION ALL
                            SELECT p.oid::regprocedure::text
                              FROM pg_catalog.pg_proc p
                             WHERE p.pronamespace = 'pg_catalog'::regnamespace
                               AND p.proname IN ('pg_stat_get_activity', 'pg_stat_get_backend_activity')
                               AND pg_catalog.has_function_privilege(?, p.oid, 'EXECUTE')
                             ORDER BY 1
                            """,
                    rs -> "role " + role + " may read other sessions' statements through " + rs.getString(1)
                            + " -- and so another clinic's context (db/bootstrap/roles.sql revokes it from PUBLIC)",
                    role, role));
        }
    }

    /** The clinic context's key (V056) is the owner's alone: no other role may reach its schema or table. */
    private static void contextKeyClosed(Connection c, List<String> findings) throws SQLException {
        findings.addAll(Catalog.query(c, """
                        SELECT r.rolname, n.nspname, has_schema_privilege(r.oid, n.oid, 'USAGE'),
                               EXISTS (SELECT FROM pg_catalog.pg_class t
                                        WHERE t.relnamespace = n.oid
                                          AND has_table_privilege(r.oid, t.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES'))
                          FROM pg_catalog.pg_namespace n
                          CROSS JOIN pg_catalog.pg_roles r
                         WHERE n.nspname = ? AND r.rolname IN (?, ?, ?)
                           AND (has_schema_privilege(r.oid, n.oid, 'USAGE')
                                OR EXISTS (SELECT FROM pg_catalog.pg_class t
                                            WHERE t.relnamespace = n.oid
                                              AND has_table_privilege(r.oid, t.oid,
                                                                      'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES')))
                         ORDER BY 1
                        """,
                rs -> rs.getString(2) + ": role " + rs.getString(1) + " may reach the clinic context's key"
                        + " (schema usage " + rs.getBoolean(3) + ", table privileges " + rs.getBoolean(4) + ")",
                PRIVATE_SCHEMA, APP, PLATFORM, REPORTING));
        findings.addAll(Catalog.query(c, """
                        SELECT p.oid::regprocedure::text, p.prosecdef, pg_catalog.pg_get_userbyid(p.proowner)::text
                          FROM pg_catalog.pg_proc p
                         WHERE p.oid = 'santkrupa.current_clinic_id()'::regprocedure
                           AND NOT (p.prosecdef AND pg_catalog.pg_get_userbyid(p.proowner) = ?
                                    AND p.prosrc LIKE '%santkrupa_private.tenant_context_key%')
                        """,
                rs -> rs.getString(1) + ": must be the owner's SECURITY DEFINER function that verifies the context"
                        + " with santkrupa_private.tenant_context_key (V057)",
                OWNER));
    }
}
