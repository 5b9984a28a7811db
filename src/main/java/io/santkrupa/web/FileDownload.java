package io.santkrupa.web;

import io.javalin.http.Context;
import io.javalin.http.Header;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The one way a stored file is answered: with its own type, as an attachment under a safe name.
 *
 * <p>Javalin compresses any answer of 1500 bytes or more whose type it does not know to be
 * compressed, whenever the client accepts gzip -- every browser does. A Content-Length of the
 * raw bytes next to a gzipped body made Jetty refuse the answer ("Insufficient content
 * written"), so every PDF over 1.5 KB failed in browsers. PDFs and images are compressed already:
 * they are sent as they are, with their length; anything else is left to Javalin, without a
 * length that compression would contradict.
 */
public final class FileDownload {

    /** Formats that gzip cannot shrink (their content is compressed), so it would only cost time. */
    private static final Set<String> ALREADY_COMPRESSED = Set.of("application/pdf", "image/png", "image/jpeg",
            "image/webp");

    private FileDownload() {
    }

    public static void send(Context ctx, String fileName, String contentType, byte[] content) {
        ctx.contentType(contentType);
        ctx.header(Header.CONTENT_DISPOSITION, attachment(fileName));
        if (ALREADY_COMPRESSED.contains(contentType)) {
            ctx.disableCompression();
            ctx.header(Header.CONTENT_LENGTH, String.valueOf(content.length));
        }
        ctx.result(content);
    }

    /**
     * An attachment written as it is made (an archive of a whole clinic): the headers now, the bytes
     * into the stream returned, with no length and no second compression.
     */
    public static java.io.OutputStream streamed(Context ctx, String fileName, String contentType) {
        ctx.contentType(contentType);
        ctx.header(Header.CONTENT_DISPOSITION, attachment(fileName));
        ctx.header(Header.CACHE_CONTROL, "no-store");
        ctx.disableCompression();
        return ctx.outputStream();
    }

    /**
     * A streamed attachment that failed half-way: before anything was sent, the headers are taken
     * back and {@code failure} is rethrown for the usual error page; after, the connection is cut,
     * so the browser reports a failed download rather than saving a truncated file (or an error
     * page appended to it) as if it were whole.
     */
    public static void failed(Context ctx, Exception failure) throws Exception {
        if (!ctx.res().isCommitted()) {
            ctx.res().reset();
            throw failure;
        }
        // closed under the response, without the last chunk: the client sees the transfer break off
        org.eclipse.jetty.ee10.servlet.ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData()
                .getConnection().getEndPoint().close(failure);
    }

    /**
     * {@code attachment} with the name twice (RFC 6266): an ASCII-only {@code filename} for old
     * clients and the exact name as UTF-8 in {@code filename*} (RFC 8187); neither can end the
     * header's value or carry a path.
     */
    static String attachment(String fileName) {
        String name = fileName == null || fileName.isBlank() ? "file" : fileName;
        String ascii = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + percentEncoded(name);
    }

    /** Every byte of the UTF-8 name outside RFC 8187's attr-char, as %XX. */
    private static String percentEncoded(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            boolean attrChar = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0;
            if (attrChar) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }
}
