package io.santkrupa.db;

import io.santkrupa.db.jooq.santkrupa_platform.Routines;
import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;

import static io.santkrupa.db.jooq.santkrupa.Tables.ACCOUNT_INVITATION;
import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The platform role (the super admins' console) against an existing clinic, connected as that
 * role: the review's attack -- plant a clinic_admin with a chosen password hash into a clinic
 * that already has patients, then sign in as it -- must fail in the database itself.
 */
@ExtendWith(TestDatabaseExtension.class)
class PlatformRoleBoundaryTest {

    private static TestDatabase db;
    private static WebTestServer server;
    private static Clinic clinic;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
        clinic = WebFixture.clinicWithLogins(db, server.hasher);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void the_platform_role_cannot_plant_an_administrator_in_an_existing_clinic() throws SQLException {
        String plantedHash = server.hasher.hash("planted password 1");
        try (Connection platform = db.connectAsPlatform()) {
            platform.setAutoCommit(false);
            DSLContext sql = DSL.using(platform, SQLDialect.POSTGRES);
            // exactly what the review ran: take the clinic's context, insert an admin with a chosen hash
            assertThatThrownBy(() -> {
                sql.select(DSL.function(DSL.name("pg_catalog", "set_config"), String.class,
                        DSL.val("app.clinic_id"), DSL.val(clinic.id().toString()), DSL.inline(true))).fetch();
                sql.insertInto(APP_USER)
                        .set(APP_USER.CLINIC_ID, clinic.id().value()).set(APP_USER.ID, Ids.newId())
                        .set(APP_USER.USERNAME, "planted").set(APP_USER.PASSWORD_HASH, plantedHash)
                        .set(APP_USER.ROLE, "clinic_admin").set(APP_USER.FULL_NAME, "Planted Admin")
                        .execute();
                platform.commit();
            }).isInstanceOfSatisfying(DataAccessException.class, e -> assertThat(e.sqlState()).isEqualTo("42501"));
            platform.rollback();
        }
        int planted = db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(APP_USER,
                APP_USER.CLINIC_ID.eq(clinic.id().value()), APP_USER.USERNAME.eq("planted")));
        assertThat(planted).isZero();
        HttpResponse<String> signIn = server.browser().signIn(clinic.slug(), "planted", "planted password 1");
        assertThat(signIn.statusCode()).as("the planted admin signs in").isEqualTo(401);
    }

    @Test
    void the_platform_role_reads_no_table_of_a_clinic_but_the_registry() throws SQLException {
        List<String> tables;
        try (Connection owner = db.connectAsOwner()) {
            tables = Catalog.query(owner, """
                    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = ? AND c.relkind IN ('r', 'p') ORDER BY 1""", rs -> rs.getString(1),
                    DatabaseRoles.APP_SCHEMA);
        }
        assertThat(tables).contains("patient", "app_user", "doctor_note", "audit_event", "account_invitation");
        try (Connection platform = db.connectAsPlatform()) {
            DSLContext sql = DSL.using(platform, SQLDialect.POSTGRES);
            for (String table : tables) {
                var select = DSL.selectCount().from(DSL.table(DSL.name(DatabaseRoles.APP_SCHEMA, table)));
                if (table.equals("clinic")) {
                    assertThat(sql.fetchSingle(select).value1()).as(table).isPositive();
                } else {
                    assertThatThrownBy(() -> sql.fetch(select)).as(table)
                            .isInstanceOfSatisfying(DataAccessException.class, e -> assertThat(e.sqlState()).isEqualTo("42501"));
                }
                boolean writes = sql.fetchSingle(DSL.field("has_table_privilege({0}, {1}, 'INSERT, UPDATE, DELETE, TRUNCATE')",
                        Boolean.class, DSL.val(DatabaseRoles.PLATFORM), DSL.val(DatabaseRoles.APP_SCHEMA + "." + table))).value1();
                assertThat(writes).as("the platform role may write " + table).isFalse();
            }
        }
    }

    @Test
    void provisioning_never_reaches_an_existing_clinic_and_writes_nothing_when_refused() throws SQLException {
        int users = db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(APP_USER, APP_USER.CLINIC_ID.eq(clinic.id().value())));
        int links = db.tenants().inClinic(clinic.id(), tx -> tx.fetchCount(ACCOUNT_INVITATION,
                ACCOUNT_INVITATION.CLINIC_ID.eq(clinic.id().value())));
        try (Connection platform = db.connectAsPlatform()) {
            DSLContext sql = DSL.using(platform, SQLDialect.POSTGRES);
            // the same id as an existing clinic: the registry's primary key refuses before any user is made
            assertThatThrownBy(() -> provision(sql, clinic.id().value(), "brand-new-" + Ids.newId().toString().substring(0, 8)))
                    .isInstanceOfSatisfying(DataAccessException.class, e -> assertThat(e.sqlState()).isEqualTo("23505"));
            // the same slug
            assertThatThrownBy(() -> provision(sql, Ids.newId(), clinic.slug()))
                    .isInstanceOfSatisfying(DataAccessException.class, e -> assertThat(e.sqlState()).isEqualTo("23505"));
            // a new link for an admin who chose a password long ago
            assertThatThrownBy(() -> Routines.reissueAdminInvitation(sql.configuration(), clinic.id().value(), Ids.newId(),
                    new byte[32], OffsetDateTime.now().plusDays(1), Ids.newId(), "attack"))
                    .isInstanceOfSatisfying(DataAccessException.class, e -> assertThat(e.sqlState()).isEqualTo("55000"));
            // and no clinic context to borrow: current_clinic_id() is not even callable
            assertThatThrownBy(() -> sql.fetch("SELECT santkrupa.current_clinic_id()"))
                    .isInstanceOfSatisfying(DataAccessException.class, e -> assertThat(e.sqlState()).isEqualTo("42501"));
        }
        assertThat(db.tenants().<Integer>inClinic(clinic.id(), tx -> tx.fetchCount(APP_USER,
                APP_USER.CLINIC_ID.eq(clinic.id().value())))).isEqualTo(users);
        assertThat(db.tenants().<Integer>inClinic(clinic.id(), tx -> tx.fetchCount(ACCOUNT_INVITATION,
                ACCOUNT_INVITATION.CLINIC_ID.eq(clinic.id().value())))).isEqualTo(links);
    }

    @Test
    void the_platform_role_cannot_tell_whether_a_username_exists_in_a_clinic() throws SQLException {
        try (Connection platform = db.connectAsPlatform()) {
            platform.setAutoCommit(false);
            DSLContext sql = DSL.using(platform, SQLDialect.POSTGRES);
            List<String> answers = new java.util.ArrayList<>();
            for (String username : List.of("admin", "doctor", "no-such-user-" + Ids.newId().toString().substring(0, 8))) {
                for (var probe : List.<java.util.function.Supplier<Object>>of(
                        () -> sql.fetchCount(APP_USER, APP_USER.CLINIC_ID.eq(clinic.id().value()), APP_USER.USERNAME.eq(username)),
                        () -> sql.fetchExists(APP_USER, APP_USER.USERNAME.eq(username)))) {
                    try {
                        answers.add("answered " + probe.get());
                    } catch (DataAccessException e) {
                        answers.add(e.sqlState() + " " + e.getCause().getMessage());
                    }
                    platform.rollback();
                }
            }
            // every question, about a user who exists or not, gets the very same refusal
            assertThat(answers).hasSize(6).allMatch(answer -> answer.equals(answers.getFirst()));
            assertThat(answers.getFirst()).startsWith("42501");
            // a new clinic may take any username: usernames are per clinic, so provisioning reveals nothing either
            provision(sql, Ids.newId(), "fresh-" + Ids.newId().toString().substring(0, 8));
            platform.rollback();
        }
    }

    @Test
    void the_platform_role_cannot_change_the_functions_or_policies_it_is_limited_by() throws SQLException {
        try (Connection platform = db.connectAsPlatform()) {
            DSLContext sql = DSL.using(platform, SQLDialect.POSTGRES);
            for (String ddl : List.of(
                    "CREATE OR REPLACE FUNCTION santkrupa_platform.clinic_usage(p_clinic_ids uuid[]) RETURNS SETOF int "
                            + "LANGUAGE sql AS 'SELECT 1'",
                    "ALTER FUNCTION santkrupa_platform.clinic_usage(uuid[]) SECURITY INVOKER",
                    "DROP POLICY clinic_platform_read ON santkrupa.clinic",
                    "CREATE POLICY mine ON santkrupa.patient FOR SELECT TO santkrupa_platform USING (true)",
                    "ALTER TABLE santkrupa.app_user DISABLE ROW LEVEL SECURITY",
                    "GRANT SELECT ON santkrupa.patient TO santkrupa_platform")) {
                assertThatThrownBy(() -> sql.execute(ddl)).as(ddl)
                        .isInstanceOfSatisfying(DataAccessException.class, e -> assertThat(e.sqlState()).isIn("42501", "42P01"));
            }
        }
    }

    /** provision_clinic as the console calls it, for the given id and slug. */
    private static void provision(DSLContext sql, java.util.UUID id, String slug) {
        String suffix = Ids.newId().toString().substring(24);
        Routines.provisionClinic(sql.configuration(), id, slug, "B" + suffix.substring(0, 10).toUpperCase(), "Boundary Clinic",
                "", "", "", "", "", "", "", "REG-B-" + suffix, "Asia/Kolkata", "IN", "trial", null, 1, 1, 1, Ids.newId(), "admin",
                "Someone", "", Ids.newId(), new byte[32], OffsetDateTime.now().plusDays(1), Ids.newId(), Ids.newId(), "boundary",
                "boundary");
    }
}
