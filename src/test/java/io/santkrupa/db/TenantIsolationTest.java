package io.santkrupa.db;

import com.zaxxer.hikari.HikariDataSource;
import io.santkrupa.db.IsolationProbe.Context;
import io.santkrupa.db.IsolationProbe.TableInfo;
import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.PATIENT;
import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Row-level security, proved at SQL level as the app role, for every table of the application
 * schema -- discovered from the live catalog, so a new table is covered (and must get fixture
 * rows) without touching this test.
 */
@ExtendWith(TestDatabaseExtension.class)
class TenantIsolationTest {

    private static final Logger LOG = LoggerFactory.getLogger(TenantIsolationTest.class);
    /** Past the JDBC driver's prepareThreshold (5): later runs use server-side prepared, generic plans. */
    private static final int REPETITIONS = 7;

    private static Clinic clinicA;
    private static Clinic clinicB;
    private static List<TableInfo> tables;
    private static Map<String, Map<UUID, Record>> rows;

    @BeforeAll
    static void twoClinics(TestDatabase db) throws SQLException {
        clinicA = ClinicFixture.create(db);
        clinicB = ClinicFixture.create(db);
        try (Connection app = db.connectAsApp()) {
            tables = IsolationProbe.discover(app);
        }
        try (Connection superuser = db.connectAsSuperuser()) {
            rows = IsolationProbe.fixtureRows(superuser, tables, List.of(clinicA, clinicB));
        }
    }

    @Test
    void every_table_of_the_application_schema_is_probed() {
        assertThat(tables).extracting(TableInfo::name).contains(
                "clinic", "app_user", "patient", "doctor", "patient_visit", "doctor_note", "medicine",
                "prescription", "prescription_item", "lab_test", "lab_test_parameter", "test_order",
                "test_result", "medical_report", "stored_file", "audit_event", "clinic_counter",
                "web_session", "refresh_token", "account_invitation", "clinic_subscription_change",
                "lab_reference_range", "test_order_correction", "audit_event_patient", "audit_event_repeat");
        assertThat(rows).containsOnlyKeys(tables.stream().map(TableInfo::name).toList());
    }

    @Test
    void no_context_value_reaches_another_clinics_rows_on_a_reused_pooled_connection(TestDatabase db) throws SQLException {
        List<String> problems = new ArrayList<>();
        long statements;
        try (HikariDataSource pool = db.newAppPool(1); Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            IsolationProbe probe = new IsolationProbe(connection, db.contexts(), false, rows);
            List<Context> noClinic = List.of(Context.none(), Context.empty(), Context.malformed(),
                    Context.bareClinicId(clinicA), Context.forged(clinicA));
            for (int repetition = 1; repetition <= REPETITIONS; repetition++) {
                for (TableInfo table : tables) {
                    problems.addAll(probe.appWithClinic(table, Context.of(clinicA, "own clinic A"), clinicB));
                    problems.addAll(probe.appWithClinic(table, Context.of(clinicB, "other clinic B"), clinicA));
                    for (Context context : noClinic) {
                        problems.addAll(probe.appWithoutClinic(table, context, clinicA));
                    }
                }
            }
            statements = probe.statementsRun();
            connection.setAutoCommit(true);
            // the driver switched to server-side prepared statements, so generic plans were exercised too
            assertThat(DSL.using(connection, SQLDialect.POSTGRES)
                    .fetchSingle("SELECT count(*) FROM pg_prepared_statements WHERE NOT from_sql").get(0, Integer.class))
                    .isPositive();
        }
        LOG.info("isolation probes: {} statements over {} tables x 5 contexts x {} repetitions",
                statements, tables.size(), REPETITIONS);
        assertThat(problems).isEmpty();
    }

    @Test
    void a_connection_that_never_set_a_clinic_sees_nothing(TestDatabase db) throws SQLException {
        try (Connection connection = db.connectAsApp()) {
            DSLContext dsl = DSL.using(connection, SQLDialect.POSTGRES);
            assertThat(dsl.fetchSingle("SELECT current_setting('app.clinic_context', true)").get(0, String.class)).isNull();
            for (TableInfo table : tables) {
                if (table.canSelect()) {
                    assertThat(dsl.fetchCount(table.table())).as(table.name()).isZero();
                }
            }
        }
    }

    @Test
    void composite_foreign_keys_reject_a_reference_to_another_clinics_row(TestDatabase db) throws SQLException {
        List<ForeignKey> foreignKeys;
        try (Connection app = db.connectAsApp()) {
            foreignKeys = ForeignKey.betweenTenantTables(app);
        }
        assertThat(foreignKeys).hasSizeGreaterThan(20);
        List<String> problems = new ArrayList<>();
        for (ForeignKey fk : foreignKeys) {
            TableInfo child = table(fk.table());
            Record otherParent = rows.get(fk.referencedTable()).get(clinicB.row(fk.referencedTable()));
            try {
                db.tenants().inClinic(clinicA.id(), tx -> pointAt(tx, child, fk, otherParent));
                problems.add(fk.name() + ": accepted a reference to clinic B's " + fk.referencedTable());
            } catch (DataAccessException e) {
                if (!"23503".equals(e.sqlState())) {
                    problems.add(fk.name() + ": expected a foreign key violation, got SQLSTATE " + e.sqlState());
                }
            }
        }
        LOG.info("composite foreign keys probed: {}", foreignKeys.size());
        assertThat(problems).isEmpty();
    }

    /**
     * Makes clinic A's row of the child table point at clinic B's parent row, keeping its clinic
     * column (clinic_id; the registry's own id for the clinic's logo) = A.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int pointAt(DSLContext tx, TableInfo child, ForeignKey fk, Record otherParent) {
        Record row = rows.get(child.name()).get(clinicA.row(child.name()));
        Record changed = tx.newRecord(child.table());
        changed.from(row);
        String clinicColumn = child.tenantColumn().getName();
        java.util.Map<Field<?>, Object> pointed = new java.util.LinkedHashMap<>();
        for (int i = 0; i < fk.columns().size(); i++) {
            if (!fk.columns().get(i).equals(clinicColumn)) {
                Field field = child.table().field(fk.columns().get(i));
                changed.set(field, otherParent.get(fk.referencedColumns().get(i)));
                pointed.put(field, otherParent.get(fk.referencedColumns().get(i)));
            }
        }
        boolean columnsUpdatable = child.canUpdate() && pointed.keySet().stream().allMatch(column -> tx.fetchSingle(
                "SELECT has_column_privilege(current_user, {0}::regclass, {1}, 'UPDATE')",
                DSL.inline(DatabaseRoles.APP_SCHEMA + "." + child.name()), DSL.inline(column.getName())).get(0, Boolean.class));
        if (columnsUpdatable) {
            // only the key's own columns: the app role may update no other column of some tables (the registry)
            return tx.update(child.table()).set(pointed).where(child.id().eq(clinicA.row(child.name()))).execute();
        }
        changed.set(child.id(), Ids.newId());
        Field<byte[]> tokenHash = child.table().field("token_hash", byte[].class);
        if (tokenHash != null) {
            changed.set(tokenHash, ClinicFixtureBytes.random32()); // unique per clinic: a copy needs its own
        }
        Field<java.time.OffsetDateTime> window = child.table().field("window_start", java.time.OffsetDateTime.class);
        if (window != null) {
            // a count is unique per person, route, record and window: a copy counts in a window of its own
            java.time.OffsetDateTime earlier = changed.get(window).minusYears(1);
            changed.set(window, earlier);
            changed.set(child.table().field("first_at", java.time.OffsetDateTime.class), earlier);
            changed.set(child.table().field("last_at", java.time.OffsetDateTime.class), earlier);
        }
        return tx.insertInto(child.table()).set(changed).execute();
    }

    @Test
    void the_reporting_role_reads_every_clinic_and_writes_nothing(TestDatabase db) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Connection reporting = db.connectAsReporting()) {
            reporting.setAutoCommit(false);
            IsolationProbe probe = new IsolationProbe(reporting, db.contexts(), false, rows);
            for (TableInfo table : tables) {
                problems.addAll(probe.reporting(table, List.of(clinicA, clinicB)));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void the_reporting_role_cannot_read_passwords_tokens_or_documents(TestDatabase db) throws SQLException {
        List<String> secrets = List.of(
                "SELECT password_hash FROM santkrupa.app_user",
                "SELECT token_hash FROM santkrupa.web_session",
                "SELECT csrf_token FROM santkrupa.web_session",
                "SELECT token_hash FROM santkrupa.refresh_token",
                "SELECT content FROM santkrupa.stored_file",
                "SELECT fields FROM santkrupa.form_draft",
                "SELECT page FROM santkrupa.form_draft",
                "SELECT * FROM santkrupa.app_user");
        try (Connection reporting = db.connectAsReporting()) {
            DSLContext dsl = DSL.using(reporting, SQLDialect.POSTGRES);
            for (String query : secrets) {
                assertThatThrownBy(() -> dsl.fetch(query)).as(query)
                        .isInstanceOfSatisfying(DataAccessException.class, e -> assertThat(e.sqlState()).isEqualTo("42501"));
            }
            // while the rest of the row stays readable
            assertThat(dsl.fetchCount(DSL.select(APP_USER.ID, APP_USER.USERNAME, APP_USER.ROLE).from(APP_USER)
                    .where(APP_USER.ID.eq(clinicA.row("app_user"))))).isEqualTo(1);
        }
    }

    @Test
    void the_app_role_cannot_change_or_remove_audit_events_even_its_own(TestDatabase db) {
        UUID event = clinicA.row("audit_event");
        assertThatThrownBy(() -> db.tenants().inClinic(clinicA.id(), tx -> tx.update(AUDIT_EVENT)
                .set(AUDIT_EVENT.ACTION, "nothing.happened").where(AUDIT_EVENT.ID.eq(event)).execute()))
                .isInstanceOfSatisfying(DataAccessException.class, e -> assertThat(e.sqlState()).isEqualTo("42501"));
        assertThatThrownBy(() -> db.tenants().inClinic(clinicA.id(), tx -> tx.deleteFrom(AUDIT_EVENT)
                .where(AUDIT_EVENT.ID.eq(event)).execute()))
                .isInstanceOfSatisfying(DataAccessException.class, e -> assertThat(e.sqlState()).isEqualTo("42501"));
        assertThatThrownBy(() -> db.tenants().inClinic(clinicA.id(), tx -> tx.truncate(AUDIT_EVENT).execute()))
                .isInstanceOfSatisfying(DataAccessException.class, e -> assertThat(e.sqlState()).isEqualTo("42501"));
        int stillThere = db.tenants().inClinic(clinicA.id(), tx -> tx.fetchCount(AUDIT_EVENT, AUDIT_EVENT.ID.eq(event)));
        assertThat(stillThere).isEqualTo(1);
    }

    @Test
    void the_app_role_cannot_read_platform_administrators(TestDatabase db) {
        assertThatThrownBy(() -> db.tenants().inClinic(clinicA.id(), tx -> tx.fetchCount(PLATFORM_ADMIN)))
                .isInstanceOfSatisfying(DataAccessException.class, e -> assertThat(e.sqlState()).isEqualTo("42501"));
    }

    @Test
    void the_platform_role_reads_the_registry_and_its_own_tables_and_no_clinic_records(TestDatabase db) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Connection platform = db.connectAsPlatform()) {
            platform.setAutoCommit(false);
            IsolationProbe probe = new IsolationProbe(platform, db.contexts(), false, rows);
            for (String table : List.of("clinic", "platform_admin", "platform_session", "platform_recovery_code",
                    "platform_audit_event", "app_user")) {
                problems.addAll(probe.platform(table, List.of(clinicA, clinicB)));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void the_owner_functions_work_through_their_own_policies(TestDatabase db) throws SQLException {
        try (Connection platform = db.connectAsPlatform()) {
            platform.setAutoCommit(false);
            assertThat(new IsolationProbe(platform, db.contexts(), false, rows).ownerFunctions(clinicA)).isEmpty();
        }
    }

    @Test
    void a_slug_resolves_to_id_and_status_only(TestDatabase db) throws SQLException {
        try (Connection app = db.connectAsApp()) {
            app.setAutoCommit(false);
            IsolationProbe probe = new IsolationProbe(app, db.contexts(), false, rows);
            assertThat(probe.resolveClinic(clinicA)).isEmpty();
            assertThat(probe.resolveClinic(clinicB)).isEmpty();
            var result = DSL.using(app, SQLDialect.POSTGRES)
                    .fetch("SELECT * FROM santkrupa.resolve_clinic(?)", clinicA.slug());
            assertThat(Arrays.stream(result.fields()).map(Field::getName).toList())
                    .containsExactly("clinic_id", "subscription_status");
            assertThat(DSL.using(app, SQLDialect.POSTGRES)
                    .fetch("SELECT * FROM santkrupa.resolve_clinic(?)", "no-such-clinic")).isEmpty();
            app.rollback();
        }
    }

    @Test
    void a_clinic_id_from_a_cookie_resolves_to_its_slug_only_and_only_for_the_app(TestDatabase db) throws SQLException {
        try (Connection app = db.connectAsApp()) {
            app.setAutoCommit(false);
            DSLContext sql = DSL.using(app, SQLDialect.POSTGRES);
            var result = sql.fetch("SELECT * FROM santkrupa.clinic_slug(?)", clinicA.id().value());
            assertThat(Arrays.stream(result.fields()).map(Field::getName).toList()).containsExactly("clinic_slug");
            assertThat(result.getValue(0, 0)).isEqualTo(clinicA.slug());
            assertThat(sql.fetchValue("SELECT santkrupa.clinic_slug(?)", UUID.randomUUID())).as("no such clinic").isNull();
            assertThat(sql.fetchValue("SELECT santkrupa.current_clinic_id()")).as("and no context was set").isNull();
            app.rollback();
        }
        for (var role : List.<DbConnection>of(db::connectAsPlatform, db::connectAsReporting)) {
            try (Connection other = role.open()) {
                assertThatThrownBy(() -> DSL.using(other, SQLDialect.POSTGRES)
                        .fetch("SELECT santkrupa.clinic_slug(?)", clinicA.id().value()))
                        .isInstanceOf(DataAccessException.class).hasMessageContaining("permission denied");
            }
        }
    }

    @FunctionalInterface
    private interface DbConnection {
        Connection open() throws SQLException;
    }

    private static TableInfo table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    /** Fresh random bytes for a copied row's unique hash column. */
    private static final class ClinicFixtureBytes {
        static byte[] random32() {
            byte[] bytes = new byte[32];
            new java.security.SecureRandom().nextBytes(bytes);
            return bytes;
        }
    }
}
