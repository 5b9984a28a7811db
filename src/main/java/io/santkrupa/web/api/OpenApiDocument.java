package io.santkrupa.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.javalin.http.Context;
import io.santkrupa.web.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI 3.1 document of the API: {@code openapi/openapi.yaml} with each feature's
 * fragment merged in (its {@code paths} and {@code components}). A path or component defined
 * twice is a start-up error, not a silent overwrite.
 */
public final class OpenApiDocument {

    /** The fragments, one per feature, under {@code /openapi/} on the classpath. */
    static final List<String> FRAGMENTS = List.of("auth.yaml", "patients.yaml", "doctors.yaml", "visits.yaml",
            "patient-records.yaml", "my-record.yaml", "catalogs.yaml", "orders.yaml");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final ObjectNode document;
    private final String json;

    private OpenApiDocument(ObjectNode document) {
        this.document = document;
        this.json = Json.write(document);
    }

    public static OpenApiDocument load() {
        ObjectNode base = (ObjectNode) read("openapi.yaml");
        for (String name : FRAGMENTS) {
            JsonNode fragment = read(name);
            merge(base, fragment.path("paths"), "paths", name);
            fragment.path("components").properties().forEach(section -> merge(
                    base.with("components"), section.getValue(), section.getKey(), name));
        }
        return new OpenApiDocument(base);
    }

    /** The document as a tree (for the contract tests). */
    public JsonNode tree() {
        return document.deepCopy();
    }

    public String json() {
        return json;
    }

    /** GET /api/v1/openapi.json */
    public void serve(Context ctx) {
        ctx.contentType("application/json").header("Cache-Control", "no-cache").result(json);
    }

    private static void merge(ObjectNode parent, JsonNode entries, String section, String fragment) {
        if (entries.isMissingNode()) {
            return;
        }
        ObjectNode target = parent.with(section);
        for (Map.Entry<String, JsonNode> entry : entries.properties()) {
            if (target.has(entry.getKey())) {
                throw new IllegalStateException("OpenAPI fragment " + fragment + " defines " + section + " "
                        + entry.getKey() + " again");
            }
            target.set(entry.getKey(), entry.getValue());
        }
    }

    private static JsonNode read(String name) {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream("/openapi/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing OpenAPI fragment /openapi/" + name);
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
