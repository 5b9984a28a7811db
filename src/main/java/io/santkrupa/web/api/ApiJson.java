package io.santkrupa.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.santkrupa.web.Json;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;

/**
 * Reading request bodies and writing answers of the API.
 *
 * <p>Unknown fields are rejected (422 naming the field), never ignored: in a clinic a misspelt
 * field ({@code "alergies"}) silently dropped is worse than a refused request. Bodies must be
 * {@code application/json} (else 415) and at most 64 KiB (else 413); a body that is not JSON is
 * a 400; a field of the wrong type is a 422 naming the field.
 */
public final class ApiJson {

    /** Far above any record's JSON; file uploads are multipart and limited separately. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private ApiJson() {
    }

    /** The body as {@code type} (a record whose components are the documented fields). */
    public static <T> T read(Context ctx, Class<T> type) {
        requireJson(ctx);
        byte[] body = ctx.bodyAsBytes();
        if (body.length > MAX_BODY_BYTES) {
            throw new HttpResponseException(413, "The request body is larger than " + MAX_BODY_BYTES / 1024 + " KiB.");
        }
        if (body.length == 0) {
            throw new HttpResponseException(400, "The request needs a JSON object body.");
        }
        try {
            T value = Json.MAPPER.readValue(body, type);
            if (value == null) {
                throw new HttpResponseException(400, "The request needs a JSON object body.");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw ApiProblem.validation(List.of(new FieldError(path(e), "Unknown field: this request does not take it.")));
        } catch (MismatchedInputException e) {
            if (e.getPath().isEmpty()) {
                throw new HttpResponseException(400, "The request body must be a JSON object.");
            }
            throw ApiProblem.validation(List.of(new FieldError(path(e), "Wrong type: see the documented schema.")));
        } catch (JsonMappingException e) {
            // e.g. a record's constructor refused a value
            throw ApiProblem.validation(List.of(new FieldError(path(e), "Invalid value.")));
        } catch (JsonProcessingException e) {
            throw new HttpResponseException(400, "The request body is not valid JSON.");
        } catch (java.io.IOException e) {
            throw new HttpResponseException(400, "The request body could not be read.");
        }
    }

    /** 415 unless the request says its body is JSON. */
    public static void requireJson(Context ctx) {
        String contentType = ctx.contentType();
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].strip();
        if (!mediaType.equalsIgnoreCase("application/json")) {
            throw new HttpResponseException(415, "Send the body as application/json.");
        }
    }

    /** 200 with {@code body} as JSON. */
    public static void ok(Context ctx, Object body) {
        write(ctx, 200, body);
    }

    /** 201 with a Location header of the new resource (a path under the clinic's API). */
    public static void created(Context ctx, String location, Object body) {
        ctx.header("Location", URI.create(location).toString());
        write(ctx, 201, body);
    }

    public static void write(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }

    /**
     * A numeric column as a JSON number without the column's padding ({@code 350}, {@code 0.45},
     * never {@code 350.00} or {@code 3.5E+2}); null stays null.
     */
    public static BigDecimal number(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** {@code items[0].quantity} for the JSON path of a mapping error. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "(body)" : path.toString();
    }
}
