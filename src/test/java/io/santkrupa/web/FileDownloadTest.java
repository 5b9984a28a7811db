package io.santkrupa.web;

import io.javalin.Javalin;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The one helper that answers a file: its name in the header, and framing that survives compression. */
class FileDownloadTest {

    @Test
    void the_name_is_sent_as_ascii_and_exactly_as_utf8_and_cannot_break_the_header() {
        assertThat(FileDownload.attachment("cbc result.pdf"))
                .isEqualTo("attachment; filename=\"cbc_result.pdf\"; filename*=UTF-8''cbc%20result.pdf");
        assertThat(FileDownload.attachment("रक्त तपासणी*1.pdf"))
                .isEqualTo("attachment; filename=\"____________1.pdf\"; filename*=UTF-8''"
                        + "%E0%A4%B0%E0%A4%95%E0%A5%8D%E0%A4%A4%20%E0%A4%A4%E0%A4%AA%E0%A4%BE%E0%A4%B8%E0%A4%A3%E0%A5%80%2A1.pdf");
        assertThat(FileDownload.attachment("a\"b;\r\nSet-Cookie: x=1.pdf"))
                .doesNotContain("\r").doesNotContain("\n").doesNotContain("a\"b")
                .endsWith("filename*=UTF-8''a%22b%3B%0D%0ASet-Cookie%3A%20x%3D1.pdf");
        assertThat(FileDownload.attachment("")).startsWith("attachment; filename=\"file\"");
    }

    @Test
    void a_type_that_compresses_is_gzipped_for_a_browser_and_arrives_whole() throws Exception {
        byte[] csv = "patient,value\n".repeat(20_000).getBytes(StandardCharsets.US_ASCII);
        Javalin app = Javalin.create(config -> config.routes.get("/file",
                ctx -> FileDownload.send(ctx, "values.csv", "text/csv", csv))).start("127.0.0.1", 0);
        try {
            HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/file"))
                            .header("Accept-Encoding", "gzip, deflate, br, zstd").build(),
                    HttpResponse.BodyHandlers.ofByteArray());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
            response.headers().firstValue("Content-Length").ifPresent(length ->
                    assertThat(Integer.parseInt(length)).isEqualTo(response.body().length));
            assertThat(new GZIPInputStream(new ByteArrayInputStream(response.body())).readAllBytes()).isEqualTo(csv);
        } finally {
            app.stop();
        }
    }
}
