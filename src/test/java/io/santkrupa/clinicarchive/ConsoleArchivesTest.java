package io.santkrupa.clinicarchive;

import io.santkrupa.clinic.SubscriptionStatus;
import io.santkrupa.db.ClinicId;
import io.santkrupa.platform.ClinicRegistry;
import io.santkrupa.platform.PlatformActor;
import io.santkrupa.platform.PlatformAudit;
import io.santkrupa.platform.PlatformSessions;
import io.santkrupa.staff.Role;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.ClinicFixture;
import io.santkrupa.testing.ClinicRows;
import io.santkrupa.testing.Html;
import io.santkrupa.testing.PlatformConsoleFixture;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static io.santkrupa.db.jooq.santkrupa_platform.Tables.PLATFORM_AUDIT_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clinic page's export download and offboarding, over real HTTP with a super admin signed in
 * with both factors: the download is an archive import-clinic's reader accepts, row for row; the
 * offboarding deletes exactly one suspended clinic, only with its slug typed and its current
 * export uploaded, and only on a server given the maintenance login.
 */
@ExtendWith(TestDatabaseExtension.class)
class ConsoleArchivesTest {

    private static TestDatabase db;
    private static WebTestServer server;
    private static TestBrowser console;

    @TempDir
    Path dir;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = WebTestServer.withMaintenanceLogin(db);
        console = PlatformConsoleFixture.signedIn(server, db).browser();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String page(ClinicFixture.Clinic clinic) {
        return "/platform/clinics/" + clinic.slug();
    }

    private Path download(TestBrowser browser, ClinicFixture.Clinic clinic) throws Exception {
        assertThat(browser.get(page(clinic)).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> response = browser.downloadByPost(page(clinic) + "/export", Map.of());
        assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
        Path file = dir.resolve(clinic.slug() + "-" + UUID.randomUUID() + ".zip");
        Files.write(file, response.body());
        return file;
    }

    private static void suspend(ClinicFixture.Clinic clinic) {
        ClinicRegistry registry = new ClinicRegistry(db.platform(), new PlatformAudit(), Clock.systemUTC());
        ClinicRegistry.ClinicRow row = registry.find(clinic.slug()).orElseThrow();
        registry.changeStatus(row.id(), row.version(), SubscriptionStatus.SUSPENDED, null, "Contract ended",
                PlatformActor.commandLine());
    }

    private static HttpResponse<String> offboard(TestBrowser browser, ClinicFixture.Clinic clinic, String typed, Path export)
            throws Exception {
        assertThat(browser.get(page(clinic)).statusCode()).isEqualTo(200);
        return browser.postMultipart(page(clinic) + "/offboard", Map.of("confirm", typed), "export",
                export == null ? "" : export.getFileName().toString(), "application/zip",
                export == null ? null : Files.readAllBytes(export));
    }

    private static long events(ClinicId clinic, String action) {
        return db.platform().run(tx -> tx.fetchCount(PLATFORM_AUDIT_EVENT,
                PLATFORM_AUDIT_EVENT.CLINIC_ID.eq(clinic.value()), PLATFORM_AUDIT_EVENT.ACTION.eq(action)));
    }

    // ---------------------------------------------------------------- export

    @Test
    void the_download_is_the_clinics_archive_row_for_row_and_the_platform_trail_records_it_in_counts() throws Exception {
        ClinicFixture.Clinic clinic = ClinicFixture.create(db);
        assertThat(console.get(page(clinic)).body()).contains("action=\"/platform/clinics/" + clinic.slug() + "/export\"");

        HttpResponse<byte[]> response = console.downloadByPost(page(clinic) + "/export", Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/zip"));
        assertThat(response.headers().firstValue("Content-Disposition")).hasValueSatisfying(d -> assertThat(d)
                .startsWith("attachment;").contains("filename=\"" + clinic.slug() + "-" + LocalDate.now(ZoneOffset.UTC)
                        + ".santkrupa.zip\""));
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        Path file = dir.resolve("download.zip");
        Files.write(file, response.body());
        // import-clinic's reader: the manifest, then every table's and file's count and checksum
        try (ArchiveReader reader = ArchiveReader.open(file)) {
            reader.verify();
            Map<String, Long> rows = new TreeMap<>();
            reader.manifest().tables().forEach(t -> rows.put(t.name(), t.rows()));
            assertThat(rows).isEqualTo(ClinicRows.of(db, clinic.id()));
            assertThat(rows.values()).allMatch(n -> n > 0);
            assertThat(reader.manifest().clinic().id()).isEqualTo(clinic.id().value());
            assertThat(reader.manifest().files()).hasSize((int) (long) rows.get("stored_file"));
        }
        String detail = db.platform().run(tx -> tx.select(PLATFORM_AUDIT_EVENT.DETAIL).from(PLATFORM_AUDIT_EVENT)
                .where(PLATFORM_AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()), PLATFORM_AUDIT_EVENT.ACTION.eq("clinic.exported"))
                .fetchSingle().value1());
        assertThat(detail).contains(clinic.slug(), "rows in", "downloaded from the console").doesNotContain("Patil", "Asha");
    }

    @Test
    void only_a_super_admin_signed_in_with_both_factors_and_the_sessions_csrf_token_gets_the_archive() throws Exception {
        ClinicFixture.Clinic clinic = ClinicFixture.create(db);
        ClinicFixture.Clinic other = WebFixture.clinicWithLogins(db, server.hasher);
        TestBrowser clinicAdmin = ApiClient.signedIn(server, other, Role.CLINIC_ADMIN);
        // a super admin's session after the password only, before the second factor
        UUID adminId = new io.santkrupa.platform.PlatformAdmins(db.platform(), new PlatformAudit()).create(
                new io.santkrupa.platform.PlatformAdmins.NewAdmin("half-" + UUID.randomUUID().toString().substring(0, 8),
                        "Half Signed In", ""), server.hasher.hash("half signed in password"), PlatformActor.commandLine());
        PlatformSessions sessions = new PlatformSessions(server.clock, Duration.ofMinutes(15), Duration.ofHours(12));
        String halfCookie = db.platform().run(tx -> sessions.create(tx, adminId, PlatformSessions.Stage.SECOND_FACTOR,
                "127.0.0.1", "test")).cookieValue();
        TestBrowser halfSignedIn = server.browser();
        halfSignedIn.cookies.put("santkrupa_platform", halfCookie);

        for (TestBrowser outsider : new TestBrowser[] {server.browser(), clinicAdmin, halfSignedIn}) {
            HttpResponse<byte[]> refused = outsider.downloadByPost(page(clinic) + "/export", Map.of("_csrf", "x"));
            assertThat(refused.statusCode()).isEqualTo(303);
            assertThat(refused.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/platform/login"));
            assertThat(refused.headers().firstValue("Content-Disposition")).isEmpty();
        }
        console.get(page(clinic));
        for (String token : new String[] {null, "", "forged"}) {
            Map<String, String> form = new java.util.HashMap<>();
            form.put("_csrf", token);
            HttpResponse<byte[]> forged = console.downloadByPost(page(clinic) + "/export", form);
            assertThat(forged.statusCode()).as("_csrf " + token).isEqualTo(403);
            assertThat(forged.headers().firstValue("Content-Disposition")).isEmpty();
        }
        assertThat(events(clinic.id(), "clinic.exported")).isZero();
        assertThat(console.downloadByPost("/platform/clinics/no-such-clinic/export", Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void a_download_the_browser_abandons_half_way_is_cut_off_and_recorded_as_stopped() throws Exception {
        ClinicFixture.Clinic clinic = ClinicFixture.create(db);
        // files that cannot be compressed, more than the socket buffers hold: the server is still writing when the client goes
        java.util.Random random = new java.util.Random(14);
        db.tenants().inClinic(clinic.id(), tx -> {
            UUID uploader = tx.select(io.santkrupa.db.jooq.santkrupa.Tables.APP_USER.ID).from(io.santkrupa.db.jooq.santkrupa.Tables.APP_USER)
                    .where(io.santkrupa.db.jooq.santkrupa.Tables.APP_USER.CLINIC_ID.eq(clinic.id().value())).limit(1).fetchSingle().value1();
            for (int i = 0; i < 5; i++) {
                byte[] bytes = new byte[9 << 20];
                random.nextBytes(bytes);
                var f = io.santkrupa.db.jooq.santkrupa.Tables.STORED_FILE;
                tx.insertInto(f).set(f.CLINIC_ID, clinic.id().value()).set(f.ID, io.santkrupa.db.Ids.newId())
                        .set(f.FILE_NAME, "scan-" + i + ".pdf").set(f.CONTENT_TYPE, "application/pdf")
                        .set(f.SIZE_BYTES, bytes.length).set(f.SHA256, ClinicFixture.sha256(bytes)).set(f.CONTENT, bytes)
                        .set(f.UPLOADED_BY, uploader).execute();
            }
            return null;
        });
        console.get(page(clinic));
        String body = "_csrf=" + java.net.URLEncoder.encode(console.csrf(), java.nio.charset.StandardCharsets.UTF_8);
        String cookies = console.cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining("; "));
        java.net.URI url = java.net.URI.create(server.url(page(clinic) + "/export"));
        try (java.net.Socket socket = new java.net.Socket(url.getHost(), url.getPort())) {
            socket.setReceiveBufferSize(4096);
            socket.getOutputStream().write(("POST " + url.getPath() + " HTTP/1.1\r\nHost: " + url.getHost() + "\r\nCookie: "
                    + cookies + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length()
                    + "\r\nConnection: close\r\n\r\n" + body).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String head = new String(socket.getInputStream().readNBytes(2048), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(head).startsWith("HTTP/1.1 200").contains("attachment;");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (failures(clinic.id()) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(failures(clinic.id())).isEqualTo(1);
        int successes = db.platform().run(tx -> tx.fetchCount(PLATFORM_AUDIT_EVENT,
                PLATFORM_AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()), PLATFORM_AUDIT_EVENT.ACTION.eq("clinic.exported"),
                PLATFORM_AUDIT_EVENT.OUTCOME.eq("success")));
        assertThat(successes).isZero();
    }

    private static int failures(ClinicId clinic) {
        return db.platform().run(tx -> tx.fetchCount(PLATFORM_AUDIT_EVENT, PLATFORM_AUDIT_EVENT.CLINIC_ID.eq(clinic.value()),
                PLATFORM_AUDIT_EVENT.ACTION.eq("clinic.exported"), PLATFORM_AUDIT_EVENT.OUTCOME.eq("failure")));
    }

    // ---------------------------------------------------------------- offboarding

    @Test
    void offboarding_an_active_clinic_or_with_the_wrong_slug_typed_changes_nothing_and_says_why_at_the_field()
            throws Exception {
        ClinicFixture.Clinic clinic = ClinicFixture.create(db);
        Path export = download(console, clinic);
        assertThat(console.get(page(clinic)).body()).doesNotContain("/offboard\"");
        Map<String, Long> active = ClinicRows.of(db, clinic.id());

        HttpResponse<String> notSuspended = offboard(console, clinic, clinic.slug(), export);

        assertThat(notSuspended.statusCode()).isEqualTo(409);
        assertThat(notSuspended.body()).contains("Only a suspended clinic can be offboarded", "Nothing was deleted");
        assertThat(ClinicRows.of(db, clinic.id())).isEqualTo(active);
        suspend(clinic);
        Map<String, Long> before = ClinicRows.of(db, clinic.id());
        Path current = download(console, clinic);
        String form = console.get(page(clinic)).body();
        assertThat(form).contains("action=\"/platform/clinics/" + clinic.slug() + "/offboard\"", "enctype=\"multipart/form-data\"");

        HttpResponse<String> wrongSlug = offboard(console, clinic, clinic.slug() + "x", current);
        HttpResponse<String> noFile = offboard(console, clinic, clinic.slug(), null);
        HttpResponse<String> stale = offboard(console, clinic, clinic.slug(), export);
        HttpResponse<String> notAnArchive = console.postMultipart(page(clinic) + "/offboard", Map.of("confirm", clinic.slug()),
                "export", "x.zip", "application/zip", "not a zip".getBytes());

        assertThat(wrongSlug.statusCode()).isEqualTo(422);
        assertThat(Html.fieldError(wrongSlug.body(), "confirm")).hasValueSatisfying(e -> assertThat(e)
                .contains("Type the clinic's web address, " + clinic.slug(), "Nothing was deleted"));
        assertThat(noFile.statusCode()).isEqualTo(422);
        assertThat(Html.fieldError(noFile.body(), "export")).isPresent();
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.body()).contains("not the clinic as it is now", "Nothing was deleted");
        assertThat(notAnArchive.statusCode()).isEqualTo(422);
        assertThat(Html.fieldError(notAnArchive.body(), "export")).hasValueSatisfying(e -> assertThat(e).contains("not a clinic archive"));
        assertThat(ClinicRows.of(db, clinic.id())).isEqualTo(before);
        assertThat(events(clinic.id(), "clinic.offboarded")).isZero();
    }

    @Test
    void offboarding_a_suspended_clinic_with_its_current_export_deletes_every_row_of_it_and_no_other_clinics()
            throws Exception {
        ClinicFixture.Clinic leaving = ClinicFixture.create(db);
        ClinicFixture.Clinic staying = ClinicFixture.create(db);
        suspend(leaving);
        Path export = download(console, leaving);
        Map<ClinicId, Map<String, Long>> before = ClinicRows.ofEveryClinic(db);

        HttpResponse<String> done = offboard(console, leaving, leaving.slug(), export);

        assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
        assertThat(done.headers().firstValue("Location")).hasValue("/platform?done=offboarded");
        assertThat(console.get("/platform?done=offboarded").body()).contains("The clinic was offboarded");
        assertThat(ClinicRows.of(db, leaving.id()).values()).containsOnly(0L);
        Map<ClinicId, Map<String, Long>> after = ClinicRows.ofEveryClinic(db);
        before.remove(leaving.id());
        assertThat(after).isEqualTo(before);
        assertThat(after).containsKey(staying.id());
        assertThat(console.get(page(leaving)).statusCode()).isEqualTo(404);
        String detail = db.platform().run(tx -> tx.select(PLATFORM_AUDIT_EVENT.DETAIL, PLATFORM_AUDIT_EVENT.ACTOR)
                .from(PLATFORM_AUDIT_EVENT).where(PLATFORM_AUDIT_EVENT.CLINIC_ID.eq(leaving.id().value()),
                        PLATFORM_AUDIT_EVENT.ACTION.eq("clinic.offboarded")).fetchSingle().formatCSV(false));
        assertThat(detail).contains(leaving.slug(), "rows", "ops-").doesNotContain("Patil", "Asha", "+91");
    }

    @Test
    void a_server_without_the_maintenance_login_says_to_offboard_with_the_command_line_and_offers_no_button()
            throws Exception {
        try (WebTestServer plain = new WebTestServer(db)) {
            TestBrowser admin = PlatformConsoleFixture.signedIn(plain, db).browser();
            ClinicFixture.Clinic clinic = ClinicFixture.create(db);
            suspend(clinic);
            Path export = download(admin, clinic);
            Map<String, Long> before = ClinicRows.of(db, clinic.id());

            String shown = admin.get(page(clinic)).body();
            HttpResponse<String> posted = offboard(admin, clinic, clinic.slug(), export);

            assertThat(shown).contains("maintenance login", "offboard-clinic").doesNotContain("/offboard\"");
            assertThat(posted.statusCode()).isEqualTo(409);
            assertThat(ClinicRows.of(db, clinic.id())).isEqualTo(before);
        }
    }
}
