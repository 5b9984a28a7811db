package io.santkrupa.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.Main;
import io.santkrupa.db.ClinicId;
import io.santkrupa.db.RlsLinter;
import io.santkrupa.seed.PlatformSeed;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebTestServer;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed command against the real database: a small platform (3 clinics, 3,000 patients)
 * seeded once through the command line, then its rows, its isolation, its determinism and the
 * application working on it over HTTP.
 */
@ExtendWith(TestDatabaseExtension.class)
class SeedCommandTest {

    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    private static final String PASSWORD = "seed-test-password";
    /** The day the seeded visits end before: tomorrow, so today already has seeded visits and tokens. */
    private static final LocalDate SEED_TODAY = LocalDate.now(KOLKATA).plusDays(1);

    private record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private record Seeded(String prefix, Run run, List<ClinicId> clinics) {
        String slug(int n) {
            return PlatformSeed.slug(prefix, n);
        }

        String code(int n) {
            return PlatformSeed.code(prefix, n);
        }
    }

    private static Seeded seeded;

    private static synchronized Seeded seeded(TestDatabase db) throws SQLException {
        if (seeded == null) {
            seeded = seed(db, freshPrefix(), 7);
        }
        return seeded;
    }

    private static String freshPrefix() {
        StringBuilder prefix = new StringBuilder("sd");
        for (int i = 0; i < 4; i++) {
            prefix.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return prefix.toString();
    }

    private static String[] args(String prefix, long randomSeed) {
        return args(prefix, randomSeed, 3, 3000);
    }

    private static String[] args(String prefix, long randomSeed, int clinics, int patients) {
        return new String[] {"--clinics", String.valueOf(clinics), "--patients", String.valueOf(patients),
                "--random-seed", String.valueOf(randomSeed), "--password", PASSWORD, "--slug-prefix", prefix,
                "--today", SEED_TODAY.toString()};
    }

    private static Seeded seed(TestDatabase db, String prefix, long randomSeed) throws SQLException {
        return seed(db, prefix, randomSeed, 3, 3000);
    }

    private static Seeded seed(TestDatabase db, String prefix, long randomSeed, int clinicCount, int patients)
            throws SQLException {
        Run run = run(db, args(prefix, randomSeed, clinicCount, patients));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<ClinicId> clinics = new ArrayList<>();
        for (int n = 1; n <= clinicCount; n++) {
            clinics.add(clinicId(db, PlatformSeed.slug(prefix, n)));
        }
        return new Seeded(prefix, run, clinics);
    }

    private static Run run(TestDatabase db, String... args) {
        CommandContext context = new CommandContext(options -> DatabaseOptions.OpenDatabase.server(db.config()),
                new ByteArrayInputStream(new byte[0]), Optional.empty());
        CommandLine commandLine = new CommandLine(new SeedCommand(context, Optional.of(db::connectAsSuperuser)));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static ClinicId clinicId(TestDatabase db, String slug) {
        return db.tenants().resolveSlug(slug).orElseThrow(() -> new AssertionError("no clinic " + slug)).clinic();
    }

    /** Rows of {@code table} per seeded clinic, counted past RLS (as the superuser the test database has). */
    private static long count(TestDatabase db, String table, ClinicId clinic) throws SQLException {
        try (Connection c = db.connectAsSuperuser();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM santkrupa." + table + " WHERE clinic_id = ?")) {
            s.setObject(1, clinic.value());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long scalar(TestDatabase db, String sql, Object... params) throws SQLException {
        try (Connection c = db.connectAsSuperuser(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static PlatformSeed.Options options(String prefix) {
        return new PlatformSeed.Options(3, 3000, 7, SEED_TODAY, prefix, 2);
    }

    @Test
    void seeds_every_table_as_designed_with_clinic_001_the_largest(TestDatabase db) throws SQLException {
        Seeded s = seeded(db);
        Map<String, Long> expected = PlatformSeed.expectedRows(options(s.prefix()));

        Map<String, Long> actual = new LinkedHashMap<>();
        for (String table : expected.keySet()) {
            long rows = 0;
            for (ClinicId clinic : s.clinics()) {
                rows += count(db, table, clinic);
            }
            actual.put(table, rows);
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.get("patient")).isEqualTo(3000);
        assertThat(actual.get("patient_visit")).isBetween(3000L * 45 / 10, 3000L * 55 / 10);

        int[] sizes = PlatformSeed.clinicSizes(options(s.prefix()));
        for (int n = 0; n < 3; n++) {
            assertThat(count(db, "patient", s.clinics().get(n))).isEqualTo(sizes[n]);
        }
        assertThat(sizes[0]).isGreaterThan(sizes[1]).isGreaterThan(0);
        assertThat(sizes[1]).isGreaterThanOrEqualTo(sizes[2]);
        assertThat(scalar(db, "SELECT count(*) FROM santkrupa.clinic WHERE starts_with(slug, ?)"
                + " AND subscription_status = 'active' AND time_zone = 'Asia/Kolkata'", s.prefix() + "-")).isEqualTo(3);

        assertThat(s.run().out()).contains("Seeded 3 clinics, 3,000 patients", "rows/s", s.slug(1), "reception01",
                PASSWORD);
        assertThat(s.run().err()).contains("rows/s", "ETA");
    }

    @Test
    void the_counters_stand_where_the_seeded_codes_and_tokens_end(TestDatabase db) throws SQLException {
        Seeded s = seeded(db);
        for (ClinicId clinic : s.clinics()) {
            // each year's patient code counter is that year's highest code number
            assertThat(scalar(db, """
                    SELECT count(*) FROM santkrupa.clinic_counter c
                     WHERE c.clinic_id = ? AND c.name = 'patient_code'
                       AND c.value <> (SELECT max(split_part(p.code, '-', 4)::int) FROM santkrupa.patient p
                                        WHERE p.clinic_id = c.clinic_id AND split_part(p.code, '-', 3) = c.scope)""",
                    clinic.value())).isZero();
            // each doctor's day: the counter is the day's highest token, and every visit has its counter
            assertThat(scalar(db, """
                    SELECT count(*) FROM (SELECT doctor_id, visit_date, max(token_number) AS top, count(*) AS n,
                                                 count(DISTINCT token_number) AS distinct_tokens
                                            FROM santkrupa.patient_visit WHERE clinic_id = ?
                                           GROUP BY doctor_id, visit_date) v
                      LEFT JOIN santkrupa.clinic_counter c ON c.clinic_id = ? AND c.name = 'visit_token'
                                                          AND c.scope = v.doctor_id || '/' || v.visit_date
                     WHERE c.value IS DISTINCT FROM v.top OR v.top <> v.n OR v.distinct_tokens <> v.n""",
                    clinic.value(), clinic.value())).isZero();
        }
    }

    @Test
    void each_clinic_sees_only_its_own_seeded_rows_and_the_linter_finds_nothing(TestDatabase db) throws SQLException {
        Seeded s = seeded(db);
        for (ClinicId clinic : s.clinics()) {
            for (String table : PlatformSeed.tableNames()) {
                var t = DSL.table(DSL.name("santkrupa", table));
                var clinicId = DSL.field(DSL.name("clinic_id"), UUID.class);
                long visible = db.tenants().readInClinic(clinic, tx -> (long) tx.fetchCount(t));
                long others = db.tenants().readInClinic(clinic, tx -> (long) tx.fetchCount(t, clinicId.ne(clinic.value())));
                assertThat(visible).as(table).isEqualTo(count(db, table, clinic));
                assertThat(others).as(table).isZero();
            }
        }
        try (Connection owner = db.connectAsOwner()) {
            assertThat(RlsLinter.findings(owner)).isEmpty();
        }
    }

    @Test
    void the_same_options_give_the_same_content(TestDatabase db) throws SQLException {
        // two platforms of their own: the other tests sign in, register and check in on the shared one
        Seeded first = seed(db, freshPrefix(), 11, 2, 900);
        Seeded second = seed(db, freshPrefix(), 11, 2, 900);

        for (int n = 1; n <= 2; n++) {
            for (String table : PlatformSeed.tableNames()) {
                assertThat(content(db, table, second.clinics().get(n - 1), second.code(n)))
                        .as(table + " of clinic " + n)
                        .isEqualTo(content(db, table, first.clinics().get(n - 1), first.code(n)));
            }
        }
    }

    /**
     * A checksum of a clinic's rows in a table, without what differs by the platform: ids (the slug
     * prefix is mixed into them, so that two platforms share none; the generator's own test holds
     * them to the same bytes), the clinic's code -- also inside a report file's bytes, so those are
     * left out -- and the password hash's salt.
     */
    private static String content(TestDatabase db, String table, ClinicId clinic, String code) throws SQLException {
        String where = table.equals("app_user") ? " AND x.role <> 'clinic_admin'" : "";
        String row = "regexp_replace(replace((to_jsonb(x) - 'password_hash' - 'content' - 'sha256')::text, ?, 'CODE'),"
                + " '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', 'ID', 'g')";
        try (Connection c = db.connectAsSuperuser(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*), md5(string_agg(r, E'\\n' ORDER BY r)) FROM (SELECT " + row + " AS r FROM santkrupa."
                        + table + " x WHERE x.clinic_id = ?" + where + ") rows")) {
            s.setString(1, code);
            s.setObject(2, clinic.value());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1) + " rows, " + rs.getString(2);
            }
        }
    }

    @Test
    void a_second_seed_with_the_same_prefix_is_refused_and_changes_nothing(TestDatabase db) throws SQLException {
        Seeded s = seeded(db);
        long patients = scalar(db, "SELECT count(*) FROM santkrupa.patient");

        Run again = run(db, args(s.prefix(), 7));

        assertThat(again.exitCode()).as(again.toString()).isEqualTo(4);
        assertThat(again.err()).contains("3 clinic(s) seeded with the prefix " + s.prefix() + " already",
                s.slug(1), "nothing was changed");
        assertThat(scalar(db, "SELECT count(*) FROM santkrupa.patient")).isEqualTo(patients);
    }

    @Test
    void help_names_every_option_and_its_default(TestDatabase db) {
        StringWriter out = new StringWriter();
        CommandLine commandLine = Main.commandLine(new CommandContext(
                options -> DatabaseOptions.OpenDatabase.server(db.config()), new ByteArrayInputStream(new byte[0]),
                Optional.empty()));
        commandLine.setOut(new PrintWriter(out, true));

        assertThat(commandLine.execute("seed", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: santkrupa seed", "--clinics", "default: 200", "--patients",
                "default: 1000000", "--random-seed", "--password", "santkrupa-seed", "--slug-prefix", "--today",
                "--data-dir", "SEED_DATABASE_USER", "Exit codes");
        assertThat(run(db, "--clinics", "0").exitCode()).isEqualTo(2);
        assertThat(run(db, "--clinics", "3", "--patients", "2").exitCode()).isEqualTo(2);
    }

    private static UUID busiestDoctor(TestDatabase db, ClinicId clinic, LocalDate day) throws SQLException {
        try (Connection c = db.connectAsSuperuser(); PreparedStatement s = c.prepareStatement("""
                SELECT d.id FROM santkrupa.doctor d
                 WHERE d.clinic_id = ?
                 ORDER BY (SELECT count(*) FROM santkrupa.patient_visit v
                            WHERE v.clinic_id = d.clinic_id AND v.doctor_id = d.id AND v.visit_date = ?) DESC, d.id
                 LIMIT 1""")) {
            s.setObject(1, clinic.value());
            s.setObject(2, day);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getObject(1, UUID.class);
            }
        }
    }

    @Test
    void the_app_works_on_seeded_data_over_http(TestDatabase db) throws SQLException {
        Seeded s = seeded(db);
        ClinicId largest = s.clinics().getFirst();
        try (WebTestServer server = new WebTestServer(db)) {
            String base = "/clinic/" + s.slug(1) + "/api/v1";
            HttpResponse<String> signIn = ApiClient.send(server, "POST", base + "/auth/token", null,
                    "{\"username\":\"reception01\",\"password\":\"" + PASSWORD + "\"}");
            assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(200);
            String token = ApiClient.json(signIn).get("accessToken").asText();

            HttpResponse<String> search = ApiClient.get(server, base + "/patients?q=patil&limit=20", token);
            assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
            JsonNode items = ApiClient.json(search).get("items");
            assertThat(items).hasSize(20);
            items.forEach(p -> assertThat(p.get("lastName").asText()).isEqualTo("Patil"));

            int year = server.clock.clinicToday().getYear();
            long lastCode = scalar(db, "SELECT coalesce(max(value), 0) FROM santkrupa.clinic_counter"
                    + " WHERE clinic_id = ? AND name = 'patient_code' AND scope = ?", largest.value(), String.valueOf(year));
            HttpResponse<String> registered = ApiClient.send(server, "POST", base + "/patients", token,
                    "{\"firstName\":\"Kavita\",\"lastName\":\"Joshi\",\"phone\":\"98200 12345\","
                            + "\"dateOfBirth\":\"1990-04-12\",\"gender\":\"female\"}",
                    Map.of("Idempotency-Key", "seed-test-" + s.prefix()));
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
            JsonNode patient = ApiClient.json(registered);
            assertThat(lastCode).isPositive();
            assertThat(patient.get("code").asText()).isEqualTo("PT-%s-%d-%03d".formatted(s.code(1), year, lastCode + 1));

            LocalDate today = server.clock.clinicToday();
            // the doctor with the most seeded visits today (the seed's visits end on today)
            UUID doctor = busiestDoctor(db, largest, today);
            long lastToken = scalar(db, "SELECT coalesce(max(token_number), 0) FROM santkrupa.patient_visit"
                    + " WHERE clinic_id = ? AND doctor_id = ? AND visit_date = ?", largest.value(), doctor, today);
            HttpResponse<String> checkIn = ApiClient.send(server, "POST", base + "/visits", token,
                    "{\"patientId\":\"" + patient.get("id").asText() + "\",\"doctorId\":\"" + doctor + "\",\"reason\":\"Fever\"}",
                    Map.of("Idempotency-Key", "seed-test-visit-" + s.prefix()));
            assertThat(checkIn.statusCode()).as(checkIn.body()).isEqualTo(201);
            assertThat(lastToken).as("seeded visits today").isPositive();
            assertThat(ApiClient.json(checkIn).get("token").asLong()).isEqualTo(lastToken + 1);
        }
    }
}
