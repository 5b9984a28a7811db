package io.santkrupa.cli;

import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.santkrupa.cli.PlatformCommandTesting.ACTOR;
import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;
import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC_SUBSCRIPTION_CHANGE;
import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_AUDIT_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

/** A clinic's capacity from the command line: the limits given change, the others keep their value. */
@ExtendWith(TestDatabaseExtension.class)
class SetClinicLimitsCommandTest {

    @Test
    void changes_the_limits_given_and_keeps_the_others(TestDatabase db) {
        var clinic = ClinicFixture.create(db);
        var run = CommandRunner.over(db).run("set-clinic-limits", clinic.slug(), "--max-doctors", "15",
                "--max-patients", "2000", "--reason", "Upgraded to the clinic plan");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo(clinic.slug() + ": 10 doctors / 500 patients / 5 receptionists -> "
                + "15 doctors / 2000 patients / 5 receptionists (Upgraded to the clinic plan)\n");
        var limits = db.platform().run(tx -> tx.select(CLINIC.MAX_DOCTORS, CLINIC.MAX_PATIENTS, CLINIC.MAX_RECEPTIONISTS)
                .from(CLINIC).where(CLINIC.ID.eq(clinic.id().value())).fetchSingle());
        assertThat(limits.value1()).isEqualTo(15);
        assertThat(limits.value2()).isEqualTo(2000);
        assertThat(limits.value3()).isEqualTo(5);
        var change = db.tenants().readInClinic(clinic.id(), tx -> tx.selectFrom(CLINIC_SUBSCRIPTION_CHANGE)
                .where(CLINIC_SUBSCRIPTION_CHANGE.CLINIC_ID.eq(clinic.id().value()), CLINIC_SUBSCRIPTION_CHANGE.KIND.eq("limits"))
                .fetchSingle());
        assertThat(change.getMaxDoctors()).isEqualTo(15);
        assertThat(change.getReason()).isEqualTo("Upgraded to the clinic plan");
        var event = db.platform().run(tx -> tx.selectFrom(PLATFORM_AUDIT_EVENT)
                .where(PLATFORM_AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()),
                        PLATFORM_AUDIT_EVENT.ACTION.eq("clinic.limits_change")).fetchSingle());
        assertThat(event.getActor()).isEqualTo(ACTOR);
    }

    @Test
    void answers_before_and_after_in_json(TestDatabase db) {
        var clinic = ClinicFixture.create(db);
        var run = CommandRunner.over(db).run("set-clinic-limits", clinic.slug(), "--max-receptionists", "0",
                "--reason", "No front desk", "--json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        var json = run.json();
        assertThat(json.get("before").get("receptionists").asInt()).isEqualTo(5);
        assertThat(json.get("after").get("receptionists").asInt()).isZero();
        assertThat(json.get("after").get("doctors").asInt()).isEqualTo(10);
        assertThat(json.get("reason").asText()).isEqualTo("No front desk");
    }

    @Test
    void without_any_limit_or_with_a_wrong_one_nothing_changes_and_the_exit_is_2(TestDatabase db) {
        var clinic = ClinicFixture.create(db);
        var none = CommandRunner.over(db).run("set-clinic-limits", clinic.slug(), "--reason", "Nothing");
        var wrong = CommandRunner.over(db).run("set-clinic-limits", clinic.slug(), "--max-patients", "-5",
                "--max-doctors", "20000", "--reason", "Wrong");

        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("Give at least one of --max-doctors, --max-patients and --max-receptionists.");
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err()).contains("--max-doctors: Doctors must be from 0 to 10000.",
                "--max-patients: Patients must be a whole number");
        int doctors = db.platform().run(tx -> tx.select(CLINIC.MAX_DOCTORS).from(CLINIC)
                .where(CLINIC.ID.eq(clinic.id().value())).fetchSingle(CLINIC.MAX_DOCTORS));
        assertThat(doctors).isEqualTo(10);
    }

    @Test
    void an_unknown_clinic_is_exit_3(TestDatabase db) {
        var run = CommandRunner.over(db).run("set-clinic-limits", "no-such-clinic", "--max-doctors", "3", "--reason", "Test");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("No clinic has the slug \"no-such-clinic\".");
    }
}
