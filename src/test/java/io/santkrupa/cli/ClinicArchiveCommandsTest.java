package io.santkrupa.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.santkrupa.clinic.SubscriptionStatus;
import io.santkrupa.db.ClinicId;
import io.santkrupa.platform.ClinicRegistry;
import io.santkrupa.platform.PlatformActor;
import io.santkrupa.platform.PlatformAudit;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.ClinicRows;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebTestServer;
import io.santkrupa.web.Json;
import io.santkrupa.web.auth.PasswordHasher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * export-clinic, import-clinic and offboard-clinic on real databases: the shared test database
 * and a second one on the same server, migrated alike. Tables are found in the catalog here too,
 * so a new table is checked without a change to this test.
 */
@ExtendWith(TestDatabaseExtension.class)
class ClinicArchiveCommandsTest {

    private static final String PASSWORD = "archive-test-password";
    private static TestDatabase target;

    @TempDir
    Path dir;

    private static synchronized TestDatabase target(TestDatabase db) throws SQLException {
        if (target == null) {
            target = db.newDatabase();
        }
        return target;
    }

    @AfterAll
    static void dropTarget() {
        if (target != null) {
            target.close();
            target = null;
        }
    }

    private record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private static Run run(TestDatabase db, Object command, String... args) {
        CommandLine commandLine = new CommandLine(command);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return new Run(commandLine.execute(args), out.toString(), err.toString());
    }

    private static CommandContext context(TestDatabase db) {
        return new CommandContext(options -> DatabaseOptions.OpenDatabase.server(db.config()),
                new ByteArrayInputStream(new byte[0]), Optional.empty());
    }

    private static Run export(TestDatabase db, String slug, Path to) {
        return run(db, new ExportClinicCommand(context(db)), slug, "--to", to.toString());
    }

    private static Run importInto(TestDatabase db, Path archive, String... options) {
        List<String> args = new ArrayList<>(List.of(archive.toString()));
        args.addAll(List.of(options));
        return run(db, new ImportClinicCommand(context(db), Optional.of(db::connectAsSuperuser)), args.toArray(String[]::new));
    }

    private static Run offboard(TestDatabase db, String... args) {
        return run(db, new OffboardClinicCommand(context(db), Optional.of(db::connectAsSuperuser)), args);
    }

    // ---------------------------------------------------------------- round trip

    @Test
    void a_clinic_exported_and_imported_into_another_database_is_the_same_row_for_row_and_byte_for_byte(TestDatabase db)
            throws Exception {
        ClinicFixture.Clinic clinic = ClinicFixture.create(db);
        TestDatabase other = target(db);
        Path archive = dir.resolve("clinic.zip");

        Run exported = export(db, clinic.slug(), archive);
        assertThat(exported.exitCode()).as(exported.toString()).isZero();
        assertThat(exported.out()).contains("Exported " + clinic.slug());
        assertThat(exported.err()).contains("rows/s");
        JsonNode manifest = manifest(archive);
        assertThat(manifest.get("clinic").get("id").asText()).isEqualTo(clinic.id().value().toString());
        assertThat(manifest.get("schemaVersion").asText()).isNotBlank();

        // every table the catalog names is in it, each with the clinic's every row
        Map<String, Long> source = rowsOf(db, clinic.id());
        Map<String, Long> inArchive = new TreeMap<>();
        manifest.get("tables").forEach(t -> inArchive.put(t.get("name").asText(), t.get("rows").asLong()));
        assertThat(inArchive).isEqualTo(source);
        assertThat(source.values()).allMatch(n -> n > 0);
        assertThat(manifest.get("files")).hasSize((int) (long) source.get("stored_file"));

        Run imported = importInto(other, archive);
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        assertThat(rowsOf(other, clinic.id())).isEqualTo(source);

        // exported again from the other database: every table file has the same checksum, every file the same bytes
        Path again = dir.resolve("again.zip");
        Run reexported = export(other, clinic.slug(), again);
        assertThat(reexported.exitCode()).as(reexported.toString()).isZero();
        JsonNode second = manifest(again);
        assertThat(tableChecksums(second)).isEqualTo(tableChecksums(manifest));
        assertThat(second.get("files")).isEqualTo(manifest.get("files"));
        assertThat(fileDigests(other, clinic.id())).isEqualTo(fileDigests(db, clinic.id()));
        // and the rows as PostgreSQL itself prints them, every column of every table
        for (String table : source.keySet()) {
            assertThat(content(other, table, clinic.id())).as(table).isEqualTo(content(db, table, clinic.id()));
        }
    }

    @Test
    void imported_under_a_new_slug_the_clinic_works_in_the_application_and_its_counters_go_on(TestDatabase db)
            throws Exception {
        ClinicFixture.Clinic clinic = ClinicFixture.create(db);
        String hash = new PasswordHasher().hash(PASSWORD);
        db.tenants().inClinic(clinic.id(), tx -> tx.update(APP_USER).set(APP_USER.PASSWORD_HASH, hash)
                .where(APP_USER.CLINIC_ID.eq(clinic.id().value()), APP_USER.USERNAME.eq("reception")).execute());
        TestDatabase other = target(db);
        Path archive = dir.resolve("clinic.zip");
        assertThat(export(db, clinic.slug(), archive).exitCode()).isZero();
        String slug = clinic.slug() + "-moved";

        Run imported = importInto(other, archive, "--slug", slug);

        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        assertThat(imported.out()).contains("as " + slug);
        try (WebTestServer server = new WebTestServer(other)) {
            String base = "/clinic/" + slug + "/api/v1";
            HttpResponse<String> signIn = ApiClient.send(server, "POST", base + "/auth/token", null,
                    "{\"username\":\"reception\",\"password\":\"" + PASSWORD + "\"}");
            assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(200);
            String token = ApiClient.json(signIn).get("accessToken").asText();

            HttpResponse<String> patient = ApiClient.get(server, base + "/patients/" + clinic.row("patient"), token);
            assertThat(patient.statusCode()).as(patient.body()).isEqualTo(200);
            assertThat(ApiClient.json(patient).get("lastName").asText()).isEqualTo("Patil");

            // the counters came along: the next code and the doctor's next token follow the clinic's own
            int year = server.clock.clinicToday().getYear();
            long lastCode = scalar(other, "SELECT coalesce(max(value), 0) FROM santkrupa.clinic_counter"
                    + " WHERE clinic_id = ? AND name = 'patient_code' AND scope = ?", clinic.id().value(), String.valueOf(year));
            HttpResponse<String> registered = ApiClient.send(server, "POST", base + "/patients", token,
                    "{\"firstName\":\"Kavita\",\"lastName\":\"Joshi\",\"phone\":\"98200 12345\","
                            + "\"dateOfBirth\":\"1990-04-12\",\"gender\":\"female\"}", Map.of("Idempotency-Key", "moved-1"));
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
            assertThat(ApiClient.json(registered).get("code").asText())
                    .isEqualTo("PT-%s-%d-%03d".formatted(clinic.code(), year, lastCode + 1));
            long lastToken = scalar(other, "SELECT coalesce(max(token_number), 0) FROM santkrupa.patient_visit"
                    + " WHERE clinic_id = ? AND doctor_id = ? AND visit_date = ?", clinic.id().value(), clinic.row("doctor"),
                    server.clock.clinicToday());
            HttpResponse<String> checkIn = ApiClient.send(server, "POST", base + "/visits", token,
                    "{\"patientId\":\"" + ApiClient.json(registered).get("id").asText() + "\",\"doctorId\":\""
                            + clinic.row("doctor") + "\",\"reason\":\"Fever\"}", Map.of("Idempotency-Key", "moved-2"));
            assertThat(checkIn.statusCode()).as(checkIn.body()).isEqualTo(201);
            assertThat(ApiClient.json(checkIn).get("token").asLong()).isEqualTo(lastToken + 1);
        }
        assertThat(scalar(other, "SELECT count(*) FROM santkrupa_platform.platform_audit_event WHERE clinic_id = ?"
                + " AND action = 'clinic.imported'", clinic.id().value())).isEqualTo(1);
    }

    // ---------------------------------------------------------------- refusals

    @Test
    void a_clinic_or_slug_already_there_is_refused_and_nothing_is_written(TestDatabase db) throws Exception {
        ClinicFixture.Clinic clinic = ClinicFixture.create(db);
        ClinicFixture.Clinic another = ClinicFixture.create(db);
        Path archive = dir.resolve("clinic.zip");
        Path anotherArchive = dir.resolve("another.zip");
        assertThat(export(db, clinic.slug(), archive).exitCode()).isZero();
        assertThat(export(db, another.slug(), anotherArchive).exitCode()).isZero();
        TestDatabase other = target(db);
        String slug = "moved-" + UUID.randomUUID().toString().substring(0, 8);
        Run first = importInto(other, archive, "--slug", slug);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        Map<String, Long> before = totalRows(other);
        Map<ClinicId, Map<String, Long>> sourceBefore = everyClinicsRows(db);

        Run sameClinicHere = importInto(db, archive, "--slug", clinic.slug() + "-copy");
        Run sameClinicThere = importInto(other, archive, "--slug", slug + "-again");
        Run slugTaken = importInto(other, anotherArchive, "--slug", slug);

        assertThat(sameClinicHere.exitCode()).as(sameClinicHere.toString()).isEqualTo(4);
        assertThat(sameClinicHere.err()).contains("has the clinic " + clinic.id().value() + " already", "Nothing was written");
        assertThat(sameClinicThere.exitCode()).as(sameClinicThere.toString()).isEqualTo(4);
        assertThat(sameClinicThere.err()).contains("already (as \"" + slug + "\")");
        assertThat(slugTaken.exitCode()).as(slugTaken.toString()).isEqualTo(4);
        assertThat(slugTaken.err()).contains("The slug \"" + slug + "\" is another clinic's here");
        assertThat(totalRows(other)).isEqualTo(before);
        assertThat(everyClinicsRows(db)).isEqualTo(sourceBefore);
    }

    @Test
    void an_archive_of_another_schema_version_is_refused_with_a_clear_message(TestDatabase db) throws Exception {
        ClinicFixture.Clinic clinic = ClinicFixture.create(db);
        Path archive = dir.resolve("clinic.zip");
        assertThat(export(db, clinic.slug(), archive).exitCode()).isZero();
        Path older = dir.resolve("older.zip");
        rewrite(archive, older, Map.of("manifest.json", bytes -> {
            ObjectNode manifest = (ObjectNode) Json.MAPPER.readTree(bytes);
            manifest.put("schemaVersion", "001");
            return Json.MAPPER.writeValueAsBytes(manifest);
        }));

        Run imported = importInto(target(db), older);

        assertThat(imported.exitCode()).as(imported.toString()).isEqualTo(2);
        assertThat(imported.err()).contains("schema version 001", "Nothing was written");
        assertThat(rowsOf(target(db), clinic.id()).values()).containsOnly(0L);
    }

    @Test
    void a_tampered_archive_is_refused_before_anything_is_written(TestDatabase db) throws Exception {
        ClinicFixture.Clinic clinic = ClinicFixture.create(db);
        Path archive = dir.resolve("clinic.zip");
        assertThat(export(db, clinic.slug(), archive).exitCode()).isZero();
        Path tampered = dir.resolve("tampered.zip");
        rewrite(archive, tampered, Map.of("tables/patient.jsonl",
                bytes -> new String(bytes, StandardCharsets.UTF_8).replace("Patil", "Pawar").getBytes(StandardCharsets.UTF_8)));
        Path fileChanged = dir.resolve("file-changed.zip");
        String file = manifest(archive).get("files").get(0).get("file").asText();
        rewrite(archive, fileChanged, Map.of(file, bytes -> "%PDF-1.4 something else".getBytes(StandardCharsets.US_ASCII)));
        Map<String, Long> before = totalRows(target(db));

        Run rowChanged = importInto(target(db), tampered);
        Run bytesChanged = importInto(target(db), fileChanged);

        assertThat(rowChanged.exitCode()).as(rowChanged.toString()).isEqualTo(2);
        assertThat(rowChanged.err()).contains("damaged or was changed", "tables/patient.jsonl", "Nothing was written");
        assertThat(bytesChanged.exitCode()).as(bytesChanged.toString()).isEqualTo(2);
        assertThat(bytesChanged.err()).contains(file);
        assertThat(totalRows(target(db))).isEqualTo(before);
    }

    @Test
    void a_crafted_archive_that_writes_into_another_clinic_fails_half_way_and_leaves_nothing(TestDatabase db)
            throws Exception {
        ClinicFixture.Clinic clinic = ClinicFixture.create(db);
        ClinicFixture.Clinic victim = ClinicFixture.create(db);
        Path archive = dir.resolve("clinic.zip");
        assertThat(export(db, clinic.slug(), archive).exitCode()).isZero();
        // the last table's rows claim the other clinic, with checksums made to match: checksums catch
        // accidents, this check the archive's intent; by then every earlier table is written
        JsonNode manifest = manifest(archive);
        JsonNode last = manifest.get("tables").get(manifest.get("tables").size() - 1);
        String path = last.get("file").asText();
        Path crafted = dir.resolve("crafted.zip");
        byte[][] changed = new byte[1][];
        rewrite(archive, crafted, Map.of(path, bytes -> {
            changed[0] = new String(bytes, StandardCharsets.UTF_8)
                    .replace(clinic.id().value().toString(), victim.id().value().toString()).getBytes(StandardCharsets.UTF_8);
            return changed[0];
        }));
        rewrite(crafted, dir.resolve("crafted2.zip"), Map.of("manifest.json", bytes -> {
            ObjectNode m = (ObjectNode) Json.MAPPER.readTree(bytes);
            for (JsonNode t : m.get("tables")) {
                if (t.get("file").asText().equals(path)) {
                    ((ObjectNode) t).put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(changed[0])));
                }
            }
            return Json.MAPPER.writeValueAsBytes(m);
        }));
        Map<String, Long> before = totalRows(target(db));

        Run imported = importInto(target(db), dir.resolve("crafted2.zip"));

        assertThat(imported.exitCode()).as(imported.toString()).isEqualTo(2);
        assertThat(imported.err()).contains("a row of another clinic", "Nothing was written");
        assertThat(totalRows(target(db))).isEqualTo(before);
        assertThat(rowsOf(target(db), clinic.id()).values()).containsOnly(0L);
    }

    // ---------------------------------------------------------------- offboarding

    @Test
    void offboarding_deletes_every_row_of_the_clinic_and_no_other_clinics(TestDatabase db) throws Exception {
        ClinicFixture.Clinic leaving = ClinicFixture.create(db);
        ClinicFixture.Clinic staying = ClinicFixture.create(db);
        String slug = leaving.slug();
        Path early = dir.resolve("early.zip");
        assertThat(export(db, slug, early).exitCode()).isZero();

        // refused: no confirmation, the wrong one, not suspended, an export made before the suspension
        Run unconfirmed = offboard(db, slug, "--confirm", slug + "x", "--export-file", early.toString());
        Run active = offboard(db, slug, "--confirm", slug, "--export-file", early.toString());
        suspend(db, slug);
        Run stale = offboard(db, slug, "--confirm", slug, "--export-file", early.toString());
        Path archive = dir.resolve("leaving.zip");
        assertThat(export(db, slug, archive).exitCode()).isZero();
        Run otherClinicsExport = offboard(db, staying.slug(), "--confirm", staying.slug(), "--export-file", archive.toString());
        Run unknown = offboard(db, "no-such-clinic", "--confirm", "no-such-clinic", "--export-file", archive.toString());

        assertThat(unconfirmed.exitCode()).as(unconfirmed.toString()).isEqualTo(2);
        assertThat(unconfirmed.err()).contains("--confirm");
        assertThat(active.exitCode()).as(active.toString()).isEqualTo(4);
        assertThat(active.err()).contains("suspend it first");
        assertThat(stale.exitCode()).as(stale.toString()).isEqualTo(4);
        assertThat(stale.err()).contains("not the clinic as it is now", "clinic");
        assertThat(otherClinicsExport.exitCode()).as(otherClinicsExport.toString()).isEqualTo(4);
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(3);
        assertThat(rowsOf(db, leaving.id()).values()).allMatch(n -> n > 0);

        Map<ClinicId, Map<String, Long>> before = everyClinicsRows(db);
        long platformEvents = scalar(db, "SELECT count(*) FROM santkrupa_platform.platform_audit_event WHERE clinic_id = ?",
                leaving.id().value());

        Run offboarded = offboard(db, slug, "--confirm", slug, "--export-file", archive.toString());

        assertThat(offboarded.exitCode()).as(offboarded.toString()).isZero();
        assertThat(offboarded.out()).contains("Offboarded " + slug);
        assertThat(rowsOf(db, leaving.id()).values()).containsOnly(0L);
        Map<ClinicId, Map<String, Long>> after = everyClinicsRows(db);
        before.remove(leaving.id());
        assertThat(after).isEqualTo(before);
        assertThat(db.tenants().resolveSlug(slug)).isEmpty();
        // the platform's trail keeps one event of it: ids and counts, nothing of the patients
        assertThat(scalar(db, "SELECT count(*) FROM santkrupa_platform.platform_audit_event WHERE clinic_id = ?",
                leaving.id().value())).isEqualTo(platformEvents + 1);
        String detail = text(db, "SELECT detail FROM santkrupa_platform.platform_audit_event WHERE clinic_id = ?"
                + " AND action = 'clinic.offboarded'", leaving.id().value());
        assertThat(detail).contains(slug, "rows").doesNotContain("Patil", "Asha", "+91");

        // the export holds it all: imported again, the clinic is back as it was
        Run back = importInto(db, archive);
        assertThat(back.exitCode()).as(back.toString()).isZero();
        assertThat(everyClinicsRows(db).get(leaving.id())).isEqualTo(exportedRows(archive));
    }

    /** The leaving clinic's rows per table as its export lists them. */
    private static Map<String, Long> exportedRows(Path archive) throws IOException {
        Map<String, Long> rows = new TreeMap<>();
        manifest(archive).get("tables").forEach(t -> rows.put(t.get("name").asText(), t.get("rows").asLong()));
        return rows;
    }

    @Test
    void an_export_that_is_no_longer_current_stops_the_offboarding_and_nothing_is_deleted(TestDatabase db) throws Exception {
        ClinicFixture.Clinic leaving = ClinicFixture.create(db);
        suspend(db, leaving.slug());
        Path archive = dir.resolve("leaving.zip");
        assertThat(export(db, leaving.slug(), archive).exitCode()).isZero();
        // a patient's name corrected after the export: same counts, other rows
        try (Connection c = db.connectAsSuperuser(); PreparedStatement s = c.prepareStatement(
                "UPDATE santkrupa.patient SET first_name = 'Ashaa' WHERE clinic_id = ?")) {
            s.setObject(1, leaving.id().value());
            s.executeUpdate();
        }
        Map<String, Long> before = rowsOf(db, leaving.id());

        Run offboarded = offboard(db, leaving.slug(), "--confirm", leaving.slug(), "--export-file", archive.toString());

        assertThat(offboarded.exitCode()).as(offboarded.toString()).isEqualTo(4);
        assertThat(offboarded.err()).contains("patient: rows changed since the export", "Nothing was deleted");
        assertThat(rowsOf(db, leaving.id())).isEqualTo(before);
    }

    @Test
    void help_names_the_options_and_the_login(TestDatabase db) {
        StringWriter out = new StringWriter();
        CommandLine commandLine = io.santkrupa.Main.commandLine(context(db));
        commandLine.setOut(new PrintWriter(out, true));
        assertThat(commandLine.execute("export-clinic", "--help")).isZero();
        assertThat(commandLine.execute("import-clinic", "--help")).isZero();
        assertThat(commandLine.execute("offboard-clinic", "--help")).isZero();
        assertThat(out.toString()).contains("--to", "--slug", "--confirm", "--export-file", "MAINTENANCE_DATABASE_USER",
                "Exit codes");
    }

    // ---------------------------------------------------------------- helpers

    private static void suspend(TestDatabase db, String slug) {
        ClinicRegistry registry = new ClinicRegistry(db.platform(), new PlatformAudit(), Clock.systemUTC());
        ClinicRegistry.ClinicRow row = registry.find(slug).orElseThrow();
        registry.changeStatus(row.id(), row.version(), SubscriptionStatus.SUSPENDED, null, "Contract ended",
                PlatformActor.commandLine());
    }

    private static Map<String, Long> rowsOf(TestDatabase db, ClinicId clinic) throws SQLException {
        return ClinicRows.of(db, clinic);
    }

    private static Map<ClinicId, Map<String, Long>> everyClinicsRows(TestDatabase db) throws SQLException {
        return ClinicRows.ofEveryClinic(db);
    }

    private static Map<String, Long> totalRows(TestDatabase db) throws SQLException {
        return ClinicRows.total(db);
    }

    private static long scalar(TestDatabase db, String sql, Object... params) throws SQLException {
        return ClinicRows.scalar(db, sql, params);
    }

    /** A table's rows of the clinic as PostgreSQL prints them (every column, generated ones too), in order. */
    private static String content(TestDatabase db, String table, ClinicId clinic) throws SQLException {
        String key = table.equals("clinic") ? "id" : "clinic_id";
        // the registry's slug may differ by design; compare the rest
        String row = table.equals("clinic") ? "(to_jsonb(x) - 'slug')::text" : "to_jsonb(x)::text";
        try (Connection c = db.connectAsSuperuser(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) || ' ' || coalesce(md5(string_agg(" + row + ", E'\\n' ORDER BY x.id)), '') FROM santkrupa."
                        + table + " x WHERE x." + key + " = ?")) {
            s.setObject(1, clinic.value());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static Map<UUID, String> fileDigests(TestDatabase db, ClinicId clinic) throws SQLException {
        Map<UUID, String> digests = new TreeMap<>();
        try (Connection c = db.connectAsSuperuser(); PreparedStatement s = c.prepareStatement(
                "SELECT id, encode(sha256(content), 'hex') FROM santkrupa.stored_file WHERE clinic_id = ?")) {
            s.setObject(1, clinic.value());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    digests.put(rs.getObject(1, UUID.class), rs.getString(2));
                }
            }
        }
        assertThat(digests).isNotEmpty();
        return digests;
    }

    private static String text(TestDatabase db, String sql, Object... params) throws SQLException {
        try (Connection c = db.connectAsSuperuser(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    private static JsonNode manifest(Path archive) throws IOException {
        try (ZipFile zip = new ZipFile(archive.toFile()); InputStream in = zip.getInputStream(zip.getEntry("manifest.json"))) {
            return Json.MAPPER.readTree(in);
        }
    }

    private static Map<String, String> tableChecksums(JsonNode manifest) {
        Map<String, String> checksums = new TreeMap<>();
        manifest.get("tables").forEach(t -> checksums.put(t.get("name").asText(),
                t.get("rows").asLong() + " " + t.get("sha256").asText()));
        return checksums;
    }

    @FunctionalInterface
    private interface Change {
        byte[] apply(byte[] bytes) throws Exception;
    }

    /** A copy of {@code from} with some entries' bytes changed. */
    private static void rewrite(Path from, Path to, Map<String, Change> changes) throws Exception {
        try (ZipFile zip = new ZipFile(from.toFile()); OutputStream file = Files.newOutputStream(to);
             ZipOutputStream out = new ZipOutputStream(file)) {
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                byte[] bytes;
                try (InputStream in = zip.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                Change change = changes.get(entry.getName());
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(change == null ? bytes : change.apply(bytes));
                out.closeEntry();
            }
        }
        assertThat(changes.keySet()).allMatch(name -> {
            try (ZipFile zip = new ZipFile(to.toFile())) {
                return zip.getEntry(name) != null;
            } catch (IOException e) {
                return false;
            }
        });
    }
}
