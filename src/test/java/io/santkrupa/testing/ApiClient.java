package io.santkrupa.testing;

import io.santkrupa.db.ClinicId;
import io.santkrupa.staff.Role;
import io.santkrupa.web.auth.Principal;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.web.Json;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.santkrupa.db.jooq.santkrupa.Tables.APP_USER;

/**
 * Requests the route tests need beyond {@link TestBrowser}: bearer-token API calls, page
 * requests of any method with a given cookie jar, and tokens for the fixture users.
 */
public final class ApiClient {

    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private ApiClient() {
    }

    /**
     * Sends {@code method path} with an optional bearer token and, for methods other than GET,
     * {@code body} as application/json (null or "" is an empty body).
     */
    public static HttpResponse<String> send(WebTestServer server, String method, String path, String token, String body) {
        return send(CLIENT, server, method, path, token, body);
    }

    /** As {@link #send(WebTestServer, String, String, String, String)}, from another loopback address (e.g. 127.0.0.2). */
    public static HttpResponse<String> sendFrom(String address, WebTestServer server, String method, String path,
                                                String token, String body) {
        return send(TestBrowser.clientFrom(address), server, method, path, token, body);
    }

    private static HttpResponse<String> send(HttpClient client, WebTestServer server, String method, String path,
                                             String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url(path)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (method.equals("GET")) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body == null ? "" : body));
        }
        return send(client, request);
    }

    /**
     * {@code method path} with a bearer token, extra headers (e.g. If-Match, Idempotency-Key)
     * and, unless null, {@code body} as application/json.
     */
    public static HttpResponse<String> send(WebTestServer server, String method, String path, String token, String body,
                                            Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url(path)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return send(request);
    }

    /** The answer's body as JSON. */
    public static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** The fields a problem's {@code errors} name, in order. */
    public static List<String> fieldErrors(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.path("errors").forEach(e -> fields.add(e.get("field").asText()));
        return fields;
    }

    public static HttpResponse<String> get(WebTestServer server, String path, String token) {
        return send(server, "GET", path, token, null);
    }

    /** A page request of any method with the given cookies and (unless GET) a url-encoded form. */
    public static HttpResponse<String> page(WebTestServer server, String method, String path, Map<String, String> cookies,
                                     Map<String, String> form) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url(path)));
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        if (method.equals("GET")) {
            request.GET();
        } else {
            String body = form.entrySet().stream()
                    .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                    .collect(Collectors.joining("&"));
            request.header("Content-Type", "application/x-www-form-urlencoded")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return send(request);
    }

    /** An access token of the fixture user of {@code role} in {@code clinic}, minted with the server's key. */
    public static String token(WebTestServer server, TestDatabase db, ClinicFixture.Clinic clinic, Role role) {
        String username = WebFixture.USERNAMES.get(role);
        UUID patientId = role == Role.PATIENT ? clinic.row("patient") : null;
        return server.accessTokens.issue(new Principal(clinic.id(), userId(db, clinic.id(), username), username, role,
                patientId));
    }

    public static UUID userId(TestDatabase db, ClinicId clinic, String username) {
        return db.tenants().inClinic(clinic, tx -> tx.select(APP_USER.ID).from(APP_USER)
                .where(APP_USER.CLINIC_ID.eq(clinic.value()), APP_USER.USERNAME.eq(username))
                .fetchSingle(APP_USER.ID));
    }

    /** A browser signed in to {@code clinic} as the fixture user of {@code role}, having seen one page (its CSRF token). */
    public static TestBrowser signedIn(WebTestServer server, ClinicFixture.Clinic clinic, Role role) {
        TestBrowser browser = server.browser();
        String username = WebFixture.USERNAMES.get(role);
        HttpResponse<String> login = browser.signIn(clinic.slug(), username, WebFixture.password(username));
        if (login.statusCode() != 303) {
            throw new IllegalStateException("sign-in of " + username + " to " + clinic.slug() + " answered "
                    + login.statusCode());
        }
        HttpResponse<String> home = browser.get("/clinic/" + clinic.slug());
        if (home.statusCode() != 200 || browser.csrf() == null) {
            throw new IllegalStateException("the dashboard of " + clinic.slug() + " answered " + home.statusCode());
        }
        return browser;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        return send(CLIENT, request);
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
