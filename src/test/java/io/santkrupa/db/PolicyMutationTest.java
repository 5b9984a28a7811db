package io.santkrupa.db;

import io.santkrupa.db.IsolationProbe.Context;
import io.santkrupa.db.IsolationProbe.TableInfo;
import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.name;

/**
 * Every policy must matter. For each policy in turn: drop it inside a transaction that is rolled
 * back, run the isolation probe of the roles it applies to in that same transaction, and require
 * the probe to fail. The probes are the same ones the isolation test runs, so this also proves
 * that they can fail. On top of dropping, each app policy is weakened to {@code true} and each
 * table's RLS is disabled: the probe must then see the other clinic.
 */
@ExtendWith(TestDatabaseExtension.class)
class PolicyMutationTest {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyMutationTest.class);

    private record Policy(String schema, String table, String name, String command, List<String> roles) {
        @Override
        public String toString() {
            return schema + "." + table + "/" + name;
        }
    }

    private static Clinic clinicA;
    private static Clinic clinicB;
    private static List<TableInfo> tables;
    private static Map<String, Map<UUID, Record>> rows;
    private static List<Policy> policies;

    @BeforeAll
    static void setUp(TestDatabase db) throws SQLException {
        clinicA = ClinicFixture.create(db);
        clinicB = ClinicFixture.create(db);
        try (Connection app = db.connectAsApp()) {
            tables = IsolationProbe.discover(app);
        }
        try (Connection superuser = db.connectAsSuperuser()) {
            rows = IsolationProbe.fixtureRows(superuser, tables, List.of(clinicA, clinicB));
        }
        try (Connection owner = db.connectAsOwner()) {
            policies = Catalog.query(owner, """
                            SELECT schemaname, tablename, policyname, cmd, roles::text[]
                              FROM pg_policies WHERE schemaname = ANY (?) ORDER BY 1, 2, 3
                            """,
                    rs -> new Policy(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            Catalog.strings(rs.getArray(5))),
                    (Object) RlsReport.SCHEMAS);
        }
    }

    @Test
    void dropping_any_policy_makes_the_probe_fail(TestDatabase db) throws SQLException {
        assertThat(policies).hasSizeGreaterThanOrEqualTo(40);
        List<String> survivors = new ArrayList<>();
        int killed = 0;
        for (Policy policy : policies) {
            assertThat(probe(db, policy, null)).as("baseline probe for " + policy).isEmpty();
            Query drop = DSL.query("DROP POLICY {0} ON {1}", name(policy.name()), name(policy.schema(), policy.table()));
            List<String> problems = probe(db, policy, drop);
            if (problems.isEmpty()) {
                survivors.add(policy.toString());
            } else {
                killed++;
                LOG.debug("drop {} killed: {}", policy, problems.getFirst());
            }
        }
        LOG.info("policy mutations (drop): {} of {} killed", killed, policies.size());
        assertThat(survivors).as("policies whose removal no probe noticed").isEmpty();
    }

    @Test
    void weakening_an_app_policy_to_true_lets_the_probe_see_the_other_clinic(TestDatabase db) throws SQLException {
        List<Policy> appPolicies = policies.stream().filter(p -> p.roles().contains(DatabaseRoles.APP)).toList();
        assertThat(appPolicies).hasSizeGreaterThanOrEqualTo(19);
        List<String> survivors = new ArrayList<>();
        for (Policy policy : appPolicies) {
            String clauses = switch (policy.command()) {
                case "SELECT", "DELETE" -> "USING (true)";
                case "INSERT" -> "WITH CHECK (true)";
                default -> "USING (true) WITH CHECK (true)";
            };
            Query weaken = DSL.query("ALTER POLICY {0} ON {1} " + clauses,
                    name(policy.name()), name(policy.schema(), policy.table()));
            List<String> problems = probe(db, policy, weaken);
            if (problems.isEmpty()) {
                survivors.add(policy.toString());
            } else {
                LOG.debug("weaken {} killed: {}", policy, problems.getFirst());
            }
        }
        LOG.info("policy mutations (weaken to true): {} of {} killed",
                appPolicies.size() - survivors.size(), appPolicies.size());
        assertThat(survivors).as("app policies that could be made `true` unnoticed").isEmpty();
    }

    @Test
    void disabling_row_level_security_on_any_table_lets_the_probe_see_the_other_clinic(TestDatabase db) throws SQLException {
        List<String> survivors = new ArrayList<>();
        for (TableInfo table : tables) {
            Policy appPolicy = policies.stream()
                    .filter(p -> p.table().equals(table.name()) && p.roles().contains(DatabaseRoles.APP))
                    .findFirst().orElseThrow();
            Query disable = DSL.query("ALTER TABLE {0} DISABLE ROW LEVEL SECURITY",
                    name(DatabaseRoles.APP_SCHEMA, table.name()));
            List<String> problems = probe(db, appPolicy, disable);
            if (problems.isEmpty()) {
                survivors.add(table.name());
            } else {
                LOG.debug("disable RLS on {} killed: {}", table.name(), problems.getFirst());
            }
        }
        LOG.info("RLS-disable mutations: {} of {} killed", tables.size() - survivors.size(), tables.size());
        assertThat(survivors).as("tables whose RLS could be disabled unnoticed").isEmpty();
    }

    /**
     * Applies the mutation (if any) as the superuser, becomes each role the policy applies to with
     * SET LOCAL ROLE, runs that role's probe, and rolls everything back.
     */
    private static List<String> probe(TestDatabase db, Policy policy, Query mutation) throws SQLException {
        List<String> problems = new ArrayList<>();
        for (String role : policy.roles()) {
            try (Connection connection = db.connectAsSuperuser()) {
                connection.setAutoCommit(false);
                try {
                    DSLContext dsl = DSL.using(connection, SQLDialect.POSTGRES);
                    if (mutation != null) {
                        dsl.execute(mutation);
                    }
                    dsl.execute(DSL.query("SET LOCAL ROLE {0}", name(role)));
                    IsolationProbe probe = new IsolationProbe(connection, db.contexts(), true, rows);
                    problems.addAll(probeFor(role, policy, probe));
                } finally {
                    connection.rollback();
                }
            }
        }
        return problems;
    }

    private static List<String> probeFor(String role, Policy policy, IsolationProbe probe) {
        Function<String, TableInfo> table = name -> tables.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
        return switch (role) {
            case DatabaseRoles.APP -> {
                List<String> problems = new ArrayList<>();
                TableInfo t = table.apply(policy.table());
                problems.addAll(probe.appWithClinic(t, Context.of(clinicA, "clinic A"), clinicB));
                problems.addAll(probe.appWithClinic(t, Context.of(clinicB, "clinic B"), clinicA));
                problems.addAll(probe.appWithoutClinic(t, Context.empty(), clinicA));
                yield problems;
            }
            case DatabaseRoles.REPORTING -> probe.reporting(table.apply(policy.table()), List.of(clinicA, clinicB));
            case DatabaseRoles.PLATFORM -> probe.platform(policy.table(), List.of(clinicA, clinicB));
            case DatabaseRoles.OWNER -> probe.ownerFunctions(clinicA);
            default -> throw new IllegalStateException("no probe for role " + role + " of policy " + policy);
        };
    }
}
