package io.santkrupa.cli;

import io.santkrupa.testing.PlatformLogin;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.Map;

import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_ADMIN;
import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_RECOVERY_CODE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A super admin who lost their phone and recovery codes: the command line forgets their second
 * factor and ends their sessions; their password alone then opens only the enrolment page.
 */
@ExtendWith(TestDatabaseExtension.class)
class ResetPlatformAdminSecondFactorCommandTest {

    private static TestDatabase db;
    private static WebTestServer server;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void the_next_sign_in_enrols_a_new_app_and_old_sessions_are_gone() {
        PlatformLogin.SignedIn signedIn = PlatformLogin.signIn(server, db);
        assertThat(signedIn.browser().get("/platform").statusCode()).isEqualTo(200);

        var run = CommandRunner.over(db).run("reset-platform-admin-second-factor", signedIn.username(),
                "--reason", "Phone lost; identity checked by a video call");
        assertThat(run.exitCode()).as(run.toString()).isZero();

        assertThat(signedIn.browser().get("/platform").statusCode()).as("the old session").isEqualTo(303);
        assertThat(db.platform().<Boolean>run(tx -> tx.fetchExists(PLATFORM_ADMIN,
                PLATFORM_ADMIN.ID.eq(signedIn.adminId()), PLATFORM_ADMIN.TOTP_SECRET.isNull()))).isTrue();
        assertThat(db.platform().<Integer>run(tx -> tx.fetchCount(PLATFORM_RECOVERY_CODE,
                PLATFORM_RECOVERY_CODE.ADMIN_ID.eq(signedIn.adminId())))).isZero();
        assertThat(db.platform().<String>run(tx -> tx.select(PLATFORM_AUDIT_EVENT.DETAIL).from(PLATFORM_AUDIT_EVENT)
                .where(PLATFORM_AUDIT_EVENT.ACTION.eq("platform_admin.second_factor_reset"),
                        PLATFORM_AUDIT_EVENT.ACTOR.eq(PlatformCommandTesting.ACTOR),
                        PLATFORM_AUDIT_EVENT.DETAIL.contains(signedIn.adminId().toString()))
                .fetchSingle(PLATFORM_AUDIT_EVENT.DETAIL))).contains("identity checked by a video call");

        TestBrowser again = server.browser();
        again.get("/platform/login");
        HttpResponse<String> password = again.post("/platform/login",
                Map.of("username", signedIn.username(), "password", PlatformLogin.PASSWORD));
        assertThat(password.statusCode()).isEqualTo(303);
        assertThat(password.headers().firstValue("Location")).hasValue("/platform/login/enrol");
        assertThat(again.get("/platform").headers().firstValue("Location")).hasValue("/platform/login/enrol");
    }

    @Test
    void an_unknown_administrator_is_exit_3_and_a_reason_is_required() {
        var unknown = CommandRunner.over(db).run("reset-platform-admin-second-factor", "nobody-here", "--reason", "test");
        assertThat(unknown.exitCode()).isEqualTo(3);
        assertThat(unknown.err()).contains("No platform administrator has the username");
        var noReason = CommandRunner.over(db).run("reset-platform-admin-second-factor", "nobody-here", "--reason", " ");
        assertThat(noReason.exitCode()).isEqualTo(2);
        assertThat(noReason.err()).contains("--reason");
    }
}
