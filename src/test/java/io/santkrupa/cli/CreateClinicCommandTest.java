package io.santkrupa.cli;

import io.santkrupa.platform.ClinicOnboarding;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.web.Form;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.util.Optional;

import static io.santkrupa.cli.PlatformCommandTesting.ACTOR;
import static io.santkrupa.cli.PlatformCommandTesting.Names;
import static io.santkrupa.cli.PlatformCommandTesting.clinicId;
import static io.santkrupa.cli.PlatformCommandTesting.links;
import static io.santkrupa.cli.PlatformCommandTesting.redeem;
import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;
import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_AUDIT_EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Onboarding from the command line: the same checks, the same function, the same audit as the console. */
@ExtendWith(TestDatabaseExtension.class)
class CreateClinicCommandTest {

    @Test
    void creates_the_clinic_and_prints_a_one_time_link_that_works_once(TestDatabase db) {
        Names names = Names.fresh();
        var run = CommandRunner.over(db).run(names.createClinic("--city", "Pune", "--status", "active",
                "--ends-on", "2027-03-31", "--max-doctors", "3", "--base-url", "https://clinics.example.org/"));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Created clinic " + names.slug(), "active until 2027-03-31",
                "3 doctors / 500 patients / 5 receptionists", "shown only this once");
        var printed = links(run.out());
        assertThat(printed).singleElement().asString()
                .startsWith("https://clinics.example.org/clinic/" + names.slug() + "/welcome/");
        var clinic = db.platform().run(tx -> tx.selectFrom(CLINIC).where(CLINIC.SLUG.eq(names.slug())).fetchSingle());
        assertThat(clinic.getCode()).isEqualTo(names.code());
        assertThat(clinic.getCity()).isEqualTo("Pune");
        assertThat(clinic.getTimeZone()).isEqualTo("Asia/Kolkata");
        assertThat(clinic.getDefaultPhoneCountry()).isEqualTo("IN");
        assertThat(clinic.getMaxDoctors()).isEqualTo(3);

        assertThat(redeem(db, names.slug(), printed.getFirst())).isEqualTo("s.patil");
        assertThatThrownBy(() -> redeem(db, names.slug(), printed.getFirst())).isInstanceOf(Form.Refused.class);
    }

    @Test
    void the_platform_audit_trail_names_the_command_line_and_the_clinic_keeps_its_own_event(TestDatabase db) {
        Names names = Names.fresh();
        var run = CommandRunner.over(db).run(names.createClinic());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        var clinic = clinicId(db, names.slug());

        var platformEvent = db.platform().run(tx -> tx.selectFrom(PLATFORM_AUDIT_EVENT)
                .where(PLATFORM_AUDIT_EVENT.CLINIC_ID.eq(clinic.value())).fetchSingle());
        assertThat(platformEvent.getAction()).isEqualTo("clinic.onboard");
        assertThat(platformEvent.getActor()).isEqualTo(ACTOR);
        assertThat(platformEvent.getOutcome()).isEqualTo("success");
        var clinicEvents = db.tenants().readInClinic(clinic, tx -> tx.select(AUDIT_EVENT.ACTION, AUDIT_EVENT.ACTOR_ROLE)
                .from(AUDIT_EVENT).where(AUDIT_EVENT.CLINIC_ID.eq(clinic.value())).fetch());
        assertThat(clinicEvents).singleElement().satisfies(event -> {
            assertThat(event.value1()).isEqualTo("clinic.provisioned");
            assertThat(event.value2()).isEqualTo("platform");
        });
        String token = PlatformCommandTesting.token(links(run.out()).getFirst());
        assertThat(platformEvent.getDetail()).doesNotContain(token);
    }

    @Test
    void the_json_result_has_the_clinic_the_link_and_its_expiry(TestDatabase db) {
        Names names = Names.fresh();
        var run = CommandRunner.over(db).run(names.createClinic("--json", "--max-patients", "1,000"));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        var json = run.json();
        assertThat(json.get("id").asText()).isEqualTo(clinicId(db, names.slug()).toString());
        assertThat(json.get("slug").asText()).isEqualTo(names.slug());
        assertThat(json.get("code").asText()).isEqualTo(names.code());
        assertThat(json.get("status").asText()).isEqualTo("trial");
        assertThat(json.get("limits").get("patients").asInt()).isEqualTo(1000);
        assertThat(json.get("adminUsername").asText()).isEqualTo("s.patil");
        assertThat(json.get("setPasswordLink").asText()).startsWith("http://127.0.0.1:8080/clinic/" + names.slug() + "/welcome/");
        assertThat(json.get("linkExpiresAt").asText()).isNotBlank();
        assertThat(redeem(db, names.slug(), json.get("setPasswordLink").asText())).isEqualTo("s.patil");
    }

    @Test
    void a_clinic_abroad_gets_its_own_phone_country(TestDatabase db) {
        Names names = Names.fresh();
        var run = CommandRunner.over(db).run(names.createClinic("--phone-country", "gb", "--time-zone", "Europe/London"));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        var clinic = db.platform().run(tx -> tx.selectFrom(CLINIC).where(CLINIC.SLUG.eq(names.slug())).fetchSingle());
        assertThat(clinic.getDefaultPhoneCountry()).isEqualTo("GB");
    }

    @Test
    void a_reserved_slug_and_other_wrong_values_are_refused_each_at_its_option_with_exit_2(TestDatabase db) {
        Names names = Names.fresh();
        var run = CommandRunner.over(db).run("create-clinic", "--slug", "admin", "--code", "x", "--name", "Clinic",
                "--registration-number", names.registrationNumber(), "--admin-username", "S Patil",
                "--admin-name", "Sunita Patil", "--max-doctors", "many", "--website", "ftp://example.org",
                "--time-zone", "Mars/Olympus", "--phone-country", "XX", "--status", "suspended", "--ends-on", "31/03/2027");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("Invalid input; nothing was changed.", "--slug: \"admin\" is reserved",
                "--code: Use 2 to 12 capital letters", "--admin-username: Use 3 to 64", "--max-doctors: Doctors must be a whole number",
                "--website: Website must be a full address", "--time-zone: Choose one of the listed time zones",
                "--phone-country: Choose one of the listed countries", "--status: ", "--ends-on: Subscription ends on must be a date as YYYY-MM-DD").doesNotContain("Exception");
        boolean created = db.platform().run(tx -> tx.fetchExists(CLINIC, CLINIC.REGISTRATION_NUMBER.eq(names.registrationNumber())));
        assertThat(created).isFalse();
    }

    @Test
    void a_taken_slug_code_or_registration_number_is_a_conflict_with_exit_4_naming_its_option(TestDatabase db) {
        Names first = Names.fresh();
        assertThat(CommandRunner.over(db).run(first.createClinic()).exitCode()).isZero();
        Names other = Names.fresh();

        var slugTaken = CommandRunner.over(db).run(new Names(first.slug(), other.code(), other.registrationNumber())
                .createClinic("--json"));
        var codeTaken = CommandRunner.over(db).run(new Names(other.slug(), first.code(), other.registrationNumber())
                .createClinic());
        var registrationTaken = CommandRunner.over(db).run(new Names(other.slug(), other.code(), first.registrationNumber())
                .createClinic());

        assertThat(slugTaken.exitCode()).as(slugTaken.toString()).isEqualTo(4);
        assertThat(slugTaken.out()).isEmpty();
        assertThat(slugTaken.errorJson().get("fields").get("--slug").asText()).contains("is taken");
        assertThat(codeTaken.exitCode()).isEqualTo(4);
        assertThat(codeTaken.err()).contains("--code: Another clinic has the code " + first.code());
        assertThat(registrationTaken.exitCode()).isEqualTo(4);
        assertThat(registrationTaken.err()).contains("--registration-number: Another clinic has this registration number.");
        assertThat(db.tenants().resolveSlug(other.slug())).isEmpty();
    }

    @Test
    void a_missing_required_option_is_a_usage_error_with_exit_2_in_json_too(TestDatabase db) {
        var run = CommandRunner.over(db).run("create-clinic", "--slug", "somewhere", "--json");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.errorJson().get("error").asText()).contains("Missing required options");
        assertThat(run.errorJson().get("fields").get("--code").asText()).isEqualTo("Required.");
        assertThat(run.errorJson().get("fields").has("--admin-username")).isTrue();
    }

    @Test
    void every_onboarding_field_has_an_option(TestDatabase db) {
        var spec = new CommandLine(new CreateClinicCommand(new CommandContext(
                options -> DatabaseOptions.OpenDatabase.server(db.config()), new ByteArrayInputStream(new byte[0]),
                Optional.empty()))).getCommandSpec();

        assertThat(CreateClinicCommand.OPTION_OF_FIELD.keySet()).containsExactly(ClinicOnboarding.FIELDS);
        assertThat(CreateClinicCommand.OPTION_OF_FIELD.values())
                .allSatisfy(option -> assertThat(spec.findOption(option)).as(option).isNotNull());
    }
}
