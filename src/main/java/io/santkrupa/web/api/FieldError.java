package io.santkrupa.web.api;

/**
 * One invalid input of an API request: the JSON field (camelCase, as in the request body; a
 * path like {@code items[0].quantity} inside arrays) or query parameter, and what is wrong with it.
 */
public record FieldError(String field, String message) {
}
