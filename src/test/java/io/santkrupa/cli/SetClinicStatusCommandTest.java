package io.santkrupa.cli;

import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.LocalDate;

import static io.santkrupa.cli.PlatformCommandTesting.ACTOR;
import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC_SUBSCRIPTION_CHANGE;
import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_AUDIT_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

/** Suspending and reactivating a clinic from the command line: the clinic follows, its history keeps the reason. */
@ExtendWith(TestDatabaseExtension.class)
class SetClinicStatusCommandTest {

    @Test
    void suspends_a_clinic_with_the_reason_in_its_subscription_history(TestDatabase db) {
        var clinic = ClinicFixture.create(db);
        var run = CommandRunner.over(db).run("set-clinic-status", clinic.slug(), "suspended", "--reason", "Payment overdue");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo(clinic.slug() + ": trial -> suspended (Payment overdue)\n");
        assertThat(db.tenants().resolveSlug(clinic.slug()).orElseThrow().subscriptionStatus()).isEqualTo("suspended");
        var change = db.tenants().readInClinic(clinic.id(), tx -> tx.selectFrom(CLINIC_SUBSCRIPTION_CHANGE)
                .where(CLINIC_SUBSCRIPTION_CHANGE.CLINIC_ID.eq(clinic.id().value()), CLINIC_SUBSCRIPTION_CHANGE.KIND.eq("status"))
                .fetchSingle());
        assertThat(change.getFromStatus()).isEqualTo("trial");
        assertThat(change.getToStatus()).isEqualTo("suspended");
        assertThat(change.getReason()).isEqualTo("Payment overdue");
        var event = db.platform().run(tx -> tx.selectFrom(PLATFORM_AUDIT_EVENT)
                .where(PLATFORM_AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()),
                        PLATFORM_AUDIT_EVENT.ACTION.eq("clinic.subscription_change")).fetchSingle());
        assertThat(event.getActor()).isEqualTo(ACTOR);
        assertThat(event.getDetail()).isEqualTo("trial -> suspended: Payment overdue");
    }

    @Test
    void reactivates_until_a_date_and_answers_in_json(TestDatabase db) {
        var clinic = ClinicFixture.create(db);
        CommandRunner.over(db).run("set-clinic-status", clinic.slug(), "suspended", "--reason", "Payment overdue");
        var run = CommandRunner.over(db).run("set-clinic-status", clinic.slug(), "ACTIVE", "--ends-on", "2027-03-31",
                "--reason", "Paid for a year", "--json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        var json = run.json();
        assertThat(json.get("slug").asText()).isEqualTo(clinic.slug());
        assertThat(json.get("before").asText()).isEqualTo("suspended");
        assertThat(json.get("after").asText()).isEqualTo("active");
        assertThat(json.get("subscriptionEndsOn").asText()).isEqualTo("2027-03-31");
        assertThat(json.get("reason").asText()).isEqualTo("Paid for a year");
        assertThat(db.tenants().resolveSlug(clinic.slug()).orElseThrow().subscriptionStatus()).isEqualTo("active");
        var endsOn = db.tenants().readInClinic(clinic.id(), tx -> tx.select(CLINIC_SUBSCRIPTION_CHANGE.SUBSCRIPTION_ENDS_ON)
                .from(CLINIC_SUBSCRIPTION_CHANGE)
                .where(CLINIC_SUBSCRIPTION_CHANGE.CLINIC_ID.eq(clinic.id().value()), CLINIC_SUBSCRIPTION_CHANGE.TO_STATUS.eq("active"))
                .fetchSingle(CLINIC_SUBSCRIPTION_CHANGE.SUBSCRIPTION_ENDS_ON));
        assertThat(endsOn).isEqualTo(LocalDate.of(2027, 3, 31));
    }

    @Test
    void an_unknown_clinic_is_exit_3(TestDatabase db) {
        var unknown = CommandRunner.over(db).run("set-clinic-status", "no-such-clinic", "suspended", "--reason", "Test");
        var malformed = CommandRunner.over(db).run("set-clinic-status", "No Such Clinic!", "suspended", "--reason", "Test",
                "--json");

        assertThat(unknown.exitCode()).isEqualTo(3);
        assertThat(unknown.err()).contains("No clinic has the slug \"no-such-clinic\".");
        assertThat(malformed.exitCode()).isEqualTo(3);
        assertThat(malformed.errorJson().get("error").asText()).startsWith("No clinic has the slug");
    }

    @Test
    void a_wrong_status_reason_or_date_is_refused_at_its_option_and_changes_nothing(TestDatabase db) {
        var clinic = ClinicFixture.create(db);
        var run = CommandRunner.over(db).run("set-clinic-status", clinic.slug(), "closed", "--reason", "two\nlines",
                "--ends-on", "next year");
        var missingReason = CommandRunner.over(db).run("set-clinic-status", clinic.slug(), "suspended", "--json");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("STATUS: Use trial, active, expired or suspended.", "--reason: Keep the reason to one line.",
                "--ends-on: Ends on must be a date as YYYY-MM-DD");
        assertThat(missingReason.exitCode()).isEqualTo(2);
        assertThat(missingReason.errorJson().get("fields").has("--reason")).isTrue();
        assertThat(db.tenants().resolveSlug(clinic.slug()).orElseThrow().subscriptionStatus()).isEqualTo("trial");
    }
}
