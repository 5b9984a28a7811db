package io.santkrupa.db;

import com.zaxxer.hikari.HikariDataSource;
import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema and the application keep to what Citus needs (db/citus/README.md), and
 * db/citus/distribute.sql keeps up with the migrations: Citus cannot run here, so this is what
 * stands between a new migration and a cluster it would break.
 */
@ExtendWith(TestDatabaseExtension.class)
class CitusReadinessTest {

    private static final Path SCRIPT = Path.of("db", "citus", "distribute.sql");
    /** Citus cannot enforce a key from a reference table to a distributed one (the README says why it may go). */
    private static final Set<String> KEYS_LEFT_OUT = Set.of("clinic_logo_file_fk");

    @Test
    void no_policy_has_a_sub_select(TestDatabase db) throws SQLException {
        try (Connection owner = db.connectAsOwner()) {
            List<String> withSubSelects = Catalog.query(owner, """
                    SELECT t.relname || '.' || p.polname || ': ' || coalesce(pg_catalog.pg_get_expr(p.polqual, p.polrelid), '')
                           || ' / ' || coalesce(pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid), '')
                      FROM pg_catalog.pg_policy p
                      JOIN pg_catalog.pg_class t ON t.oid = p.polrelid
                      JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
                     WHERE n.nspname = ?
                       AND (pg_catalog.pg_get_expr(p.polqual, p.polrelid) ~* '\\mselect\\M'
                            OR pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) ~* '\\mselect\\M')
                     ORDER BY 1
                    """, rs -> rs.getString(1), DatabaseRoles.APP_SCHEMA);
            assertThat(withSubSelects).isEmpty();
        }
    }

    @Test
    void every_unique_index_and_foreign_key_of_a_tenant_table_includes_clinic_id(TestDatabase db) throws SQLException {
        try (Connection owner = db.connectAsOwner()) {
            List<String> problems = Catalog.query(owner, """
                    SELECT t.relname || ': unique index ' || i.relname
                      FROM pg_catalog.pg_index x
                      JOIN pg_catalog.pg_class t ON t.oid = x.indrelid
                      JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
                      JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
                      JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attname = 'clinic_id'
                     WHERE n.nspname = ? AND x.indisunique AND NOT (a.attnum = ANY (x.indkey::int2[]))
                    UNION ALL
                    SELECT t.relname || ': foreign key ' || c.conname
                      FROM pg_catalog.pg_constraint c
                      JOIN pg_catalog.pg_class t ON t.oid = c.conrelid
                      JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
                      JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attname = 'clinic_id'
                     WHERE n.nspname = ? AND c.contype = 'f' AND NOT (a.attnum = ANY (c.conkey))
                     ORDER BY 1
                    """, rs -> rs.getString(1), DatabaseRoles.APP_SCHEMA, DatabaseRoles.APP_SCHEMA);
            assertThat(problems).isEmpty();
        }
    }

    @Test
    void the_script_distributes_every_tenant_table_and_copies_the_registry_and_the_key(TestDatabase db)
            throws SQLException, IOException {
        String script = Files.readString(SCRIPT);
        Set<String> tenantTables;
        try (Connection owner = db.connectAsOwner()) {
            tenantTables = new TreeSet<>(Catalog.query(owner, """
                    SELECT t.relname
                      FROM pg_catalog.pg_class t
                      JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
                     WHERE n.nspname = ? AND t.relkind IN ('r', 'p')
                       AND EXISTS (SELECT FROM pg_catalog.pg_attribute a WHERE a.attrelid = t.oid AND a.attname = 'clinic_id')
                    """, rs -> rs.getString(1), DatabaseRoles.APP_SCHEMA));
        }
        assertThat(names(script, "create_distributed_table\\('santkrupa\\.(\\w+)', 'clinic_id'"))
                .containsExactlyInAnyOrderElementsOf(tenantTables);
        assertThat(names(script, "create_reference_table\\('([\\w.]+)'\\)"))
                .containsExactlyInAnyOrder("santkrupa.clinic", "santkrupa_private.tenant_context_key");
    }

    @Test
    void the_script_drops_and_restores_every_foreign_key_by_name(TestDatabase db) throws SQLException, IOException {
        String script = Files.readString(SCRIPT);
        List<String> keys;
        try (Connection owner = db.connectAsOwner()) {
            keys = Catalog.query(owner, """
                    SELECT c.conname
                      FROM pg_catalog.pg_constraint c
                      JOIN pg_catalog.pg_namespace n ON n.oid = c.connamespace
                     WHERE n.nspname = ? AND c.contype = 'f'
                    """, rs -> rs.getString(1), DatabaseRoles.APP_SCHEMA);
        }
        assertThat(names(script, "DROP CONSTRAINT (\\w+);")).containsExactlyInAnyOrderElementsOf(keys);
        List<String> restored = new ArrayList<>(keys);
        restored.removeAll(KEYS_LEFT_OUT);
        assertThat(names(script, "ADD CONSTRAINT (\\w+)\\s")).containsExactlyInAnyOrderElementsOf(restored);
    }

    @Test
    void tenant_transactions_set_their_context_with_set_local_only(TestDatabase db) {
        ClinicFixture.Clinic clinic = ClinicFixture.create(db);
        List<String> statements = new ArrayList<>();
        ExecuteListener recorder = new ExecuteListener() {
            @Override
            public void executeStart(ExecuteContext ctx) {
                if (ctx.batchSQL().length > 1) {
                    statements.addAll(Arrays.asList(ctx.batchSQL()));
                } else {
                    statements.add(ctx.sql());
                }
            }
        };
        try (HikariDataSource pool = db.newAppPool(1)) {
            TenantTransactions tenants = new TenantTransactions(pool, db.contexts(), recorder);
            tenants.inClinic(clinic.id(), tx -> tx.fetchCount(PATIENT));
            tenants.readInClinic(clinic.id(), tx -> tx.fetchCount(PATIENT));
        }
        assertThat(statements).noneMatch(sql -> sql.toLowerCase().contains("set_config"));
        assertThat(statements).filteredOn(sql -> sql.startsWith("set local \"app\".\"clinic_context\" = '"))
                .hasSize(2);
        assertThat(statements).contains("set local \"synchronous_commit\" = 'off'");
        assertThat(statements.get(0)).startsWith("set local \"app\".\"clinic_context\"");
    }

    private static List<String> names(String script, String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(script);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
