package io.santkrupa.cli;

import io.santkrupa.db.ReportingDatabase;
import io.santkrupa.reporting.Report;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.exception.DataAccessException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A cross-clinic report for DBAs, read through santkrupa_reporting's views as a DBA's reporting login. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Print a cross-clinic report for DBAs: a table, or CSV with --csv. Each report is one view of "
                + "the santkrupa_reporting schema, read as a DBA's login that is a member of santkrupa_reporting "
                + "(read-only, every clinic, no secret, nothing typed about a patient) -- never the application's logins.",
                "Examples:",
                "  report --list",
                "  report clinics",
                "  report visits-per-day --clinic sunrise --from 2026-11-01 --to 2026-11-30",
                "  report visits-per-month --from 2026-01 --to 2026-06 --csv > visits.csv",
                "  report lab-turnaround --from 2026-10"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:done",
                "1:unexpected failure: the database unreachable, the login refused or not a DBA's, the views missing "
                        + "(run migrate first), ...",
                "2:invalid input: an unknown report, a date that is not one, --from after --to, a period on a report "
                        + "without dates",
                "3:not found: no clinic has the --clinic slug"},
        footer = {"%nREPORTING_DATABASE_URL (jdbc:postgresql://...), REPORTING_DATABASE_USER and "
                        + "REPORTING_DATABASE_PASSWORD name the DBA's login. Without them the embedded development "
                        + "database under --data-dir is used (migrated first), as its DBA login santkrupa_dba. With only "
                        + "DATABASE_URL set the command refuses. db/README.md shows how to create a DBA's login and run "
                        + "each report in psql."})
public final class ReportCommand implements Callable<Integer> {

    private static final Pattern SLUG = Pattern.compile("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$");
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME",
            description = "The report (see the list below); without one, the list.")
    String name;

    @Option(names = "--list", description = "List the reports, one line each, and exit.")
    boolean list;

    @Option(names = "--clinic", paramLabel = "SLUG", description = "Only the clinic with this slug.")
    String clinic;

    @Option(names = "--from", paramLabel = "DATE",
            description = "visits-per-day, visits-per-month, lab-turnaround: from this day (YYYY-MM-DD) or month "
                    + "(YYYY-MM), included. A month report starts at the month of --from.")
    String from;

    @Option(names = "--to", paramLabel = "DATE",
            description = "The same reports: up to this day or the end of this month (YYYY-MM), included.")
    String to;

    @Option(names = "--csv", description = "Print CSV (RFC 4180: a header line, CRLF line ends, quoted where needed).")
    boolean csv;

    @Mixin
    DatabaseOptions database;

    @Spec
    CommandSpec spec;

    private final CommandContext context;

    public ReportCommand(CommandContext context) {
        this.context = context;
    }

    /** One line per report: its name, what it shows, its view. */
    static List<String> reportList() {
        int width = Arrays.stream(Report.values()).mapToInt(r -> r.key().length()).max().orElse(0);
        return Arrays.stream(Report.values())
                .map(report -> String.format("%-" + width + "s  ", report.key()) + report.description()
                        + " (" + report.viewName() + ")")
                .toList();
    }

    /** --help ends with the reports' names and views; --list says what each shows. */
    public static void listReportsInHelp(CommandSpec spec) {
        int width = Arrays.stream(Report.values()).mapToInt(r -> r.key().length()).max().orElse(0);
        List<String> footer = new ArrayList<>();
        footer.add("%nThe reports (report --list says what each shows), and the view each reads:");
        Arrays.stream(Report.values()).forEach(report -> footer.add("  " + String.format("%-" + width + "s  ", report.key())
                + report.viewName()));
        footer.addAll(Arrays.asList(spec.usageMessage().footer()));
        spec.usageMessage().footer(footer.toArray(String[]::new));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        CommandOutput output = new CommandOutput(out, spec.commandLine().getErr(), false);
        if (list || name == null) {
            reportList().forEach(out::println);
            out.flush();
            return ExitCode.DONE;
        }
        try {
            Report report = Report.named(name).orElseThrow(() -> CommandFailure.invalid(null, "No report is called '"
                    + name + "'. The reports: " + Arrays.stream(Report.values()).map(Report::key)
                    .collect(Collectors.joining(", ")) + " (report --list says what each shows)."));
            Report.Filter filter = filter(report);
            try (ReportingSource.Open source = context.reporting().open(database);
                 ReportingDatabase reporting = ReportingDatabase.open(source.login())) {
                if (source.embedded().map(db -> db.where() == DatabaseOptions.Where.EMBEDDED_ALREADY_RUNNING).orElse(false)) {
                    output.note("Using the embedded PostgreSQL already running on "
                            + database.dataDir.toAbsolutePath().normalize() + ".");
                }
                Result<Record> rows = reporting.read(dsl -> {
                    if (filter.clinicSlug().isPresent() && !Report.clinicExists(dsl, filter.clinicSlug().get())) {
                        throw CommandFailure.notFound("No clinic has the slug '" + filter.clinicSlug().get() + "'.");
                    }
                    return report.rows(dsl, filter);
                });
                print(report, rows, out);
            }
            return ExitCode.DONE;
        } catch (CommandFailure failure) {
            return output.failed(failure);
        } catch (ReportingDatabase.ReportingLoginRefused refused) {
            return output.failed(CommandFailure.failed(refused.getMessage()));
        } catch (DataAccessException e) {
            if ("42P01".equals(e.sqlState()) || "3F000".equals(e.sqlState())) {
                return output.failed(CommandFailure.failed("The database has no report views (santkrupa_reporting, "
                        + "migrations V070 to V076): run migrate first."));
            }
            return output.failed(CommandFailure.unexpected(e));
        } catch (Exception e) {
            return output.failed(CommandFailure.unexpected(e));
        }
    }

    private Report.Filter filter(Report report) {
        Optional<String> slug = Optional.ofNullable(clinic).map(String::strip);
        if (slug.isPresent() && !SLUG.matcher(slug.get()).matches()) {
            throw invalid("--clinic", "a clinic's slug is lower-case letters, digits and inner hyphens, not '"
                    + clinic + "'.");
        }
        if ((from != null || to != null) && report.periods() == Report.Periods.NONE) {
            throw invalid(from != null ? "--from" : "--to", "the " + report.key() + " report has no dates; --from and "
                    + "--to are for visits-per-day, visits-per-month and lab-turnaround.");
        }
        Optional<LocalDate> start = Optional.ofNullable(from).map(value -> day("--from", value, false));
        Optional<LocalDate> end = Optional.ofNullable(to).map(value -> day("--to", value, true));
        if (start.isPresent() && end.isPresent() && end.get().isBefore(start.get())) {
            throw invalid("--to", to + " is before --from " + from + ".");
        }
        return new Report.Filter(slug, start, end);
    }

    /** A day as YYYY-MM-DD, or a month as YYYY-MM: its first day, or its last for the end of a period. */
    private static LocalDate day(String option, String value, boolean endOfMonth) {
        String text = value.strip();
        try {
            if (text.length() == 7) {
                YearMonth month = YearMonth.parse(text);
                return endOfMonth ? month.atEndOfMonth() : month.atDay(1);
            }
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(option, "a day as YYYY-MM-DD or a month as YYYY-MM, not '" + value + "'.");
        }
    }

    /** One line naming the option: a report changes nothing, so no "nothing was changed". */
    private static CommandFailure invalid(String option, String message) {
        return CommandFailure.invalid(null, option + ": " + message);
    }

    private void print(Report report, Result<Record> rows, PrintWriter out) {
        List<Field<?>> columns = report.columns();
        List<String> header = columns.stream().map(Field::getName).toList();
        if (csv) {
            Csv.record(out, header);
            rows.forEach(row -> Csv.record(out, columns.stream().map(column -> csvValue(row.get(column))).toList()));
        } else if (rows.isEmpty()) {
            out.println("No rows" + (clinic == null && from == null && to == null ? "." : " for these filters."));
        } else {
            TextTable table = new TextTable(header.toArray(String[]::new));
            rows.forEach(row -> table.row(columns.stream().map(column -> tableValue(row.get(column))).toArray()));
            table.print(out);
        }
        out.flush();
    }

    private static String csvValue(Object value) {
        return switch (value) {
            case null -> "";
            case OffsetDateTime moment -> moment.withOffsetSameInstant(ZoneOffset.UTC).toString();
            case BigDecimal number -> number.toPlainString();
            default -> value.toString();
        };
    }

    private static String tableValue(Object value) {
        return switch (value) {
            case null -> "-";
            case OffsetDateTime moment -> MINUTES.format(moment.atZoneSameInstant(ZoneOffset.UTC)) + " UTC";
            case BigDecimal number -> number.toPlainString();
            default -> value.toString();
        };
    }
}
