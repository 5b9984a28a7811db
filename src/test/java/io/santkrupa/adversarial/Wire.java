package io.santkrupa.adversarial;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends the fuzz's requests, each bounded in time: through Java's HTTP client (any bytes as the
 * body, any percent-escapes in the address) or, for what that client will not send (a chunk size
 * that is no number, a Content-Length that lies), as raw bytes on a socket. A request not
 * answered within {@link #BOUND} is an {@link Answer#hung() hang}.
 */
final class Wire {

    /** How long one request may take before the fuzz calls it a hang (the server's own timeouts are 15-60 s). */
    static final Duration BOUND = Duration.ofSeconds(30);
    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** An answer: status (-1 when none came within the bound), its headers (names lower case) and body. */
    record Answer(int status, Map<String, List<String>> headers, String body) {

        static Answer hang(String why) {
            return new Answer(-1, Map.of(), why);
        }

        boolean hung() {
            return status < 0;
        }

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.getFirst();
        }

        List<String> all(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        /** The media type of the answer, lower case, without parameters; "" when none. */
        String mediaType() {
            String type = header("Content-Type");
            return type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        }
    }

    private final String host;
    private final int port;

    Wire(String baseUrl) {
        URI base = URI.create(baseUrl);
        this.host = base.getHost();
        this.port = base.getPort();
    }

    /** {@code method target} (a path with its query, already escaped) with these headers and body (null: none). */
    Answer send(String method, String target, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + target))
                .timeout(BOUND)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, List<String>> lower = new LinkedHashMap<>();
            response.headers().map().forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
            return new Answer(response.statusCode(), lower, new String(response.body(), StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            return Answer.hang("no answer within " + BOUND.toSeconds() + " s");
        } catch (IOException e) {
            return Answer.hang("the connection failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Raw bytes on a fresh connection: the request as written (its head and body), then, when
     * {@code halfClose}, the end of what this client sends. Reads until the server closes or the
     * bound passes; the first answer's status is returned.
     */
    Answer raw(byte[] request, boolean halfClose) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout((int) BOUND.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            if (halfClose) {
                socket.shutdownOutput();
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    received.write(buffer, 0, n);
                    if (complete(received.toString(StandardCharsets.ISO_8859_1))) {
                        break;
                    }
                }
            } catch (SocketTimeoutException e) {
                if (received.size() == 0) {
                    return Answer.hang("no answer within " + BOUND.toSeconds() + " s");
                }
            } catch (IOException reset) {
                if (received.size() == 0) {
                    return new Answer(0, Map.of(), "the server closed the connection without an answer: " + reset);
                }
            }
            return parse(received.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            return new Answer(0, Map.of(), "the server closed the connection without an answer: " + e);
        }
    }

    /** True once the text holds a whole answer: its head, and as many body bytes as it announced. */
    private static boolean complete(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        for (String line : text.substring(0, end).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("transfer-encoding:") && line.toLowerCase(Locale.ROOT).contains("chunked")) {
                return text.endsWith("\r\n0\r\n\r\n");
            }
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return text.length() - end - 4 >= Integer.parseInt(line.substring(15).strip());
            }
        }
        return false;
    }

    private static Answer parse(String text) {
        if (text.isEmpty()) {
            return new Answer(0, Map.of(), "the server closed the connection without an answer");
        }
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String[] lines = head.split("\r\n");
        String[] status = lines[0].split(" ", 3);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).strip());
            }
        }
        int code;
        try {
            code = Integer.parseInt(status[1]);
        } catch (RuntimeException e) {
            return new Answer(0, headers, "not an HTTP answer: " + Hostile.quote(lines[0]));
        }
        String body = end < 0 ? "" : new String(text.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        return new Answer(code, headers, body);
    }

    String hostHeader() {
        return host + ":" + port;
    }

    /** Every byte but the unreserved ones percent-escaped: any bytes, even invalid UTF-8, into a form or a query. */
    static String escape(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    static String escape(String text) {
        return escape(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A cookie header from a jar. */
    static String cookieHeader(Map<String, String> jar) {
        StringBuilder out = new StringBuilder();
        jar.forEach((name, value) -> out.append(out.isEmpty() ? "" : "; ").append(name).append('=').append(value));
        return out.toString();
    }

    /** Takes the answer's Set-Cookie headers into the jar, as a browser would (an emptied or expired cookie leaves it). */
    static void keepCookies(Map<String, String> jar, Answer answer) {
        for (String setCookie : answer.all("Set-Cookie")) {
            String pair = setCookie.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = pair.substring(0, eq);
            String value = pair.substring(eq + 1);
            if (value.isEmpty() || setCookie.toLowerCase(Locale.ROOT).contains("max-age=0")) {
                jar.remove(name);
            } else {
                jar.put(name, value);
            }
        }
    }
}
