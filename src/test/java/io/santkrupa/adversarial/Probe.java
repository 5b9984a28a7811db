package io.santkrupa.adversarial;

import io.santkrupa.testing.TestBrowser;
import io.santkrupa.testing.WebTestServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Sends the adversarial requests (counted in the report by category), keeps every answer's bytes,
 * and counts server errors. {@link #canonical} is the one normalisation two answers are compared
 * under ("byte for byte, but for what must differ"): see its comment for the list.
 */
final class Probe {

    /** An answer: status, headers (names in lower case) and the body's bytes. */
    record Reply(String what, int status, Map<String, List<String>> headers, byte[] body) {

        /** The body, one char per byte (ISO-8859-1): exact for comparing, and every needle is ASCII. */
        String text() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.getFirst();
        }

        /** Every header value and the body: where a leak would show. */
        String everything() {
            StringBuilder all = new StringBuilder();
            headers.forEach((name, values) -> values.forEach(v -> all.append(name).append(": ").append(v).append('\n')));
            return all.append('\n').append(text()).toString();
        }

        @Override
        public String toString() {
            return what + " -> " + status;
        }
    }

    /** A multipart file part. */
    record Upload(String field, String fileName, String contentType, byte[] content) {
    }

    /** A request: pages carry cookies (and a form), the API a bearer token (and JSON or a multipart upload). */
    record Request(String method, String path, Map<String, String> cookies, String bearer, Map<String, String> headers,
                   Map<String, String> form, String json, Upload upload) {

        static Request of(String method, String path) {
            return new Request(method, path, Map.of(), null, Map.of(), null, null, null);
        }

        /** A page request as {@code browser} makes it (its cookies); a form of other methods carries its CSRF token. */
        static Request page(String method, String path, TestBrowser browser, Map<String, String> form) {
            Map<String, String> fields = null;
            if (!method.equals("GET")) {
                fields = new LinkedHashMap<>();
                if (browser != null && browser.csrf() != null) {
                    fields.put("_csrf", browser.csrf());
                }
                fields.putAll(form);
            }
            return new Request(method, path, browser == null ? Map.of() : Map.copyOf(browser.cookies), null, Map.of(),
                    fields, null, null);
        }

        /** An API request with {@code token} (null: none) and, for other methods than GET, {@code json} (null: no body). */
        static Request api(String method, String path, String token, String json) {
            return new Request(method, path, Map.of(), token, Map.of(), null, method.equals("GET") ? null : json, null);
        }

        Request withPath(String newPath) {
            return new Request(method, newPath, cookies, bearer, headers, form, json, upload);
        }

        Request withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Request(method, path, cookies, bearer, more, form, json, upload);
        }

        Request withCookies(Map<String, String> jar) {
            return new Request(method, path, Map.copyOf(jar), bearer, headers, form, json, upload);
        }

        Request withBearer(String token) {
            return new Request(method, path, cookies, token, headers, form, json, upload);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1).build();
    private static final Pattern LOGIN_TOKEN = Pattern.compile("(name=\"_login\" value=\")[^\"]*(\")");

    private final WebTestServer server;
    private final AdversarialReport report;
    private final AtomicLong serverErrors = new AtomicLong();
    private final List<String> serverErrorExamples = new ArrayList<>();

    Probe(WebTestServer server, AdversarialReport report) {
        this.server = server;
        this.report = report;
    }

    long serverErrors() {
        return serverErrors.get();
    }

    synchronized List<String> serverErrorExamples() {
        return List.copyOf(serverErrorExamples);
    }

    /** Sends {@code request}, counted under {@code category}. */
    Reply send(String category, Request request) {
        report.request(category);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(server.url(request.path())));
        if (!request.cookies().isEmpty()) {
            builder.header("Cookie", request.cookies().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        if (request.bearer() != null) {
            builder.header("Authorization", "Bearer " + request.bearer());
        }
        request.headers().forEach(builder::header);
        HttpRequest.BodyPublisher body;
        if (request.upload() != null) {
            String boundary = "adversarial-" + UUID.randomUUID();
            builder.header("Content-Type", "multipart/form-data; boundary=" + boundary);
            body = HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, request.form(), request.upload()));
        } else if (request.form() != null) {
            builder.header("Content-Type", "application/x-www-form-urlencoded");
            body = HttpRequest.BodyPublishers.ofString(request.form().entrySet().stream()
                    .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&")));
        } else if (request.json() != null) {
            builder.header("Content-Type", "application/json");
            body = HttpRequest.BodyPublishers.ofString(request.json());
        } else {
            body = HttpRequest.BodyPublishers.noBody();
        }
        builder.method(request.method(), body);
        HttpResponse<byte[]> response;
        try {
            response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(request + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Map<String, List<String>> headers = new TreeMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        Reply reply = new Reply(request.toString(), response.statusCode(), headers, response.body());
        if (reply.status() >= 500) {
            serverErrors.incrementAndGet();
            synchronized (this) {
                if (serverErrorExamples.size() < 20) {
                    serverErrorExamples.add(reply + ": " + reply.text().substring(0, Math.min(300, reply.text().length())));
                }
            }
        }
        return reply;
    }

    private static byte[] multipart(String boundary, Map<String, String> fields, Upload upload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (fields != null) {
            fields.forEach((name, value) -> out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                    + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        }
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + upload.field()
                + "\"; filename=\"" + upload.fileName() + "\"\r\nContent-Type: " + upload.contentType()
                + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(upload.content());
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Headers left out of a comparison: they differ between any two requests, whatever was asked. */
    static final Set<String> VOLATILE_HEADERS = Set.of("date", "content-length", "x-request-id", "ratelimit-remaining",
            "ratelimit-reset");

    /**
     * An answer as two answers are compared: its status, its headers sorted by name and its body,
     * with only what must differ between two requests normalised -- nothing else:
     * <ul>
     * <li>the headers {@link #VOLATILE_HEADERS} (the time, the length -- the body itself is
     * compared --, the request's own id, the rate limit's countdown);</li>
     * <li>the request id wherever the body repeats it;</li>
     * <li>the value of every {@code Set-Cookie} and of the sign-in form's {@code _login} token
     * (fresh random values with every form);</li>
     * <li>each value of {@code replacements} (the id, code, cursor or slug that was asked for),
     * also URL-encoded, by its placeholder.</li>
     * </ul>
     */
    static String canonical(Reply reply, Map<String, String> replacements) {
        StringBuilder out = new StringBuilder("HTTP ").append(reply.status()).append('\n');
        reply.headers().forEach((name, values) -> {
            if (VOLATILE_HEADERS.contains(name) || name.equals(":status")) {
                return;
            }
            for (String value : values) {
                String shown = name.equals("set-cookie") ? value.replaceFirst("=[^;]*", "=<value>") : value;
                out.append(name).append(": ").append(shown).append('\n');
            }
        });
        out.append('\n').append(reply.text());
        String text = out.toString();
        String requestId = reply.header("x-request-id");
        if (requestId != null && !requestId.isEmpty()) {
            text = text.replace(requestId, "{request-id}");
        }
        text = LOGIN_TOKEN.matcher(text).replaceAll("$1{login-token}$2");
        for (var replacement : replacements.entrySet()) {
            if (replacement.getKey().isEmpty()) {
                continue;
            }
            text = text.replace(replacement.getKey(), replacement.getValue());
            String encoded = enc(replacement.getKey());
            if (!encoded.equals(replacement.getKey())) {
                text = text.replace(encoded, replacement.getValue());
            }
            String pathEncoded = encoded.replace("+", "%20");
            if (!pathEncoded.equals(encoded)) {
                text = text.replace(pathEncoded, replacement.getValue());
            }
        }
        return text;
    }

    /** Where two canonical answers first differ, with some context: for a failure's message. */
    static String firstDifference(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        int from = Math.max(0, i - 80);
        return "at " + i + ":\n  one:   " + excerpt(a, from, i) + "\n  other: " + excerpt(b, from, i);
    }

    private static String excerpt(String s, int from, int at) {
        return s.substring(Math.min(from, s.length()), Math.min(s.length(), at + 120)).replace("\n", "\\n");
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The route's template matched against a concrete path: each parameter's value, by name. */
    static Map<String, String> pathParams(String template, String path) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("\\{([^}]+)}").matcher(template);
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        Matcher values = Pattern.compile(regex.toString()).matcher(path);
        if (!values.matches()) {
            throw new IllegalArgumentException(path + " is not a path of " + template);
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            params.put(names.get(i), values.group(i + 1));
        }
        return params;
    }
}
