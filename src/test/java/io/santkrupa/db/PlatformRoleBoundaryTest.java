package io.santkrupa.db;

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
}
