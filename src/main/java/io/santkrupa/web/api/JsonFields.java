package io.santkrupa.web.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.santkrupa.web.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A JSON object body read field by field, for requests whose validation is shared with a page
 * form (the form takes text by field name). Fields not in the operation's set are refused; a
 * field of the wrong type is collected as an error, and {@link #errors()} gives them all at once.
 */
public final class JsonFields {

    /** Decimals as written (0.1 stays 0.1, not the nearest double): lab ranges and prices are exact. */
    private static final ObjectReader EXACT = Json.MAPPER.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final ObjectNode body;
    private final List<FieldError> errors = new ArrayList<>();

    private JsonFields(ObjectNode body) {
        this.body = body;
    }

    /** The body, refused (422, naming each) if it has a field outside {@code accepted}. */
    public static JsonFields read(Context ctx, Set<String> accepted) {
        ApiJson.requireJson(ctx);
        byte[] raw = ctx.bodyAsBytes();
        if (raw.length > ApiJson.MAX_BODY_BYTES) {
            throw new HttpResponseException(413, "The request body is larger than " + ApiJson.MAX_BODY_BYTES / 1024 + " KiB.");
        }
        JsonNode node;
        try {
            node = EXACT.readTree(raw);
        } catch (IOException e) {
            throw new HttpResponseException(400, "The request body is not valid JSON.");
        }
        if (!(node instanceof ObjectNode object)) {
            throw new HttpResponseException(400, "The request body must be a JSON object.");
        }
        List<FieldError> unknown = new ArrayList<>();
        object.fieldNames().forEachRemaining(name -> {
            if (!accepted.contains(name)) {
                unknown.add(new FieldError(name, "Unknown field: this request does not take it."));
            }
        });
        if (!unknown.isEmpty()) {
            throw ApiProblem.validation(unknown);
        }
        return new JsonFields(object);
    }

    /** A text field as the form wants it: null when absent or null; an error unless a string. */
    public String text(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(field, "Must be a string."));
            return null;
        }
        return value.textValue();
    }

    /** A number field as the form takes it, as text (45; 45.5); null when absent or null; an error unless a number. */
    public String number(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            errors.add(new FieldError(field, "Must be a number."));
            return null;
        }
        // never toPlainString: 1e999999999 would become a billion digits
        return value.isIntegralNumber() && value.canConvertToLong() ? String.valueOf(value.longValue())
                : value.decimalValue().toString();
    }

        /** A boolean field; {@code absent} when absent or null. */
    public boolean bool(String field, boolean absent) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isBoolean()) {
            errors.add(new FieldError(field, "Must be true or false."));
            return absent;
        }
        return value.booleanValue();
    }

    public boolean has(String field) {
        return body.has(field);
    }

    /** The whole body (an object), for requests with nested fields. */
    public JsonNode tree() {
        return body;
    }

    /** A field as JSON (numbers, arrays, objects), for readers of its own; a missing node when absent. */
    public JsonNode node(String field) {
        return body.path(field);
    }

    /** The type errors met so far. */
    public List<FieldError> errors() {
        return List.copyOf(errors);
    }
}
