package io.santkrupa.clinic;

import io.santkrupa.testing.ClinicFixture.Clinic;
import io.santkrupa.testing.Html;
import io.santkrupa.testing.LogoImages;
import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.WebFixture;
import io.santkrupa.testing.WebTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.santkrupa.db.jooq.santkrupa.Tables.AUDIT_EVENT;
import static io.santkrupa.db.jooq.santkrupa.Tables.CLINIC;
import static io.santkrupa.db.jooq.santkrupa.Tables.STORED_FILE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clinic's name and logo in the page header: the admin uploads, replaces and removes the
 * logo on the settings page (the replaced file deleted), every signed-in user of the clinic sees
 * it, the logo's address serves nothing but the logo and may be cached privately; a file that is
 * no image, too large or empty is refused at the field with nothing written.
 */
@ExtendWith(TestDatabaseExtension.class)
class ClinicLogoTest {

    private static final Pattern HEADER_LOGO = Pattern.compile(
            "<img\\s+class=\"clinic-logo\" src=\"(/clinic/[^/]+/logo/([0-9a-f-]{36}))\"");

    private static TestDatabase db;
    private static WebTestServer server;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        server = new WebTestServer(db);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static TestBrowser signedIn(Clinic clinic, String username) {
        TestBrowser browser = server.browser();
        assertThat(browser.signIn(clinic.slug(), username, WebFixture.password(username)).statusCode()).isEqualTo(303);
        return browser;
    }

    private static String path(Clinic clinic, String rest) {
        return "/clinic/" + clinic.slug() + rest;
    }

    private static HttpResponse<String> upload(TestBrowser admin, Clinic clinic, String name, String type, byte[] content) {
        admin.get(path(clinic, "/settings"));
        return admin.postFile(path(clinic, "/settings/logo"), "logo", name, type, content);
    }

    @Test
    void every_signed_in_user_sees_the_clinics_name_and_the_logo_the_admin_uploaded() {
        Clinic clinic = withoutLogo(WebFixture.clinicWithLogins(db, server.hasher));
        TestBrowser admin = signedIn(clinic, "admin");
        String name = "Test Clinic " + clinic.slug().substring("test-".length());
        assertThat(admin.get(path(clinic, "/")).body()).contains("<strong>" + name + "</strong>")
                .doesNotContain("class=\"clinic-logo\"");
        byte[] png = LogoImages.png(240, 80);

        HttpResponse<String> uploaded = upload(admin, clinic, "sunrise-logo.png", "image/png", png);

        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(303);
        assertThat(uploaded.headers().firstValue("Location")).hasValue(path(clinic, "/settings?done=logo#logo"));
        String settings = admin.get(path(clinic, "/settings?done=logo")).body();
        assertThat(settings).contains("The clinic&#39;s logo was saved").contains("Replace the logo")
                .contains("Remove the logo");
        for (String username : List.of("admin", "doctor", "reception", "lab", "asha")) {
            String home = signedIn(clinic, username).get(path(clinic, "/")).body();
            Matcher logo = HEADER_LOGO.matcher(home);
            assertThat(logo.find()).as(username + "'s header has the logo").isTrue();
            assertThat(home).as(username).contains("<strong>" + name + "</strong></a>");
            HttpResponse<byte[]> image = signedIn(clinic, username).download(logo.group(1));
            assertThat(image.statusCode()).isEqualTo(200);
            assertThat(image.body()).isEqualTo(png);
            assertThat(image.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(image.headers().allValues("Cache-Control")).containsExactly("private, max-age=31536000, immutable");
            assertThat(image.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        }
        // nobody signed in gets neither the logo nor the name
        HttpResponse<byte[]> anonymous = server.browser().download(path(clinic, "/logo/" + logoId(clinic)));
        assertThat(anonymous.statusCode()).isEqualTo(303);
        assertThat(server.browser().get(path(clinic, "/login")).body()).doesNotContain(name).doesNotContain("clinic-logo");
        // pages stay uncached
        assertThat(admin.get(path(clinic, "/")).headers().allValues("Cache-Control")).containsExactly("no-store");
    }

    @Test
    void a_new_logo_replaces_the_old_one_and_its_file_and_removing_it_leaves_no_file() {
        Clinic clinic = withoutLogo(WebFixture.clinicWithLogins(db, server.hasher));
        TestBrowser admin = signedIn(clinic, "admin");
        assertThat(upload(admin, clinic, "first.png", "image/png", LogoImages.png(120, 40)).statusCode()).isEqualTo(303);
        UUID first = logoId(clinic);
        int files = storedFiles(clinic);

        byte[] jpeg = LogoImages.jpeg(300, 100);
        assertThat(upload(admin, clinic, "second.jpg", "image/jpeg", jpeg).statusCode()).isEqualTo(303);

        UUID second = logoId(clinic);
        assertThat(second).isNotEqualTo(first);
        assertThat(storedFiles(clinic)).as("the old logo's file is gone").isEqualTo(files);
        assertThat(fileExists(clinic, first)).isFalse();
        assertThat(admin.download(path(clinic, "/logo/" + first)).statusCode()).isEqualTo(404);
        HttpResponse<byte[]> now = admin.download(path(clinic, "/logo/" + second));
        assertThat(now.body()).isEqualTo(jpeg);
        assertThat(now.headers().firstValue("Content-Type")).hasValue("image/jpeg");

        admin.get(path(clinic, "/settings"));
        HttpResponse<String> removed = admin.post(path(clinic, "/settings/logo/remove"), Map.of());
        assertThat(removed.statusCode()).isEqualTo(303);
        assertThat(logoId(clinic)).isNull();
        assertThat(fileExists(clinic, second)).isFalse();
        assertThat(storedFiles(clinic)).isEqualTo(files - 1);
        assertThat(admin.get(path(clinic, "/")).body()).doesNotContain("clinic-logo");
        assertThat(admin.download(path(clinic, "/logo/" + second)).statusCode()).isEqualTo(404);
        assertThat(admin.get(path(clinic, "/settings?done=logo-removed")).body())
                .contains("The clinic&#39;s logo was removed.").contains("The clinic has no logo yet.");

        assertThat(audited(clinic)).containsExactly("uploaded: image/png", "replaced: image/jpeg", "removed");
    }

    @Test
    void a_file_that_is_no_logo_is_refused_at_the_field_and_nothing_is_written() {
        Clinic clinic = withoutLogo(WebFixture.clinicWithLogins(db, server.hasher));
        TestBrowser admin = signedIn(clinic, "admin");
        int files = storedFiles(clinic);
        byte[] oversized = Arrays.copyOf(LogoImages.png(64, 64), 600 * 1024);
        Map<String, byte[]> refused = Map.of(
                "report.pdf", "%PDF-1.4\n% not an image\n".getBytes(StandardCharsets.US_ASCII),
                "logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"
                        .getBytes(StandardCharsets.UTF_8),
                "logo.gif", "GIF89a\u0001\u0000\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1),
                "huge.png", oversized,
                "empty.png", new byte[0]);
        Map<String, String> messages = Map.of(
                "report.pdf", "The logo must be a PNG, JPEG or WebP image.",
                "logo.svg", "The logo must be a PNG, JPEG or WebP image.",
                "logo.gif", "The logo must be a PNG, JPEG or WebP image.",
                "huge.png", "The logo is larger than 512 KB: save it smaller (a few hundred pixels wide is plenty).",
                "empty.png", "Choose an image file for the logo.");
        for (var file : refused.entrySet()) {
            HttpResponse<String> page = upload(admin, clinic, file.getKey(), "image/png", file.getValue());
            assertThat(page.statusCode()).as(file.getKey()).isEqualTo(422);
            assertThat(Html.fieldError(page.body(), "logo-file")).as(file.getKey()).hasValue(messages.get(file.getKey()));
        }
        assertThat(storedFiles(clinic)).isEqualTo(files);
        assertThat(logoId(clinic)).isNull();
        assertThat(audited(clinic)).isEmpty();
    }

    @Test
    void the_logos_address_serves_only_the_logo_and_only_the_admin_changes_it() {
        Clinic clinic = withoutLogo(WebFixture.clinicWithLogins(db, server.hasher));
        TestBrowser doctor = signedIn(clinic, "doctor");
        // a lab report is a stored file of the clinic too: not through this door
        assertThat(doctor.download(path(clinic, "/logo/" + clinic.row("stored_file"))).statusCode()).isEqualTo(404);
        assertThat(doctor.download(path(clinic, "/logo/not-an-id")).statusCode()).isEqualTo(404);

        TestBrowser reception = signedIn(clinic, "reception");
        reception.get(path(clinic, "/"));
        HttpResponse<String> refused = reception.postFile(path(clinic, "/settings/logo"), "logo", "logo.png",
                "image/png", LogoImages.png(64, 64));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(logoId(clinic)).isNull();
    }

    @Test
    void another_clinics_logo_is_out_of_reach() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        Clinic other = WebFixture.clinicWithLogins(db, server.hasher);
        assertThat(upload(signedIn(clinic, "admin"), clinic, "logo.png", "image/png", LogoImages.png(120, 40))
                .statusCode()).isEqualTo(303);
        UUID logo = logoId(clinic);
        TestBrowser otherAdmin = signedIn(other, "admin");

        // the other clinic's session on this clinic's address: the unknown-clinic 404; its own address: no such logo
        assertThat(otherAdmin.download(path(clinic, "/logo/" + logo)).statusCode()).isEqualTo(404);
        HttpResponse<byte[]> throughItsOwn = otherAdmin.download(path(other, "/logo/" + logo));
        assertThat(throughItsOwn.statusCode()).isEqualTo(404);
        assertThat(new String(throughItsOwn.body(), StandardCharsets.ISO_8859_1)).doesNotContain("PNG");
        assertThat(otherAdmin.get(path(other, "/")).body()).doesNotContain(logo.toString());
    }

    @Test
    void the_header_costs_no_query_once_the_clinic_is_known() {
        Clinic clinic = WebFixture.clinicWithLogins(db, server.hasher);
        TestBrowser admin = signedIn(clinic, "admin");
        upload(admin, clinic, "logo.png", "image/png", LogoImages.png(120, 40));
        admin.get(path(clinic, "/audit?action=clinic.logo"));
        server.queries.reset();
        String page = admin.get(path(clinic, "/audit?action=clinic.logo")).body();
        assertThat(HEADER_LOGO.matcher(page).find()).isTrue();
        // resolve slug; session (set context + find); read (set context + events + their records; no patient named):
        // the header is cached
        assertThat(server.queries.count()).isEqualTo(6);
    }

    /** A fixture clinic comes with a logo; these start from a clinic that has none yet. */
    private static Clinic withoutLogo(Clinic clinic) {
        db.tenants().inClinic(clinic.id(), tx -> tx.update(CLINIC).setNull(CLINIC.LOGO_FILE_ID)
                .where(CLINIC.ID.eq(clinic.id().value())).execute());
        return clinic;
    }

    private static UUID logoId(Clinic clinic) {
        return db.tenants().readInClinic(clinic.id(), tx -> tx.select(CLINIC.LOGO_FILE_ID).from(CLINIC)
                .where(CLINIC.ID.eq(clinic.id().value())).fetchSingle(CLINIC.LOGO_FILE_ID));
    }

    private static int storedFiles(Clinic clinic) {
        return db.tenants().readInClinic(clinic.id(), tx -> tx.fetchCount(STORED_FILE,
                STORED_FILE.CLINIC_ID.eq(clinic.id().value())));
    }

    private static boolean fileExists(Clinic clinic, UUID file) {
        return db.tenants().readInClinic(clinic.id(), tx -> tx.fetchExists(STORED_FILE,
                STORED_FILE.CLINIC_ID.eq(clinic.id().value()), STORED_FILE.ID.eq(file)));
    }

    /** The logo's audit events, oldest first, their detail up to the size. */
    private static List<String> audited(Clinic clinic) {
        return db.tenants().readInClinic(clinic.id(), tx -> tx.select(AUDIT_EVENT.DETAIL).from(AUDIT_EVENT)
                .where(AUDIT_EVENT.CLINIC_ID.eq(clinic.id().value()), AUDIT_EVENT.ACTION.eq("clinic.logo"))
                .orderBy(AUDIT_EVENT.OCCURRED_AT, AUDIT_EVENT.ID)
                .fetch(AUDIT_EVENT.DETAIL))
                .stream().map(detail -> detail.replaceAll(", \\d+ bytes$", "")).toList();
    }
}
