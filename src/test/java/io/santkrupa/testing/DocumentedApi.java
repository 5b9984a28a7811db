package io.santkrupa.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.web.Json;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A client that knows the API only from its OpenAPI document: it finds each operation by its
 * operationId (method and path template), fills in the server URL's clinic and the path's
 * parameters, and sends the request. What a third-party client generated from the document
 * would do -- no path is written in the tests that use it. Every JSON body it sends is checked
 * against the operation's documented request schema, and every answer against the documented
 * responses ({@link OpenApiContract}).
 */
public final class DocumentedApi {

    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private final WebTestServer server;
    private final JsonNode document;
    private final String base;
    private final Map<String, Operation> operations = new LinkedHashMap<>();
    private final OpenApiContract contract;

    /** An operation of the document: how to call it. */
    public record Operation(String id, String method, String pathTemplate, JsonNode definition) {
    }

    public DocumentedApi(WebTestServer server, String clinicSlug) {
        this.server = server;
        HttpResponse<String> served = send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/openapi.json"))).GET());
        if (served.statusCode() != 200) {
            throw new IllegalStateException("GET /api/v1/openapi.json answered " + served.statusCode());
        }
        try {
            this.document = Json.MAPPER.readTree(served.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        this.contract = new OpenApiContract(document);
        this.base = document.at("/servers/0/url").asText().replace("{slug}", clinicSlug);
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (op.getValue().has("operationId")) {
                operations.put(op.getValue().get("operationId").asText(),
                        new Operation(op.getValue().get("operationId").asText(), op.getKey().toUpperCase(),
                                path.getKey(), op.getValue()));
            }
        }));
    }

    public JsonNode document() {
        return document;
    }

    public Operation operation(String operationId) {
        Operation operation = operations.get(operationId);
        if (operation == null) {
            throw new AssertionError("the OpenAPI document has no operation " + operationId + "; it has "
                    + operations.keySet());
        }
        return operation;
    }

    /** A request to the operation {@code operationId}, to be filled in and sent. */
    public Request call(String operationId) {
        return new Request(operation(operationId));
    }

    /** One request being built. */
    public final class Request {
        private final Operation operation;
        private final Map<String, String> pathParams = new LinkedHashMap<>();
        private final Map<String, String> query = new LinkedHashMap<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String token;
        private String json;
        private Consumer<HttpRequest.Builder> rawBody;

        private Request(Operation operation) {
            this.operation = operation;
        }

        public Request as(String accessToken) {
            this.token = accessToken;
            return this;
        }

        public Request path(String name, Object value) {
            pathParams.put(name, String.valueOf(value));
            return this;
        }

        public Request query(String name, Object value) {
            if (value != null) {
                query.put(name, String.valueOf(value));
            }
            return this;
        }

        public Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** A JSON body: a Map/record serialised with the application's Jackson, or a JSON string as is. */
        public Request body(Object body) {
            this.json = body instanceof String s ? s : Json.write(body);
            return this;
        }

        /** Any other body, e.g. multipart: sets the content type and the publisher itself. */
        public Request rawBody(String contentType, HttpRequest.BodyPublisher publisher) {
            this.rawBody = request -> request.header("Content-Type", contentType).method(operation.method(), publisher);
            return this;
        }

        public String url() {
            String path = operation.pathTemplate();
            for (var p : pathParams.entrySet()) {
                path = path.replace("{" + p.getKey() + "}", URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
            }
            if (path.contains("{")) {
                throw new AssertionError(operation.id() + ": path parameters missing in " + path);
            }
            String q = query.entrySet().stream()
                    .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return base + path + (q.isEmpty() ? "" : "?" + q);
        }

        public HttpResponse<String> send() {
            String url = url();
            if (json != null) {
                contract.verifyRequest(operation.method(), url.split("\\?", 2)[0], json);
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url(url)));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            headers.forEach(request::header);
            if (rawBody != null) {
                rawBody.accept(request);
            } else if (json != null) {
                request.header("Content-Type", "application/json")
                        .method(operation.method(), HttpRequest.BodyPublishers.ofString(json));
            } else {
                request.method(operation.method(), HttpRequest.BodyPublishers.noBody());
            }
            return contract.verify(DocumentedApi.send(request));
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
