package io.santkrupa.cli;

import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.web.Form;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.santkrupa.cli.PlatformCommandTesting.ACTOR;
import static io.santkrupa.cli.PlatformCommandTesting.Names;
import static io.santkrupa.cli.PlatformCommandTesting.clinicId;
import static io.santkrupa.cli.PlatformCommandTesting.links;
import static io.santkrupa.cli.PlatformCommandTesting.redeem;
import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_AUDIT_EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A lost or expired first link can be replaced -- until the first administrator has chosen a password. */
@ExtendWith(TestDatabaseExtension.class)
class ReissueAdminLinkCommandTest {

    @Test
    void a_new_link_replaces_the_old_one_until_the_administrator_has_chosen_a_password(TestDatabase db) {
        Names names = Names.fresh();
        var created = CommandRunner.over(db).run(names.createClinic());
        String first = links(created.out()).getFirst();

        var reissued = CommandRunner.over(db).run("reissue-admin-link", names.slug(), "--base-url", "https://clinics.example.org");
        assertThat(reissued.exitCode()).as(reissued.toString()).isZero();
        assertThat(reissued.out()).contains("earlier links no longer work", "shown only this once");
        String second = links(reissued.out()).getFirst();
        assertThat(second).startsWith("https://clinics.example.org/clinic/" + names.slug() + "/welcome/").isNotEqualTo(first);
        assertThatThrownBy(() -> redeem(db, names.slug(), first)).isInstanceOf(Form.Refused.class);
        assertThat(redeem(db, names.slug(), second)).isEqualTo("s.patil");

        var refused = CommandRunner.over(db).run("reissue-admin-link", names.slug());
        var refusedJson = CommandRunner.over(db).run("reissue-admin-link", names.slug(), "--json");
        assertThat(refused.exitCode()).isEqualTo(4);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).contains("has already chosen a password");
        assertThat(refusedJson.exitCode()).isEqualTo(4);
        assertThat(refusedJson.errorJson().get("error").asText()).contains("has already chosen a password");
        int events = db.platform().run(tx -> tx.fetchCount(PLATFORM_AUDIT_EVENT,
                PLATFORM_AUDIT_EVENT.CLINIC_ID.eq(clinicId(db, names.slug()).value()),
                PLATFORM_AUDIT_EVENT.ACTION.eq("clinic.admin_link_reissue"), PLATFORM_AUDIT_EVENT.ACTOR.eq(ACTOR)));
        assertThat(events).isEqualTo(1);
    }

    @Test
    void the_json_answer_has_the_link_and_its_expiry(TestDatabase db) {
        Names names = Names.fresh();
        CommandRunner.over(db).run(names.createClinic());
        var run = CommandRunner.over(db).run("reissue-admin-link", names.slug(), "--json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.json().get("slug").asText()).isEqualTo(names.slug());
        assertThat(run.json().get("linkExpiresAt").asText()).isNotBlank();
        assertThat(redeem(db, names.slug(), run.json().get("setPasswordLink").asText())).isEqualTo("s.patil");
    }

    @Test
    void an_unknown_clinic_is_exit_3(TestDatabase db) {
        var run = CommandRunner.over(db).run("reissue-admin-link", "no-such-clinic");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("No clinic has the slug \"no-such-clinic\".");
    }
}
