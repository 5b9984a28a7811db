package io.santkrupa.cli;

import io.santkrupa.clinic.SubscriptionStatus;
import io.santkrupa.platform.ClinicRegistry;
import io.santkrupa.platform.Limits;
import io.santkrupa.web.Form;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The clinics of the platform with their limits and what they use, as counts only: a page at a time. */
@Command(name = "list-clinics",
        description = {"List the clinics: status, limits and what each uses (patients, active doctors, active staff, "
                + "visits this month, storage), and whether its first administrator has yet to choose a password.",
                "Example: list-clinics --status trial --sort newest --limit 20"})
public final class ListClinicsCommand extends PlatformCommand {

    private static final Set<String> STATUSES = Arrays.stream(SubscriptionStatus.values())
            .map(SubscriptionStatus::dbValue).collect(Collectors.toSet());
    private static final Set<String> SORTS = Arrays.stream(ClinicRegistry.Sort.values())
            .map(ClinicRegistry.Sort::value).collect(Collectors.toSet());
    private static final Map<String, String> OPTION_OF_FIELD = Map.of("status", "--status", "sort", "--sort",
            "limit", "--limit");

    @Option(names = "--status", paramLabel = "STATUS", description = "Only clinics in this status: trial, active, expired or suspended.")
    String status;
    @Option(names = "--search", paramLabel = "TEXT", description = "Only clinics whose name, slug, code or city contains TEXT.")
    String search;
    @Option(names = "--sort", paramLabel = "SORT", defaultValue = "name", description = "name, newest or slug (default: ${DEFAULT-VALUE}).")
    String sort;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
            description = "At most N clinics, 1 to " + ClinicRegistry.MAX_PAGE + " (default: ${DEFAULT-VALUE}).")
    String limit;
    @Option(names = "--cursor", paramLabel = "CURSOR", description = "Where the previous page ended: the cursor it printed.")
    String cursor;

    private ClinicRegistry.Query query;

    public ListClinicsCommand(CommandContext context) {
        super(context);
    }

    /** One clinic as --json prints it. */
    public record Clinic(String slug, String name, String code, String city, String status, LocalDate subscriptionEndsOn,
                         Limits limits, Usage usage, boolean awaitingFirstAdmin, OffsetDateTime adminLinkExpiresAt,
                         OffsetDateTime createdAt) {
    }

    public record Usage(long patients, long activeDoctors, long activeStaff, long visitsThisMonth, long visits,
                        long storageBytes) {
    }

    /** A page: the clinics, and the cursor of the next page (null on the last). */
    public record Page(List<Clinic> clinics, String next) {
    }

    @Override
    void checkInput() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("status", status == null ? "" : status.strip().toLowerCase(Locale.ROOT));
        values.put("sort", sort.strip().toLowerCase(Locale.ROOT));
        values.put("limit", limit.strip());
        Form form = Form.of(values);
        if (status != null && !STATUSES.contains(form.value("status"))) {
            form.error("status", "Use trial, active, expired or suspended.");
        }
        if (!SORTS.contains(form.value("sort"))) {
            form.error("sort", "Use name, newest or slug.");
        }
        int pageSize = form.integer("limit", "Limit", 1, ClinicRegistry.MAX_PAGE);
        if (form.hasErrors()) {
            throw CommandFailure.invalid(form, OPTION_OF_FIELD);
        }
        query = new ClinicRegistry.Query(search, status == null ? null : SubscriptionStatus.fromDbValue(form.value("status")),
                ClinicRegistry.Sort.parse(form.value("sort")), cursor, pageSize);
    }

    @Override
    void run(PlatformServices platform, CommandOutput output) {
        ClinicRegistry.Page page = platform.registry().list(query);
        List<Clinic> clinics = page.rows().stream().map(ListClinicsCommand::clinic).toList();
        output.result(new Page(clinics, page.next()), out -> {
            if (clinics.isEmpty()) {
                out.println("No clinics" + (query.cursor() == null ? "" : " after this cursor") + ".");
                return;
            }
            TextTable table = new TextTable("SLUG", "NAME", "STATUS", "UNTIL", "LIMITS D/P/R", "PATIENTS", "DOCTORS",
                    "STAFF", "VISITS/MONTH", "STORAGE", "AWAITING ADMIN");
            page.rows().forEach(row -> table.row(row.slug(), shorten(row.name()), row.statusValue(),
                    row.subscriptionEndsOn() == null ? "-" : row.subscriptionEndsOn(),
                    row.limits().doctors() + "/" + row.limits().patients() + "/" + row.limits().receptionists(),
                    row.usage().patients(), row.usage().activeDoctors(), row.usage().activeStaff(),
                    row.usage().visitsThisMonth(), row.usage().storage(),
                    row.usage().adminLinkPending() ? "yes" : "no"));
            table.print(out);
            if (page.next() != null) {
                out.println();
                out.println("More: list-clinics --cursor " + page.next() + " (with the same --status, --search and --sort)");
            }
        });
    }

    private static Clinic clinic(ClinicRegistry.ClinicRow row) {
        ClinicRegistry.Usage usage = row.usage();
        return new Clinic(row.slug(), row.name(), row.code(), row.city(), row.statusValue(), row.subscriptionEndsOn(),
                row.limits(), new Usage(usage.patients(), usage.activeDoctors(), usage.activeStaff(), usage.visitsThisMonth(),
                usage.visits(), usage.storageBytes()), usage.adminLinkPending(), usage.adminLinkExpiresAt(), row.createdAt());
    }

    private static String shorten(String name) {
        return name.length() <= 32 ? name : name.substring(0, 31) + "…";
    }
}
