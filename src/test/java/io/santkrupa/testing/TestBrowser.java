package io.santkrupa.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A minimal browser for tests: keeps cookies, never follows redirects (tests see exactly what
 * the server answered), fills in the hidden CSRF fields it last saw.
 */
public final class TestBrowser {

    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Map<String, HttpClient> FROM_ADDRESS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Pattern HIDDEN = Pattern.compile("name=\"(_csrf|_login)\" value=\"([^\"]*)\"");

    private final WebTestServer server;
    private final HttpClient client;
    public final Map<String, String> cookies = new LinkedHashMap<>();
    private final Map<String, String> hiddenFields = new LinkedHashMap<>();

    TestBrowser(WebTestServer server) {
        this(server, CLIENT);
    }

    private TestBrowser(WebTestServer server, HttpClient client) {
        this.server = server;
        this.client = client;
    }

    /**
     * A browser whose requests come from {@code address}, another loopback address such as
     * 127.0.0.2 (the server, on 127.0.0.1, sees it as the client's address).
     */
    static TestBrowser from(WebTestServer server, String address) {
        return new TestBrowser(server, clientFrom(address));
    }

    /** An HTTP client (redirects not followed) whose connections leave from {@code address}. */
    static HttpClient clientFrom(String address) {
        return FROM_ADDRESS.computeIfAbsent(address, a -> {
            try {
                return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                        .localAddress(InetAddress.getByName(a)).build();
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException(a, e);
            }
        });
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(server.url(path))).GET());
    }

    /** Posts a form; the CSRF fields seen on the last page are added unless the form sets them. */
    public HttpResponse<String> post(String path, Map<String, String> form) {
        return post(path, form, Map.of());
    }

    /** Posts a form with request headers a browser adds (e.g. {@code Referer}, a script's {@code Accept}). */
    public HttpResponse<String> post(String path, Map<String, String> form, Map<String, String> headers) {
        Map<String, String> fields = new LinkedHashMap<>(hiddenFields);
        fields.putAll(form);
        fields.values().removeIf(v -> v == null);
        String body = fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request);
    }

    /** Posts a multipart form with one file, plus the CSRF field seen on the last page. */
    public HttpResponse<String> postFile(String path, String field, String fileName, String contentType, byte[] content) {
        return postMultipart(path, Map.of(), field, fileName, contentType, content);
    }

    /**
     * Posts a multipart form: the text {@code fields} (the CSRF fields seen on the last page are
     * added unless {@code fields} sets them; a null value leaves a field out) and one file.
     */
    public HttpResponse<String> postFile(String path, Map<String, String> fields, String field, String fileName,
                                         String contentType, byte[] content) {
        return postMultipart(path, fields, field, fileName, contentType, content);
    }

    /**
     * Posts a multipart form as a browser does: the CSRF field seen on the last page, {@code form}'s
     * fields and the file field -- with no file chosen ({@code content} null), an empty part with
     * an empty file name.
     */
    public HttpResponse<String> postMultipart(String path, Map<String, String> form, String field, String fileName,
                                              String contentType, byte[] content) {
        String boundary = "----santkrupa" + System.nanoTime();
        var body = new java.io.ByteArrayOutputStream();
        java.util.function.Consumer<String> text = t -> body.writeBytes(t.getBytes(StandardCharsets.UTF_8));
        Map<String, String> fields = new LinkedHashMap<>(hiddenFields);
        fields.putAll(form);
        fields.values().removeIf(v -> v == null);
        for (var entry : fields.entrySet()) {
            text.accept("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + entry.getKey() + "\"\r\n\r\n"
                    + entry.getValue() + "\r\n");
        }
        text.accept("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                + (content == null ? "" : fileName) + "\"\r\nContent-Type: "
                + (content == null ? "application/octet-stream" : contentType) + "\r\n\r\n");
        body.writeBytes(content == null ? new byte[0] : content);
        text.accept("\r\n--" + boundary + "--\r\n");
        return send(HttpRequest.newBuilder(URI.create(server.url(path)))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    /** GET returning the raw bytes (file downloads). */
    public HttpResponse<byte[]> download(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url(path))).GET();
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Posts a form (the CSRF fields seen on the last page added) whose answer is a file: its raw bytes. */
    public HttpResponse<byte[]> downloadByPost(String path, Map<String, String> form) {
        Map<String, String> fields = new LinkedHashMap<>(hiddenFields);
        fields.putAll(form);
        fields.values().removeIf(v -> v == null);
        String body = fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Signs in through the clinic's login page; returns the response to the form post. */
    public HttpResponse<String> signIn(String slug, String username, String password) {
        get("/clinic/" + slug + "/login");
        return post("/clinic/" + slug + "/login", Map.of("username", username, "password", password));
    }

    public String csrf() {
        return hiddenFields.get("_csrf");
    }

    /** The sign-in (and set-password) form's own CSRF token, as the last such form carried it. */
    public String loginToken() {
        return hiddenFields.get("_login");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String setCookie : response.headers().allValues("Set-Cookie")) {
                String pair = setCookie.split(";", 2)[0];
                int eq = pair.indexOf('=');
                String name = pair.substring(0, eq);
                String value = pair.substring(eq + 1);
                boolean expired = setCookie.toLowerCase().contains("max-age=0") || value.isEmpty();
                if (expired) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            Matcher hidden = HIDDEN.matcher(response.body());
            while (hidden.find()) {
                hiddenFields.put(hidden.group(1), hidden.group(2));
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static List<String> setCookies(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie");
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
