package io.santkrupa.cli;

import io.santkrupa.audit.AuditLog;
import io.santkrupa.db.BulkLoadLogin;
import io.santkrupa.db.Database;
import io.santkrupa.platform.ClinicOnboarding;
import io.santkrupa.platform.PlatformAudit;
import io.santkrupa.seed.PlatformSeed;
import io.santkrupa.seed.SeedFailure;
import io.santkrupa.seed.SeedProgress;
import io.santkrupa.staff.AccountInvitations;
import io.santkrupa.web.auth.PasswordHasher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/** Fills the database with a realistic, reproducible platform for benchmarks and demos. */
@Command(name = "seed", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Seed a realistic platform: clinics seed-001, seed-002, ... (seed-001 the largest) with Indian patients,"
                        + " staff, catalogs, ~5 visits per patient over the last two years with notes, prescriptions,"
                        + " lab orders and results, and some report files. Deterministic: the same options (and day)"
                        + " give the same data. Loaded with COPY, constraints and RLS in force.",
                "Every seeded account (admin, doctor01..., reception01..., lab) signs in with --password.",
                "DATABASE_URL selects the database; COPY then needs a role RLS does not apply to, named in"
                        + " SEED_DATABASE_USER / SEED_DATABASE_PASSWORD (the embedded database uses its superuser)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:seeded", "1:failed (the database said why)", "2:invalid options",
                "4:clinics with this slug prefix exist already"})
public final class SeedCommand implements Callable<Integer> {

    static final String DEFAULT_PASSWORD = "santkrupa-seed";
    private static final Pattern PREFIX = Pattern.compile("^[a-z][a-z0-9]{1,15}$");

    @Mixin
    DatabaseOptions database;

    @Option(names = "--clinics", defaultValue = "200", paramLabel = "N",
            description = "Clinics to create (default: ${DEFAULT-VALUE}; at most 999).")
    int clinics;

    @Option(names = "--patients", defaultValue = "1000000", paramLabel = "N",
            description = "Patients in all, split with a skew: clinic 001 largest, a few large, most a few thousand"
                    + " (default: ${DEFAULT-VALUE}).")
    int patients;

    @Option(names = "--random-seed", defaultValue = "13", paramLabel = "N",
            description = "The random seed: the same seed and options give the same data (default: ${DEFAULT-VALUE}).")
    long randomSeed;

    @Option(names = "--password", defaultValue = DEFAULT_PASSWORD, paramLabel = "PASSWORD",
            description = "The password of every seeded account (default: ${DEFAULT-VALUE}).")
    String password;

    @Option(names = "--slug-prefix", defaultValue = "seed", paramLabel = "PREFIX",
            description = "The clinics' slugs are PREFIX-001, PREFIX-002, ... (default: ${DEFAULT-VALUE}). Seeding is"
                    + " refused while clinics with this prefix exist: choose another to add a second platform.")
    String slugPrefix;

    @Option(names = "--today", paramLabel = "YYYY-MM-DD",
            description = "The day the two years of visits end before (default: today in Asia/Kolkata).")
    LocalDate today;

    @Option(names = "--jobs", defaultValue = "2", paramLabel = "N",
            description = "Clinics loaded at once, each on its own connection (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Spec
    CommandSpec spec;

    private final CommandContext context;
    private final Optional<PlatformSeed.BulkConnections> bulkOverride;

    public SeedCommand(CommandContext context) {
        this(context, Optional.empty());
    }

    /** For tests: COPY over {@code bulk} instead of the login the environment names. */
    SeedCommand(CommandContext context, Optional<PlatformSeed.BulkConnections> bulk) {
        this.context = context;
        this.bulkOverride = bulk;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String invalid = invalidOption();
        if (invalid != null) {
            err.println(invalid);
            return ExitCode.INVALID_INPUT;
        }
        LocalDate day = today != null ? today : LocalDate.now(ZoneId.of("Asia/Kolkata"));
        try (var db = context.database().open(database)) {
            DatabaseChecks.requireCurrentSchema(db);
            PlatformSeed.BulkConnections bulk = bulkOverride.orElseGet(() -> bulkLogin(db, ArchiveCommands.secrets(System.getenv()))::connect);
            try (Database pools = Database.open(db.config());
                 SeedProgress progress = new SeedProgress(err, onTerminal())) {
                Clock clock = Clock.systemUTC();
                PlatformSeed seed = new PlatformSeed(new ClinicOnboarding(pools.platform(), new PlatformAudit(), clock),
                        new AccountInvitations(pools.tenants(), new AuditLog(), clock), pools.tenants(), bulk, progress);
                List<String> existing = seed.existing(slugPrefix);
                if (!existing.isEmpty()) {
                    err.println("The database has " + existing.size() + " clinic(s) seeded with the prefix " + slugPrefix
                            + " already (" + existing.getFirst() + (existing.size() > 1 ? " to " + existing.getLast() : "")
                            + "); nothing was changed. Seed a fresh --data-dir, or another --slug-prefix.");
                    return ExitCode.CONFLICT;
                }
                // Argon2id is slow on purpose: one hash, shared by every seeded account
                String hash = new PasswordHasher().hash(password);
                var result = seed.seed(new PlatformSeed.Options(clinics, patients, randomSeed, day, slugPrefix, jobs), hash);
                progress.close();
                print(out, result);
                return ExitCode.DONE;
            }
        } catch (SeedFailure e) {
            err.println();
            err.println("Seeding failed: " + e.getMessage());
            err.println("Clinics seeded before the failure stay; seed a fresh --data-dir or another --slug-prefix.");
            return ExitCode.FAILED;
        } catch (CommandFailure e) {
            err.println(e.getMessage());
            return e.exitCode();
        } catch (Exception e) {
            err.println(CommandFailure.unexpected(e).getMessage());
            return ExitCode.FAILED;
        }
    }

    /** Is standard error a terminal (redraw one line) rather than a log or a pipe (a line every few seconds)? */
    static boolean onTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Java 22+ returns a console for redirected streams too; isTerminal() then tells
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    private String invalidOption() {
        if (clinics < 1 || clinics > 999) {
            return "--clinics: between 1 and 999, not " + clinics + ".";
        }
        if (patients < clinics || patients > 10_000_000) {
            return "--patients: at least one per clinic (" + clinics + ") and at most 10,000,000, not " + patients + ".";
        }
        if (!PREFIX.matcher(slugPrefix).matches()) {
            return "--slug-prefix: 2 to 16 lower-case letters and digits, starting with a letter.";
        }
        if (password.length() < 8) {
            return "--password: at least 8 characters.";
        }
        if (jobs < 1 || jobs > 16) {
            return "--jobs: between 1 and 16.";
        }
        return null;
    }

    private static BulkLoadLogin bulkLogin(DatabaseOptions.OpenDatabase db, Map<String, String> env) {
        if (db.embedded()) {
            return BulkLoadLogin.embeddedSuperuser(db.config().jdbcUrl());
        }
        return BulkLoadLogin.fromEnvironment(db.config().jdbcUrl(), env).orElseThrow(() -> CommandFailure.invalid(null,
                "With DATABASE_URL, set SEED_DATABASE_USER (and SEED_DATABASE_PASSWORD) to a superuser or BYPASSRLS"
                        + " role: PostgreSQL refuses COPY into tables under row-level security."));
    }

    private void print(PrintWriter out, PlatformSeed.Result result) {
        var clinicsSeeded = result.clinics();
        long seededPatients = clinicsSeeded.stream().mapToLong(PlatformSeed.SeededClinic::patients).sum();
        out.printf("Seeded %d clinics, %,d patients: %,d rows in %.1f s (%,.0f rows/s)%n", clinicsSeeded.size(),
                seededPatients, result.rows(), result.elapsed().toNanos() / 1e9, result.rowsPerSecond());
        out.println();
        out.println("Sign in at /login with any of these (every seeded account's password: " + password + "):");
        TextTable table = new TextTable("clinic", "patients", "username", "role", "password");
        var shown = new java.util.ArrayList<PlatformSeed.SeededClinic>();
        shown.add(clinicsSeeded.getFirst());
        if (clinicsSeeded.size() > 2) {
            shown.add(clinicsSeeded.get(clinicsSeeded.size() / 2));
        }
        if (clinicsSeeded.size() > 1) {
            shown.add(clinicsSeeded.getLast());
        }
        for (var c : shown) {
            table.row(c.slug(), String.format("%,d", c.patients()), "admin", "clinic_admin", password);
            table.row(c.slug(), "", c.doctorLogins(), "doctor", password);
            table.row(c.slug(), "", c.receptionLogins(), "receptionist", password);
            table.row(c.slug(), "", "lab", "lab_technician", password);
        }
        table.print(out);
        out.flush();
    }
}
