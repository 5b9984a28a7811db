package io.santkrupa.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import io.santkrupa.web.Json;
import io.santkrupa.web.api.OpenApiDocument;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks an API answer against the OpenAPI document: the request's operation is documented, the
 * status is one of its responses, the content type is one the response declares, and the body
 * validates (JSON Schema 2020-12, OpenAPI 3.1 dialect, formats asserted) against the documented
 * schema with every {@code $ref} resolved inside the document.
 *
 * <pre>{@code
 * HttpResponse<String> created = OpenApiContract.check(ApiClient.send(server, "POST", path, token, body, Map.of()));
 * assertThat(created.statusCode()).isEqualTo(201);
 * }</pre>
 *
 * A violation throws an {@link AssertionError} naming the request, the status and every difference.
 */
public final class OpenApiContract {

    /** Where the document is registered for the validator; never fetched. */
    private static final String DOCUMENT_URI = "https://santkrupa.invalid/api/v1/openapi.json";
    private static final Pattern TEMPLATE_PARAM = Pattern.compile("\\{[^}/]+}");

    private final JsonNode document;
    private final SchemaRegistry registry;
    private final Pattern serverPrefix;
    private final List<PathTemplate> templates;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private record PathTemplate(String template, Pattern pattern, int params) {
    }

    /** The application's own document, read once per test JVM (it is what /api/v1/openapi.json serves). */
    private static final class Served {
        static final OpenApiContract CONTRACT = new OpenApiContract(OpenApiDocument.load().tree());
    }

    /** A contract over {@code document}, an OpenAPI 3.1 document whose first server URL prefixes every path. */
    public OpenApiContract(JsonNode document) {
        this.document = document;
        String json = Json.write(document);
        this.registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(), builder -> builder
                .schemas(Map.of(DOCUMENT_URI, json))
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
        String server = document.path("servers").path(0).path("url").asText("");
        this.serverPrefix = Pattern.compile(templateRegex(server));
        List<PathTemplate> paths = new ArrayList<>();
        names(document.path("paths")).forEach(template -> paths.add(new PathTemplate(template,
                Pattern.compile(templateRegex(template)), (int) TEMPLATE_PARAM.matcher(template).results().count())));
        // a concrete path wins over a templated one (/patients/search before /patients/{patientId})
        paths.sort(Comparator.comparingInt(PathTemplate::params));
        this.templates = List.copyOf(paths);
    }

    /** The contract of the application's OpenAPI document. */
    public static OpenApiContract served() {
        return Served.CONTRACT;
    }

    /**
     * Checks {@code response} (its request's method and path) against the application's document;
     * returns it. The body may be a String, a byte[] (a file download) or nothing.
     */
    public static <T> HttpResponse<T> check(HttpResponse<T> response) {
        return served().verify(response);
    }

    /** Checks {@code response} against this document; returns it, for chaining. */
    public <T> HttpResponse<T> verify(HttpResponse<T> response) {
        String body = switch (response.body()) {
            case null -> "";
            case String text -> text;
            case byte[] bytes -> new String(bytes, StandardCharsets.UTF_8);
            default -> throw new IllegalArgumentException("cannot check a body of " + response.body().getClass());
        };
        verify(response.request().method(), response.request().uri().getRawPath(), response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(null), body);
        return response;
    }

    /**
     * Checks one answer: {@code method} and the concrete request {@code path} (e.g.
     * {@code /clinic/x/api/v1/patients/abc}, a query string is ignored), the status, the
     * Content-Type header (null when absent) and the body.
     */
    public void verify(String method, String path, int status, String contentType, String body) {
        String request = method + " " + path + " answered " + status;
        String operationPointer = operationPointer(method, path, request);
        JsonNode operation = document.at(operationPointer);
        String operationName = method + " " + unescape(operationPointer.split("/")[2]) + " ("
                + operation.path("operationId").asText("?") + ")";
        JsonNode responses = operation.path("responses");
        String key = documentedStatus(responses, status)
                .orElseThrow(() -> new AssertionError(request + ": status " + status + " is not documented for "
                        + operationName + "; documented: " + names(responses)));

        String responsePointer = operationPointer + "/responses/" + escape(key);
        JsonNode responseNode = document.at(responsePointer);
        while (responseNode.has("$ref")) {
            responsePointer = localPointer(responseNode.get("$ref").asText(), request);
            responseNode = document.at(responsePointer);
        }
        JsonNode content = responseNode.path("content");
        boolean empty = body == null || body.isEmpty();
        if (content.isMissingNode() || content.isEmpty()) {
            if (!empty) {
                throw new AssertionError(request + ": " + operationName + " documents no body for " + key
                        + ", but the answer has one (" + contentType + "): " + abbreviate(body));
            }
            return;
        }
        if (contentType == null) {
            throw new AssertionError(request + ": no Content-Type; " + operationName + " documents "
                    + names(content) + " for " + key);
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        String documentedType = names(content).stream().filter(t -> mediaTypeMatches(t, mediaType)).findFirst()
                .orElseThrow(() -> new AssertionError(request + ": Content-Type " + contentType + " is not documented for "
                        + operationName + " " + key + "; documented: " + names(content)));
        if (!content.path(documentedType).has("schema")) {
            return;
        }
        if (!isJson(mediaType)) {
            return;
        }
        if (empty) {
            throw new AssertionError(request + ": " + operationName + " documents a " + documentedType
                    + " body for " + key + ", but the answer is empty");
        }
        String schemaPointer = responsePointer + "/content/" + escape(documentedType) + "/schema";
        List<Error> errors;
        try {
            errors = schemaAt(schemaPointer).validate(body, InputFormat.JSON);
        } catch (RuntimeException e) {
            throw new AssertionError(request + ": the body could not be validated against " + schemaPointer
                    + " (" + e + "): " + abbreviate(body), e);
        }
        if (!errors.isEmpty()) {
            throw new AssertionError(request + ": the body does not match the schema of " + operationName + " " + key
                    + " (" + schemaPointer + "):\n  "
                    + errors.stream().map(e -> where(e) + ": " + e.getMessage() + " [" + e.getKeyword()
                            + " at " + e.getSchemaLocation() + "]").collect(Collectors.joining("\n  "))
                    + "\nbody: " + abbreviate(body));
        }
    }

    /**
     * Checks a JSON request body the test is about to send (a valid one: the API's own refusals
     * are checked through their answers) against the operation's documented requestBody schema.
     */
    public void verifyRequest(String method, String path, String body) {
        String request = method + " " + path;
        String operationPointer = operationPointer(method, path, request);
        String bodyPointer = operationPointer + "/requestBody";
        JsonNode requestBody = document.at(bodyPointer);
        while (requestBody.has("$ref")) {
            bodyPointer = localPointer(requestBody.get("$ref").asText(), request);
            requestBody = document.at(bodyPointer);
        }
        if (!requestBody.path("content").path("application/json").has("schema")) {
            throw new AssertionError(request + ": documents no application/json request body");
        }
        String schemaPointer = bodyPointer + "/content/application~1json/schema";
        List<Error> errors = schemaAt(schemaPointer).validate(body, InputFormat.JSON);
        if (!errors.isEmpty()) {
            throw new AssertionError(request + ": the request body does not match " + schemaPointer + ":\n  "
                    + errors.stream().map(e -> where(e) + ": " + e.getMessage()).collect(Collectors.joining("\n  "))
                    + "\nbody: " + abbreviate(body));
        }
    }

    /** The pointer to the documented operation of {@code method path}; fails when there is none. */
    private String operationPointer(String method, String path, String request) {
        String apiPath = apiPath(path)
                .orElseThrow(() -> new AssertionError(request + ": the path is not under the document's server URL "
                        + document.path("servers").path(0).path("url").asText()));
        PathTemplate template = templates.stream().filter(t -> t.pattern().matcher(apiPath).matches()).findFirst()
                .orElseThrow(() -> new AssertionError(request + ": no documented path matches " + apiPath
                        + "; documented: " + templates.stream().map(PathTemplate::template).sorted().toList()));
        String pointer = "/paths/" + escape(template.template()) + "/" + method.toLowerCase(Locale.ROOT);
        if (!document.at(pointer).isObject()) {
            throw new AssertionError(request + ": " + method + " " + template.template() + " is not documented; "
                    + template.template() + " documents " + methods(template.template()));
        }
        return pointer;
    }

    /** The document path of a concrete request path (server prefix removed), if it is under the server URL. */
    Optional<String> apiPath(String path) {
        String raw = path.split("\\?", 2)[0];
        Matcher m = serverPrefix.matcher(raw);
        if (!m.lookingAt()) {
            return Optional.empty();
        }
        String rest = raw.substring(m.end());
        return rest.startsWith("/") ? Optional.of(rest) : Optional.empty();
    }

    private Schema schemaAt(String pointer) {
        return schemas.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(DOCUMENT_URI + "#" + p)));
    }

    private List<String> methods(String template) {
        return names(document.path("paths").path(template)).stream()
                .filter(name -> List.of("get", "put", "post", "delete", "options", "head", "patch", "trace").contains(name))
                .map(name -> name.toUpperCase(Locale.ROOT)).toList();
    }

    /** The responses key for {@code status}: exact, else its range (4XX), else default. */
    private static Optional<String> documentedStatus(JsonNode responses, int status) {
        String exact = Integer.toString(status);
        String range = (status / 100) + "XX";
        for (String key : List.of(exact, range, range.toLowerCase(Locale.ROOT), "default")) {
            if (responses.has(key)) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    private static boolean mediaTypeMatches(String documented, String actual) {
        String d = documented.toLowerCase(Locale.ROOT);
        if (d.equals(actual) || d.equals("*/*")) {
            return true;
        }
        return d.endsWith("/*") && actual.startsWith(d.substring(0, d.length() - 1));
    }

    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    private static String localPointer(String ref, String request) {
        if (!ref.startsWith("#")) {
            throw new AssertionError(request + ": only references inside the document are supported, not " + ref);
        }
        return ref.substring(1);
    }

    /** A path template as a regex: each {param} is one non-empty segment. */
    private static String templateRegex(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher m = TEMPLATE_PARAM.matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("[^/]+");
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        return regex.toString();
    }

    /** The failing part of the body as a JSON Pointer ("/items/0/id"), or "(body)" for the whole. */
    private static String where(Error error) {
        String location = error.getInstanceLocation().toString();
        return location.isEmpty() ? "(body)" : location;
    }

    /** An object's member names, in document order. */
    private static List<String> names(JsonNode object) {
        return object.properties().stream().map(Map.Entry::getKey).toList();
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    /** A JSON Pointer token (RFC 6901). */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static String abbreviate(String body) {
        return body == null ? "null" : body.length() <= 2000 ? body : body.substring(0, 2000) + "...";
    }
}
