package io.santkrupa.db;

import com.zaxxer.hikari.HikariDataSource;
import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The application's database roles cannot loosen the limits they run under (issue 12, findings
 * 2-4), tried as those roles: large objects, which RLS does not cover, cannot be made; every
 * pooled session carries its timeouts and row security whatever the role's own defaults say; a
 * role giving itself defaults is a linter finding (and serve refuses to start); a statement
 * that runs away is cut off and its connection serves the next transaction clean.
 */
@ExtendWith(TestDatabaseExtension.class)
class RoleLimitsTest {

    @Test
    void the_application_roles_cannot_read_the_statements_of_other_sessions(TestDatabase db) throws SQLException {
        try (Connection app = db.connectAsApp(); Connection platform = db.connectAsPlatform()) {
            for (Connection role : List.of(app, platform)) {
                for (String sql : List.of("SELECT query FROM pg_catalog.pg_stat_activity",
                        "SELECT pg_catalog.pg_stat_get_backend_activity(1)",
                        "SELECT query FROM pg_catalog.pg_stat_get_activity(NULL)")) {
                    assertThatThrownBy(() -> scalar(role, sql)).as(sql)
                            .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
                }
            }
        }
    }

    @Test
    void the_application_roles_cannot_create_or_read_large_objects(TestDatabase db) throws SQLException {
        try (Connection app = db.connectAsApp(); Connection platform = db.connectAsPlatform()) {
            for (Connection role : new Connection[] {app, platform}) {
                for (String sql : new String[] {"SELECT lo_from_bytea(0, '\\x01'::bytea)", "SELECT lo_create(0)",
                        "SELECT lo_creat(-1)", "SELECT lo_get(1)"}) {
                    assertThatThrownBy(() -> query(role, sql)).as(sql)
                            .isInstanceOfSatisfying(SQLException.class,
                                    e -> assertThat(e.getSQLState()).as(sql + ": permission denied").isEqualTo("42501"));
                }
            }
        }
    }

    @Test
    void every_pooled_session_carries_its_limits(TestDatabase db) throws SQLException {
        try (HikariDataSource pool = db.newAppPool(1); Connection c = pool.getConnection()) {
            assertThat(settings(c)).containsExactlyEntriesOf(expectedDefaults());
        }
    }

    @Test
    void a_role_giving_itself_weaker_defaults_changes_no_pooled_session_and_is_a_finding(TestDatabase db)
            throws SQLException {
        try (Connection app = db.connectAsApp()) {
            try {
                // what PostgreSQL lets any role do to itself, persisted for its every new connection
                execute(app, "ALTER ROLE santkrupa_app SET statement_timeout = 0");
                execute(app, "ALTER ROLE santkrupa_app SET row_security = off");
                execute(app, "ALTER ROLE santkrupa_app SET lock_timeout = 0");
                try (Connection plain = db.connectAsApp()) {
                    assertThat(settings(plain)).as("a connection without the pool's options takes them")
                            .containsEntry("statement_timeout", "0").containsEntry("row_security", "off");
                }
                try (HikariDataSource pool = db.newAppPool(1); Connection pooled = pool.getConnection()) {
                    assertThat(settings(pooled)).containsExactlyEntriesOf(expectedDefaults());
                }
                try (Connection owner = db.connectAsOwner()) {
                    assertThat(RlsLinter.findings(owner)).anyMatch(f -> f.startsWith("role santkrupa_app: ")
                            && f.contains("statement_timeout=0") && f.contains("row_security=off"));
                }
            } finally {
                execute(app, "ALTER ROLE santkrupa_app RESET ALL");
            }
        }
        try (Connection owner = db.connectAsOwner()) {
            assertThat(RlsLinter.findings(owner)).as("reset, nothing to find").isEmpty();
        }
    }

    @Test
    void a_runaway_statement_is_cut_off_and_its_connection_serves_the_next_transaction_clean(TestDatabase db) {
        ClinicFixture.Clinic clinic = ClinicFixture.create(db);
        SessionLimits quick = new SessionLimits(Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofSeconds(5));
        try (HikariDataSource pool = Pools.app(db.config(), 1, quick)) {
            TenantTransactions tenants = new TenantTransactions(pool, db.contexts());
            assertThatThrownBy(() -> tenants.inClinic(clinic.id(), tx -> tx.fetch("SELECT pg_sleep(5)")))
                    .isInstanceOfSatisfying(DataAccessException.class,
                            e -> assertThat(e.sqlState()).as("canceled by statement_timeout").isEqualTo("57014"));
            String next = tenants.<String>inClinic(clinic.id(), tx -> String.valueOf(tx.fetchValue(
                    "SELECT santkrupa.current_clinic_id()")));
            assertThat(next).isEqualTo(clinic.id().toString());
            try (Connection reused = pool.getConnection()) {
                assertThat(scalar(reused, "SELECT coalesce(current_setting('app.clinic_context', true), '')")).isEmpty();
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, String> expectedDefaults() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("statement_timeout", "15s");
        expected.put("lock_timeout", "5s");
        expected.put("idle_in_transaction_session_timeout", "1min");
        expected.put("row_security", "on");
        return expected;
    }

    private static Map<String, String> settings(Connection c) throws SQLException {
        Map<String, String> found = new LinkedHashMap<>();
        for (String name : expectedDefaults().keySet()) {
            found.put(name, scalar(c, "SHOW " + name)); // names of this test, never input
        }
        return found;
    }

    private static String scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
