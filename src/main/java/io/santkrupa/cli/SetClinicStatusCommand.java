package io.santkrupa.cli;

import io.santkrupa.clinic.SubscriptionStatus;
import io.santkrupa.platform.ClinicRegistry;
import io.santkrupa.web.Form;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Changes a clinic's subscription status, with the reason in the clinic's subscription history. */
@Command(name = "set-clinic-status",
        description = {"Change a clinic's subscription status: trial and active work normally, expired is read-only, "
                + "suspended is closed. The clinic's pages and API follow at their next request; the reason goes into "
                + "the clinic's subscription history.",
                "Examples: set-clinic-status sunrise-pune suspended --reason \"Payment overdue\"",
                "          set-clinic-status sunrise-pune active --ends-on 2027-03-31 --reason \"Paid for a year\""})
public final class SetClinicStatusCommand extends PlatformCommand {

    private static final Set<String> STATUSES = Arrays.stream(SubscriptionStatus.values())
            .map(SubscriptionStatus::dbValue).collect(Collectors.toSet());
    private static final Map<String, String> OPTION_OF_FIELD = Map.of("status", "STATUS", "reason", "--reason",
            "ends_on", "--ends-on");

    @Parameters(index = "0", paramLabel = "SLUG", description = "The clinic's slug.")
    String slug;
    @Parameters(index = "1", paramLabel = "STATUS", description = "trial, active, expired or suspended.")
    String status;
    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, in one line: kept in the clinic's history.")
    String reason;
    @Option(names = "--ends-on", paramLabel = "YYYY-MM-DD", description = "When the new status ends (none when left out).")
    String endsOn;

    private SubscriptionStatus newStatus;
    private LocalDate newEndsOn;
    private String checkedReason;

    public SetClinicStatusCommand(CommandContext context) {
        super(context);
    }

    /** The change, as --json prints it. */
    public record Changed(String slug, String before, String after, LocalDate subscriptionEndsOn, String reason) {
    }

    @Override
    void checkInput() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("status", status.strip().toLowerCase(Locale.ROOT));
        values.put("reason", reason.strip());
        values.put("ends_on", endsOn == null ? "" : endsOn.strip());
        Form form = Form.of(values);
        String value = form.value("status");
        if (!STATUSES.contains(value)) {
            form.error("status", "Use trial, active, expired or suspended.");
        }
        checkedReason = ClinicRegistry.reason(form, "reason");
        newEndsOn = form.date("ends_on", "Ends on").orElse(null);
        if (form.hasErrors()) {
            throw CommandFailure.invalid(form, OPTION_OF_FIELD);
        }
        newStatus = SubscriptionStatus.fromDbValue(value);
    }

    @Override
    void run(PlatformServices platform, CommandOutput output) {
        ClinicRegistry.ClinicRow clinic = platform.clinic(slug);
        SubscriptionStatus before;
        try {
            before = platform.registry().changeStatus(clinic.id(), clinic.version(), newStatus, newEndsOn, checkedReason,
                    platform.actor());
        } catch (ClinicRegistry.UnknownClinic gone) {
            throw CommandFailure.notFound("No clinic " + slug + ": it was offboarded meanwhile.");
        } catch (Form.Refused changedMeanwhile) {
            throw CommandFailure.conflict(null, changedMeanwhile.getMessage());
        }
        output.result(new Changed(clinic.slug(), before.dbValue(), newStatus.dbValue(), newEndsOn, checkedReason), out ->
                out.println(clinic.slug() + ": " + before.dbValue() + " -> " + newStatus.dbValue()
                        + (newEndsOn == null ? "" : " until " + newEndsOn) + " (" + checkedReason + ")"));
    }
}
