package io.santkrupa.cli;

import io.santkrupa.platform.ClinicOnboarding;
import io.santkrupa.platform.Limits;
import io.santkrupa.web.Form;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Onboards a clinic as the platform console does: the registry row and its first administrator,
 * who gets a one-time link to choose their own password -- shown here once, never stored.
 */
@Command(name = "create-clinic",
        description = {"Onboard a clinic: its registry entry and its first administrator, who chooses a password "
                + "with a one-time link (printed once).",
                "Example: create-clinic --slug sunrise-pune --code SUNPUN --name \"Sunrise Clinic\" "
                        + "--registration-number MH-PUN-2024-0117 --admin-username s.patil --admin-name \"Sunita Patil\""})
public final class CreateClinicCommand extends PlatformCommand {

    /** The onboarding form's field behind each option (ClinicOnboarding.FIELDS, in its order). */
    static final Map<String, String> OPTION_OF_FIELD = optionsOfFields();

    @Option(names = "--slug", paramLabel = "SLUG", required = true, description = "Web address: /clinic/<slug>/, e.g. sunrise-pune.")
    String slug;
    @Option(names = "--code", paramLabel = "CODE", required = true, description = "2 to 12 capital letters or digits; in patient codes (PT-<code>-2026-001).")
    String code;
    @Option(names = "--name", paramLabel = "NAME", required = true, description = "The clinic's name.")
    String name;
    @Option(names = "--registration-number", paramLabel = "NUMBER", required = true, description = "The clinic's registration number.")
    String registrationNumber;
    @Option(names = "--time-zone", paramLabel = "ZONE", defaultValue = "Asia/Kolkata", description = "IANA time zone (default: ${DEFAULT-VALUE}).")
    String timeZone;
    @Option(names = "--phone-country", paramLabel = "CC", defaultValue = ClinicOnboarding.DEFAULT_PHONE_COUNTRY,
            description = "Two-letter country of patients' phone numbers typed without a country code (default: ${DEFAULT-VALUE}).")
    String phoneCountry;
    @Option(names = "--status", paramLabel = "STATUS", defaultValue = "trial", description = "trial or active (default: ${DEFAULT-VALUE}).")
    String status;
    @Option(names = "--ends-on", paramLabel = "YYYY-MM-DD", description = "When the trial or subscription ends.")
    String endsOn;
    @Option(names = "--max-doctors", paramLabel = "N", defaultValue = "10", description = "Active doctors allowed (default: ${DEFAULT-VALUE}).")
    String maxDoctors;
    @Option(names = "--max-patients", paramLabel = "N", defaultValue = "500", description = "Patients allowed (default: ${DEFAULT-VALUE}).")
    String maxPatients;
    @Option(names = "--max-receptionists", paramLabel = "N", defaultValue = "5", description = "Active receptionists allowed (default: ${DEFAULT-VALUE}).")
    String maxReceptionists;
    @Option(names = "--address", paramLabel = "TEXT", description = "Street address.")
    String address;
    @Option(names = "--city", paramLabel = "CITY", description = "City (the list can search it).")
    String city;
    @Option(names = "--state", paramLabel = "STATE", description = "State or region.")
    String state;
    @Option(names = "--postal-code", paramLabel = "CODE", description = "Postal code, e.g. 411004.")
    String postalCode;
    @Option(names = "--phone", paramLabel = "PHONE", description = "The clinic's phone, e.g. +91 20 2555 0101.")
    String phone;
    @Option(names = "--email", paramLabel = "EMAIL", description = "The clinic's email.")
    String email;
    @Option(names = "--website", paramLabel = "URL", description = "A full address, https://...")
    String website;
    @Option(names = "--admin-username", paramLabel = "USERNAME", required = true, description = "The first administrator's username.")
    String adminUsername;
    @Option(names = "--admin-name", paramLabel = "NAME", required = true, description = "The first administrator's full name.")
    String adminName;
    @Option(names = "--admin-email", paramLabel = "EMAIL", description = "The first administrator's email.")
    String adminEmail;
    @Option(names = "--note", paramLabel = "TEXT", description = "Why or how the clinic joined, for its history (default: Onboarded).")
    String note;

    @Mixin
    BaseUrlOption baseUrl;

    private ClinicOnboarding.NewClinic clinic;
    private String base;

    public CreateClinicCommand(CommandContext context) {
        super(context);
    }

    /** The created clinic, as --json prints it. */
    public record Created(UUID id, String slug, String code, String name, String status, LocalDate subscriptionEndsOn,
                          Limits limits, String adminUsername, String setPasswordLink, OffsetDateTime linkExpiresAt) {
    }

    @Override
    void checkInput() {
        base = baseUrl.checked();
        Map<String, String> values = new LinkedHashMap<>();
        put(values, "slug", slug);
        put(values, "code", code);
        put(values, "name", name);
        put(values, "address", address);
        put(values, "city", city);
        put(values, "state", state);
        put(values, "postal_code", postalCode);
        put(values, "phone", phone);
        put(values, "email", email);
        put(values, "website", website);
        put(values, "registration_number", registrationNumber);
        put(values, "time_zone", timeZone);
        put(values, "phone_country", phoneCountry);
        put(values, "subscription_status", status);
        put(values, "subscription_ends_on", endsOn);
        put(values, "max_doctors", maxDoctors);
        put(values, "max_patients", maxPatients);
        put(values, "max_receptionists", maxReceptionists);
        put(values, "admin_username", adminUsername);
        put(values, "admin_full_name", adminName);
        put(values, "admin_email", adminEmail);
        put(values, "note", note);
        Form form = Form.of(values);
        clinic = ClinicOnboarding.read(form).orElseThrow(() -> CommandFailure.invalid(form, OPTION_OF_FIELD));
    }

    @Override
    void run(PlatformServices platform, CommandOutput output) {
        ClinicOnboarding.Onboarded onboarded;
        try {
            onboarded = platform.onboarding().onboard(clinic, platform.actor());
        } catch (Form.Refused taken) {
            throw CommandFailure.conflict(OPTION_OF_FIELD.get(taken.field()), taken.getMessage());
        }
        String link = base + onboarded.setPasswordPath();
        Created created = new Created(onboarded.clinic().value(), clinic.slug(), clinic.code(), clinic.contact().name(),
                clinic.status().dbValue(), clinic.subscriptionEndsOn(), clinic.limits(), clinic.adminUsername(), link,
                onboarded.linkExpiresAt());
        output.result(created, out -> {
            out.println("Created clinic " + clinic.slug() + ": " + clinic.contact().name() + " (code " + clinic.code() + ")");
            out.println("  status       " + clinic.status().dbValue()
                    + (clinic.subscriptionEndsOn() == null ? "" : " until " + clinic.subscriptionEndsOn()));
            out.println("  limits       " + clinic.limits());
            out.println("  sign-in      " + base + "/clinic/" + clinic.slug() + "/");
            out.println();
            out.println("The first administrator, " + clinic.adminUsername() + ", chooses a password with this one-time link,");
            out.println("valid until " + CommandOutput.time(onboarded.linkExpiresAt()) + ". It is shown only this once: send it to them privately.");
            out.println("  " + link);
            out.println("A lost or expired link: santkrupa reissue-admin-link " + clinic.slug());
        });
    }

    private static void put(Map<String, String> values, String field, String value) {
        values.put(field, value == null ? "" : value.strip());
    }

    private static Map<String, String> optionsOfFields() {
        Map<String, String> options = new LinkedHashMap<>();
        for (String field : ClinicOnboarding.FIELDS) {
            options.put(field, switch (field) {
                case "subscription_status" -> "--status";
                case "subscription_ends_on" -> "--ends-on";
                case "admin_full_name" -> "--admin-name";
                default -> "--" + field.replace('_', '-');
            });
        }
        return options;
    }
}
