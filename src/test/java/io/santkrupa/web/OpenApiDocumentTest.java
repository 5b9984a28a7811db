package io.santkrupa.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.testing.ApiClient;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.WebTestServer;
import io.santkrupa.web.Routes.Route;
import io.santkrupa.web.auth.Permission;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document as served (GET /api/v1/openapi.json over HTTP) is valid OpenAPI 3.1, and
 * it and the route table describe the same API: every API route documented with its method, path
 * and permission, and nothing documented that is not routed. Failures list every difference.
 */
@ExtendWith(TestDatabaseExtension.class)
class OpenApiDocumentTest {

    private static final String API_PREFIX = "/clinic/{slug}/api/v1";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final Pattern ANGLE_PARAM = Pattern.compile("<([^>]+)>");

    private static WebTestServer server;
    private static String json;
    private static JsonNode document;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        server = new WebTestServer(db);
        HttpResponse<String> served = ApiClient.get(server, "/api/v1/openapi.json", null);
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        json = served.body();
        document = Json.MAPPER.readTree(json);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void the_served_document_is_valid_openapi_3_1() {
        SwaggerParseResult result = parse(json);
        assertThat(result.getMessages()).as("swagger-parser's messages on the served document").isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
        assertThat(result.getOpenAPI().getPaths()).isNotEmpty();
    }

    @Test
    void the_parser_reports_a_broken_document() {
        // the check above can fail: the same parser on a document with the usual mistakes
        String broken = """
                {"openapi": "3.1.0", "info": {"title": "broken"},
                 "paths": {"/things/{thingId}": {"get": {"responses": {"200": {"description": "ok",
                   "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Missing"}}}}}}}}}
                """;
        assertThat(parse(broken).getMessages()).isNotEmpty()
                .anySatisfy(m -> assertThat(m).contains("info.version"));
    }

    @Test
    void every_reference_resolves_inside_the_document() {
        List<String> unresolved = new ArrayList<>();
        collectRefs(document, "", unresolved);
        assertThat(unresolved).as("$refs that point nowhere (where -> $ref)").isEmpty();
    }

    @Test
    void every_operation_has_an_id_tags_a_permission_and_a_success() {
        List<String> problems = new ArrayList<>();
        Map<String, List<String>> byId = new TreeMap<>();
        Set<String> declaredTags = new TreeSet<>();
        document.path("tags").forEach(tag -> declaredTags.add(tag.path("name").asText()));
        Set<String> permissions = Arrays.stream(Permission.values()).map(Enum::name).collect(Collectors.toSet());
        operations().forEach((name, operation) -> {
            String id = operation.path("operationId").asText("");
            if (id.isEmpty()) {
                problems.add(name + ": no operationId");
            } else {
                byId.computeIfAbsent(id, k -> new ArrayList<>()).add(name);
            }
            if (!operation.path("tags").isArray() || operation.path("tags").isEmpty()) {
                problems.add(name + ": no tags");
            }
            operation.path("tags").forEach(tag -> {
                if (!declaredTags.contains(tag.asText())) {
                    problems.add(name + ": tag " + tag.asText() + " is not among the document's tags " + declaredTags);
                }
            });
            String permission = operation.path("x-santkrupa-permission").asText("");
            if (permission.isEmpty()) {
                problems.add(name + ": no x-santkrupa-permission");
            } else if (!permissions.contains(permission)) {
                problems.add(name + ": x-santkrupa-permission " + permission + " is not a Permission");
            }
            boolean success = false;
            for (Map.Entry<String, JsonNode> response : operation.path("responses").properties()) {
                success |= response.getKey().startsWith("2");
            }
            if (!success) {
                problems.add(name + ": no 2xx response");
            }
        });
        byId.forEach((id, names) -> {
            if (names.size() > 1) {
                problems.add("operationId " + id + " is used by " + names);
            }
        });
        assertThat(operations()).as("documented operations").isNotEmpty();
        assertThat(problems).as("operations missing what every operation needs").isEmpty();
    }

    @Test
    void every_api_route_is_documented_and_every_documented_operation_is_routed() {
        Set<String> routed = apiRoutes().keySet();
        Set<String> documented = operations().keySet();
        Set<String> undocumented = new TreeSet<>(routed);
        undocumented.removeAll(documented);
        Set<String> unrouted = new TreeSet<>(documented);
        unrouted.removeAll(routed);
        assertThat(routed).as("API routes in the route table").isNotEmpty();
        assertThat(undocumented).as("API routes of WebApp missing from the OpenAPI document (add them to a fragment)")
                .isEmpty();
        assertThat(unrouted).as("operations in the OpenAPI document that WebApp does not route").isEmpty();
    }

    @Test
    void every_documented_permission_is_the_one_its_route_declares() {
        Map<String, Route> routes = apiRoutes();
        Map<String, String> differences = new TreeMap<>();
        operations().forEach((name, operation) -> {
            Route route = routes.get(name);
            if (route != null) {
                String declared = route.permission().name();
                String documented = operation.path("x-santkrupa-permission").asText("(none)");
                if (!declared.equals(documented)) {
                    differences.put(name, "documented " + documented + ", route declares " + declared);
                }
            }
        });
        assertThat(differences).as("x-santkrupa-permission against the route's Permission").isEmpty();
    }

    @Test
    void the_docs_page_loads_swagger_ui_and_its_init_script_from_this_server() {
        HttpResponse<String> page = ApiClient.get(server, "/api/docs", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'self'").doesNotContain("unsafe-eval").doesNotContain("script-src"));
        assertThat(page.body()).contains("data-document=\"/api/v1/openapi.json\"");
        Matcher assets = Pattern.compile("(?:src|href)=\"(/[^\"]+)\"").matcher(page.body());
        List<String> loaded = new ArrayList<>();
        while (assets.find()) {
            loaded.add(assets.group(1));
        }
        assertThat(loaded).anyMatch(a -> a.matches("/webjars/swagger-ui/5\\.[^/]+/swagger-ui-bundle\\.js"))
                .anyMatch(a -> a.endsWith("/swagger-ui.css"))
                .contains("/static/api-docs.js");
        Map<String, Integer> statuses = new HashMap<>();
        loaded.forEach(a -> statuses.put(a, ApiClient.get(server, a, null).statusCode()));
        assertThat(statuses).as("what the page loads").allSatisfy((asset, status) -> assertThat(status).isEqualTo(200));
    }

    /** "METHOD /path" of every documented operation. */
    private static Map<String, JsonNode> operations() {
        Map<String, JsonNode> operations = new TreeMap<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> member : path.getValue().properties()) {
                if (METHODS.contains(member.getKey())) {
                    operations.put(member.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), member.getValue());
                }
            }
        }
        return operations;
    }

    /** "METHOD /path" (as the document writes it: /patients/{patientId}) of every API route. */
    private static Map<String, Route> apiRoutes() {
        Map<String, Route> routes = new TreeMap<>();
        for (Route route : Routes.of(server.app())) {
            if (route.path().startsWith(API_PREFIX + "/")) {
                String path = ANGLE_PARAM.matcher(route.path().substring(API_PREFIX.length())).replaceAll("{$1}");
                routes.put(route.method().name() + " " + path, route);
            }
        }
        return routes;
    }

    private static void collectRefs(JsonNode node, String where, List<String> unresolved) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual()) {
                String target = ref.asText();
                if (!target.startsWith("#") || document.at(target.substring(1)).isMissingNode()) {
                    unresolved.add((where.isEmpty() ? "/" : where) + " -> " + target);
                }
            }
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                collectRefs(member.getValue(), where + "/" + member.getKey().replace("~", "~0").replace("/", "~1"),
                        unresolved);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectRefs(node.get(i), where + "/" + i, unresolved);
            }
        }
    }

    private static SwaggerParseResult parse(String text) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(text, null, options);
    }
}
