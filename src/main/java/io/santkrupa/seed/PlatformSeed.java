package io.santkrupa.seed;

import io.santkrupa.db.ClinicId;
import io.santkrupa.db.TenantTransactions;
import io.santkrupa.platform.ClinicOnboarding;
import io.santkrupa.platform.Limits;
import io.santkrupa.platform.PlatformActor;
import io.santkrupa.clinic.ClinicContact;
import io.santkrupa.clinic.SubscriptionStatus;
import io.santkrupa.clinic.TimeZones;
import io.santkrupa.staff.AccountInvitations;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;

import static io.santkrupa.db.jooq.santkrupa.Tables.MEDICAL_REPORT;
import static io.santkrupa.db.jooq.santkrupa.Tables.STORED_FILE;

/**
 * Seeds a realistic platform: clinics onboarded the way the platform onboards one (their first
 * administrator with the seed password, through the one-time link), then each clinic's rows
 * streamed with COPY in one transaction per clinic, its documents written as the app writes
 * files, and everything analysed at the end.
 */
public final class PlatformSeed {

    /** Rows per patient, about: for the progress bar's percent and time left. */
    static final double ROWS_PER_PATIENT = 22.7;
    static final String[] TABLES = {"app_user", "doctor", "medicine", "lab_test", "lab_test_parameter",
            "lab_reference_range", "patient", "patient_visit", "doctor_note", "prescription", "prescription_item",
            "test_order", "test_result", "clinic_counter", "stored_file", "medical_report"};

    public record Options(int clinics, int patients, long randomSeed, LocalDate today, String slugPrefix, int jobs) {
    }

    public record SeededClinic(int number, String slug, String code, ClinicId id, int patients, int doctors,
                               int receptionists) {

        /** The doctors' usernames, e.g. "doctor01 .. doctor85". */
        public String doctorLogins() {
            return ClinicGenerator.doctorUsername(1, doctors) + " .. " + ClinicGenerator.doctorUsername(doctors, doctors);
        }

        public String receptionLogins() {
            return ClinicGenerator.receptionUsername(1, receptionists) + " .. "
                    + ClinicGenerator.receptionUsername(receptionists, receptionists);
        }
    }

    public record Result(List<SeededClinic> clinics, long rows, Duration elapsed) {
        public double rowsPerSecond() {
            return rows / Math.max(0.001, elapsed.toNanos() / 1e9);
        }
    }

    /** Opens a connection RLS does not apply to, for COPY (see {@link io.santkrupa.db.BulkLoadLogin}). */
    @FunctionalInterface
    public interface BulkConnections {
        Connection open() throws SQLException;
    }

    private final ClinicOnboarding onboarding;
    private final AccountInvitations invitations;
    private final TenantTransactions tenants;
    private final BulkConnections bulk;
    private final SeedProgress progress;

    public PlatformSeed(ClinicOnboarding onboarding, AccountInvitations invitations, TenantTransactions tenants,
                        BulkConnections bulk, SeedProgress progress) {
        this.onboarding = onboarding;
        this.invitations = invitations;
        this.tenants = tenants;
        this.bulk = bulk;
        this.progress = progress;
    }

    /** The tables a seed writes, in the order it writes them. */
    public static List<String> tableNames() {
        return List.of(TABLES);
    }

    /** The n-th clinic's slug, e.g. seed-001. */
    public static String slug(String prefix, int number) {
        return prefix + "-" + String.format("%03d", number);
    }

    /** The n-th clinic's code (in its patient codes), e.g. SEED001. */
    public static String code(String prefix, int number) {
        String letters = prefix.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
        return letters.substring(0, Math.min(9, letters.length())) + String.format("%03d", number);
    }

    /** The slugs of clinics already seeded with {@code prefix}: seeding again is refused while there are any. */
    public List<String> existing(String prefix) {
        try (Connection connection = bulk.open();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT slug FROM santkrupa.clinic WHERE starts_with(slug, ?) ORDER BY slug")) {
            select.setString(1, prefix + "-");
            List<String> slugs = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    slugs.add(rs.getString(1));
                }
            }
            return slugs;
        } catch (SQLException e) {
            throw new SeedFailure("could not read the clinic registry", e);
        }
    }

    /** Seeds every clinic; {@code passwordHash}: the one hash every seeded account shares. */
    public Result seed(Options options, String passwordHash) {
        int[] sizes = ClinicSizes.split(options.patients(), options.clinics());
        SeedIds ids = SeedIds.forPlatform(options.randomSeed(), options.slugPrefix());
        IndianNames names = new IndianNames();
        progress.start((long) (options.patients() * ROWS_PER_PATIENT));
        progress.stage("onboarding " + options.clinics() + " clinics");
        List<SeededClinic> clinics = new ArrayList<>();
        for (int n = 1; n <= options.clinics(); n++) {
            clinics.add(onboard(options, n, sizes[n - 1], passwordHash));
        }
        // the smallest clinic first, alone: every table then has committed statistics
        SeededClinic first = clinics.getLast();
        loadClinic(options, ids, names, first, passwordHash, true);
        analyze();
        ExecutorService workers = Executors.newFixedThreadPool(Math.max(1, options.jobs()));
        try {
            List<Future<?>> work = new ArrayList<>();
            for (SeededClinic clinic : clinics.subList(0, clinics.size() - 1)) {
                work.add(workers.submit(() -> {
                    // analysed as they go too: statistics of other clinics did not plan a 128,000-patient clinic's
                    // foreign-key checks well (its visits' notes took over nine minutes); ANALYZE's lock makes
                    // parallel loads wait on each other, which is slower but right
                    loadClinic(options, ids, names, clinic, passwordHash, true);
                    return null;
                }));
            }
            for (Future<?> done : work) {
                done.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SeedFailure("interrupted");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SeedFailure failure ? failure
                    : new SeedFailure("seeding failed", e.getCause());
        } finally {
            workers.shutdownNow();
        }
        progress.stage("ANALYZE");
        analyze();
        return new Result(clinics, progress.rows(), progress.elapsed());
    }

    private SeededClinic onboard(Options options, int number, int patients, String passwordHash) {
        String slug = slug(options.slugPrefix(), number);
        String code = code(options.slugPrefix(), number);
        int doctors = ClinicGenerator.doctorsFor(patients);
        int receptionists = ClinicGenerator.receptionistsFor(doctors);
        // room to grow: registering and adding staff after seeding must not hit the plan's limits
        Limits limits = new Limits(Math.max(10, doctors * 2), Math.max(500, patients * 2), Math.max(5, receptionists * 2));
        String city = ClinicGenerator.cityOf(number);
        var onboarded = onboarding.onboard(new ClinicOnboarding.NewClinic(slug, code,
                        new ClinicContact("Santkrupa Seed Clinic " + String.format("%03d", number), "", city, "Maharashtra",
                                "", "", "", ""),
                        code + "-REG", TimeZones.DEFAULT, ClinicOnboarding.DEFAULT_PHONE_COUNTRY, SubscriptionStatus.ACTIVE,
                        null, limits, "admin", "Clinic Administrator", "", "Seeded (seed command)"),
                new PlatformActor(null, "cli:seed", "", null));
        invitations.redeem(onboarded.clinic(), onboarded.linkToken(), passwordHash, "", null);
        return new SeededClinic(number, slug, code, onboarded.clinic(), patients, doctors, receptionists);
    }

    private void loadClinic(Options options, SeedIds ids, IndianNames names, SeededClinic clinic, String passwordHash,
                            boolean analyze) {
        ClinicGenerator generator = new ClinicGenerator(ids, names, options.randomSeed(), clinic.number(),
                clinic.code(), clinic.patients(), options.today(), clinic.id().value(), passwordHash);
        try {
            load(clinic, generator, analyze);
        } catch (SQLException e) {
            throw new SeedFailure("loading " + clinic.slug() + " failed", e);
        }
        writeDocuments(clinic.id(), generator.documents());
    }

    /** The clinic's rows in one transaction, table after table in foreign-key order. */
    private void load(SeededClinic clinic, ClinicGenerator generator, boolean analyze) throws SQLException {
        try (Connection connection = bulk.open()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                // a bulk load's commit need not wait for the WAL flush; a crash loses the clinic, not the database
                statement.execute("SET LOCAL synchronous_commit = off");
            }
            CopyLoad load = new CopyLoad(connection, progress::add, analyze);
            progress.stage(clinic.slug() + " (" + String.format("%,d", clinic.patients()) + " patients)");
            generator.writeStaff(load);
            generator.writeCatalogs(load);
            generator.writePatients(load);
            generator.writeVisits(load);
            generator.writeNotes(load);
            generator.writePrescriptions(load);
            generator.writePrescriptionItems(load);
            generator.writeTestOrders(load);
            generator.writeTestResults(load);
            generator.writeCounters(load);
            connection.commit();
        }
    }

    /**
     * Report files as the app writes them: through a tenant transaction as the app role, under the
     * clinic's RLS, with the checksum the table's constraint checks.
     */
    private void writeDocuments(ClinicId clinic, List<ClinicGenerator.Document> documents) {
        tenants.inClinic(clinic, tx -> {
            for (var d : documents) {
                tx.insertInto(STORED_FILE).set(STORED_FILE.CLINIC_ID, clinic.value()).set(STORED_FILE.ID, d.fileId())
                        .set(STORED_FILE.FILE_NAME, d.fileName()).set(STORED_FILE.CONTENT_TYPE, "application/pdf")
                        .set(STORED_FILE.SIZE_BYTES, d.content().length).set(STORED_FILE.SHA256, sha256(d.content()))
                        .set(STORED_FILE.CONTENT, d.content()).set(STORED_FILE.UPLOADED_BY, d.uploadedBy())
                        .set(STORED_FILE.UPLOADED_AT, d.uploadedAt()).execute();
                tx.insertInto(MEDICAL_REPORT).set(MEDICAL_REPORT.CLINIC_ID, clinic.value())
                        .set(MEDICAL_REPORT.ID, d.reportId()).set(MEDICAL_REPORT.PATIENT_ID, d.patientId())
                        .set(MEDICAL_REPORT.FILE_ID, d.fileId()).set(MEDICAL_REPORT.TITLE, d.title())
                        .set(MEDICAL_REPORT.REPORT_TYPE, d.reportType()).set(MEDICAL_REPORT.REPORT_DATE, d.reportDate())
                        .set(MEDICAL_REPORT.UPLOADED_BY, d.uploadedBy()).set(MEDICAL_REPORT.UPLOADED_AT, d.uploadedAt())
                        .execute();
            }
            return null;
        });
        progress.add(documents.size() * 2L);
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void analyze() {
        try (Connection connection = bulk.open(); Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE " + String.join(", ", java.util.Arrays.stream(TABLES)
                    .map(t -> "santkrupa." + t).toList()));
        } catch (SQLException e) {
            throw new SeedFailure("ANALYZE failed", e);
        }
    }

    /**
     * The rows {@code options} seeds per table, from the generator alone: the COPY tables', plus each
     * clinic's administrator (onboarded) and its documents (a file and a report each).
     */
    public static java.util.Map<String, Long> expectedRows(Options options) {
        var rows = new java.util.LinkedHashMap<>(digest(options).rowsPerTable());
        rows.merge("app_user", (long) options.clinics(), Long::sum);
        long documents = java.util.Arrays.stream(ClinicSizes.split(options.patients(), options.clinics()))
                .mapToLong(ClinicGenerator::documentsFor).sum();
        rows.put("stored_file", documents);
        rows.put("medical_report", documents);
        return rows;
    }

    /** The sizes of the clinics {@code options} seeds, clinic 001 first. */
    public static int[] clinicSizes(Options options) {
        return ClinicSizes.split(options.patients(), options.clinics());
    }

    /** The checksum of what {@code options} would COPY, without a database (clinic ids fixed): for determinism. */
    static DigestLoad digest(Options options) {
        int[] sizes = ClinicSizes.split(options.patients(), options.clinics());
        SeedIds ids = SeedIds.forPlatform(options.randomSeed(), options.slugPrefix());
        IndianNames names = new IndianNames();
        DigestLoad load = new DigestLoad();
        for (int n = 1; n <= options.clinics(); n++) {
            ClinicGenerator g = new ClinicGenerator(ids, names, options.randomSeed(), n, code(options.slugPrefix(), n),
                    sizes[n - 1], options.today(), UUID.nameUUIDFromBytes(("clinic " + n).getBytes()), "hash");
            g.writeStaff(load);
            g.writeCatalogs(load);
            g.writePatients(load);
            g.writeVisits(load);
            g.writeNotes(load);
            g.writePrescriptions(load);
            g.writePrescriptionItems(load);
            g.writeTestOrders(load);
            g.writeTestResults(load);
            g.writeCounters(load);
        }
        return load;
    }
}
