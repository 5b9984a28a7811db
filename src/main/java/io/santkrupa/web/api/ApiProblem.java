package io.santkrupa.web.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An API answer that is not a success, thrown by handlers and written by
 * {@link io.santkrupa.web.Errors} as RFC 9457 {@code application/problem+json}. Most problems are
 * a plain status ({@code type} about:blank); those a client acts on have a type of their own.
 */
public final class ApiProblem extends RuntimeException {

    /** Problem types a client may branch on; documented in the OpenAPI document's Problem schema. */
    public static final String VALIDATION = "urn:santkrupa:problem:validation";
    public static final String STALE_VERSION = "urn:santkrupa:problem:stale-version";
    public static final String VERSION_REQUIRED = "urn:santkrupa:problem:version-required";
    public static final String IDEMPOTENCY_KEY_REUSED = "urn:santkrupa:problem:idempotency-key-reused";
    public static final String IDEMPOTENCY_KEY_IN_PROGRESS = "urn:santkrupa:problem:idempotency-key-in-progress";
    public static final String CONFLICT = "urn:santkrupa:problem:conflict";
    public static final String POSSIBLE_DUPLICATE = "urn:santkrupa:problem:possible-duplicate";
    public static final String ALLERGY_CONFLICT = "urn:santkrupa:problem:allergy-conflict";

    private final int status;
    private final String type;
    private final String title;
    private final List<FieldError> errors;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    public ApiProblem(int status, String type, String title, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    /** 422: the request was understood, but these inputs are invalid; nothing was changed. */
    public static ApiProblem validation(List<FieldError> errors) {
        return new ApiProblem(422, VALIDATION, "Validation failed",
                "Some fields are invalid; nothing was changed. See errors.", errors);
    }

    /** 422 from a form's messages keyed by field name (the forms and the API share field names). */
    public static ApiProblem validation(Map<String, String> errors) {
        return validation(errors.entrySet().stream().map(e -> new FieldError(e.getKey(), e.getValue())).toList());
    }

    /** 400: a query parameter (or header) is malformed. */
    public static ApiProblem badParameter(String name, String message) {
        return new ApiProblem(400, VALIDATION, "Bad request", "The parameter " + name + " is invalid.",
                List.of(new FieldError(name, message)));
    }

    /** 409: the request conflicts with the record's state (e.g. a patient already in today's queue). */
    public static ApiProblem conflict(String detail) {
        return new ApiProblem(409, CONFLICT, "Conflict", detail, List.of());
    }

    /** 409 naming the field whose value conflicts (a taken name, a taken licence number), or none (null). */
    public static ApiProblem conflict(String detail, String field) {
        return new ApiProblem(409, CONFLICT, "Conflict", detail + " Nothing was changed.",
                field == null ? List.of() : List.of(new FieldError(field, detail)));
    }

    /** An extension member of the problem (RFC 9457 section 3.2), e.g. the possible duplicates of a patient. */
    public ApiProblem with(String member, Object value) {
        extensions.put(member, value);
        return this;
    }

    public Map<String, Object> extensions() {
        return Map.copyOf(extensions);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }
}
