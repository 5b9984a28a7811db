package io.santkrupa.cli;

import io.santkrupa.platform.ClinicRegistry;
import io.santkrupa.platform.Limits;
import io.santkrupa.web.Form;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;

/** Changes a clinic's capacity limits; the ones not given keep their value. */
@Command(name = "set-clinic-limits",
        description = {"Change a clinic's capacity: active doctors, patients, active receptionists. Limits not given "
                + "keep their value; a limit below what is in use keeps what exists and refuses more. The reason goes "
                + "into the clinic's subscription history.",
                "Example: set-clinic-limits sunrise-pune --max-doctors 15 --max-patients 2000 --reason \"Upgraded to the clinic plan\""})
public final class SetClinicLimitsCommand extends PlatformCommand {

    private static final Map<String, String> OPTION_OF_FIELD = optionsOfFields();

    @Parameters(index = "0", paramLabel = "SLUG", description = "The clinic's slug.")
    String slug;
    @Option(names = "--max-doctors", paramLabel = "N", description = "Active doctors allowed.")
    String maxDoctors;
    @Option(names = "--max-patients", paramLabel = "N", description = "Patients allowed.")
    String maxPatients;
    @Option(names = "--max-receptionists", paramLabel = "N", description = "Active receptionists allowed.")
    String maxReceptionists;
    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, in one line: kept in the clinic's history.")
    String reason;

    private String checkedReason;

    public SetClinicLimitsCommand(CommandContext context) {
        super(context);
    }

    /** The change, as --json prints it. */
    public record Changed(String slug, Limits before, Limits after, String reason) {
    }

    @Override
    void checkInput() {
        if (maxDoctors == null && maxPatients == null && maxReceptionists == null) {
            throw CommandFailure.invalid(null, "Give at least one of --max-doctors, --max-patients and --max-receptionists.");
        }
        Form form = form(new Limits(0, 0, 0));
        ClinicRegistry.limits(form);
        checkedReason = ClinicRegistry.reason(form, "reason");
        if (form.hasErrors()) {
            throw CommandFailure.invalid(form, OPTION_OF_FIELD);
        }
    }

    @Override
    void run(PlatformServices platform, CommandOutput output) {
        ClinicRegistry.ClinicRow clinic = platform.clinic(slug);
        Limits before = clinic.limits();
        Form form = form(before);
        Limits after = ClinicRegistry.limits(form);
        if (form.hasErrors()) {
            throw CommandFailure.invalid(form, OPTION_OF_FIELD);
        }
        Limits changed;
        try {
            // only the limits given change: the others keep whatever value they have when this runs
            changed = platform.registry().changeLimits(clinic.id(), clinic.version(),
                    maxDoctors == null ? null : after.doctors(), maxPatients == null ? null : after.patients(),
                    maxReceptionists == null ? null : after.receptionists(), checkedReason, platform.actor());
        } catch (ClinicRegistry.UnknownClinic gone) {
            throw CommandFailure.notFound("No clinic " + slug + ": it was offboarded meanwhile.");
        } catch (Form.Refused changedMeanwhile) {
            throw CommandFailure.conflict(null, changedMeanwhile.getMessage());
        }
        output.result(new Changed(clinic.slug(), before, changed, checkedReason), out ->
                out.println(clinic.slug() + ": " + before + " -> " + changed + " (" + checkedReason + ")"));
    }

    /** The limits as given, each one not given at its value in {@code current}. */
    private Form form(Limits current) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("max_doctors", given(maxDoctors, current.doctors()));
        values.put("max_patients", given(maxPatients, current.patients()));
        values.put("max_receptionists", given(maxReceptionists, current.receptionists()));
        values.put("reason", reason.strip());
        return Form.of(values);
    }

    private static String given(String typed, int current) {
        return typed == null ? String.valueOf(current) : typed.strip();
    }

    private static Map<String, String> optionsOfFields() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("max_doctors", "--max-doctors");
        options.put("max_patients", "--max-patients");
        options.put("max_receptionists", "--max-receptionists");
        options.put("reason", "--reason");
        return options;
    }
}
