package io.santkrupa.web;

import io.javalin.http.Context;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A form as the user typed it, and a message per field that is wrong. Pages read the request
 * into a Form, validate it field by field (each check records its own message and returns the
 * parsed value), and on any error render the same form again: what was typed is kept, each
 * message sits next to its field. Templates read it through {@code value}, {@code hasError}
 * and {@code error} (see templates/fields.peb).
 */
public final class Form {

    /** Status of a form sent back because of what was typed. */
    public static final int INVALID = 422;
    /** Status of a form sent back because of the records' state: a duplicate, a limit, a stale version. */
    public static final int CONFLICT = 409;
    /** The pseudo-field of a message about the whole form (shown above it). */
    public static final String WHOLE_FORM = "_form";

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern PHONE = Pattern.compile("^\\+?[0-9][0-9 ()./-]{4,23}$");

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> errors = new LinkedHashMap<>();

    private Form() {
    }

    public static Form empty() {
        return new Form();
    }

    /** The named fields of the request's form body, stripped; a missing field is "". */
    public static Form from(Context ctx, String... fields) {
        return from(ctx::formParam, java.util.List.of(fields));
    }

    /**
     * The named fields as {@code param} answers them (a page's form body, an API's JSON fields),
     * stripped; a missing field (null) is "".
     */
    public static Form from(java.util.function.Function<String, String> param, Iterable<String> fields) {
        Form form = new Form();
        for (String field : fields) {
            String value = param.apply(field);
            form.values.put(field, value == null ? "" : value.strip());
        }
        return form;
    }

    /** A form filled in from a stored record, for an edit page. */
    public static Form of(Map<String, ?> values) {
        Form form = new Form();
        values.forEach((k, v) -> form.values.put(k, v == null ? "" : v.toString()));
        return form;
    }

    public Form put(String field, String value) {
        values.put(field, value == null ? "" : value);
        return this;
    }

    public String value(String field) {
        return values.getOrDefault(field, "");
    }

    /** A checkbox: browsers send it only when ticked. */
    public boolean checked(String field) {
        String v = value(field);
        return v.equals("on") || v.equals("true") || v.equals("1");
    }

    /** Records a message for a field; the first message of a field is the one shown. */
    public Form error(String field, String message) {
        errors.putIfAbsent(field, message);
        return this;
    }

    public boolean hasError(String field) {
        return errors.containsKey(field);
    }

    public String error(String field) {
        return errors.getOrDefault(field, "");
    }

    /** Forgets every message, for a form checked again. */
    public void clearErrors() {
        errors.clear();
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Each invalid field's message, in the order the checks found them (the API lists them so). */
    public Map<String, String> errors() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(errors));
    }

    // ---- checks: each records its message and returns the parsed value ----

    /** A required text of at most {@code max} characters. */
    public String required(String field, String label, int max) {
        String v = value(field);
        if (v.isEmpty()) {
            error(field, label + " is required.");
        } else {
            checkText(field, label, v, max);
        }
        return v;
    }

    /** An optional text of at most {@code max} characters ("" when left empty). */
    public String optional(String field, String label, int max) {
        String v = value(field);
        if (!v.isEmpty()) {
            checkText(field, label, v, max);
        }
        return v;
    }

    /** The one input rule's character check ({@link InputRule}). */
    public static boolean storableText(String v) {
        return InputRule.storable(v);
    }

    private void checkText(String field, String label, String v, int max) {
        if (v.length() > max) {
            error(field, label + " must be at most " + max + " characters.");
        } else if (!InputRule.storable(v)) {
            error(field, label + " contains characters that cannot be stored.");
        }
    }

    /** One of a fixed set of values (a select's options). */
    public String oneOf(String field, String label, Set<String> allowed) {
        String v = value(field);
        if (!allowed.contains(v)) {
            error(field, v.isEmpty() ? "Choose a " + label.toLowerCase() + "." : "Choose one of the listed " + label.toLowerCase() + " values.");
        }
        return v;
    }

    public String email(String field, String label) {
        String v = optional(field, label, 254);
        if (!v.isEmpty() && !EMAIL.matcher(v).matches()) {
            error(field, label + " must look like name@example.com.");
        }
        return v;
    }

    public String phone(String field, String label) {
        String v = optional(field, label, 24);
        if (!v.isEmpty() && !PHONE.matcher(v).matches()) {
            error(field, label + " may contain digits, spaces and + ( ) - . only, e.g. +91 20 2555 0101.");
        }
        return v;
    }

    /**
     * An optional decimal of at most {@code scale} decimals, between {@code min} and below
     * {@code limit} (the column's precision); empty when left blank or wrong.
     */
    public Optional<BigDecimal> decimal(String field, String label, int scale, BigDecimal min, BigDecimal limit) {
        String v = value(field).replace(",", "");
        if (v.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal number;
        try {
            number = new BigDecimal(v);
        } catch (NumberFormatException e) {
            error(field, label + " must be a number, e.g. 250 or 12.5.");
            return Optional.empty();
        }
        if (min != null && number.compareTo(min) < 0) {
            error(field, label + " cannot be less than " + min.toPlainString() + ".");
        } else if (number.abs().compareTo(limit) >= 0) {
            error(field, label + " must be less than " + limit.toPlainString() + ".");
        } else if (number.stripTrailingZeros().scale() > scale) {
            error(field, label + " may have at most " + scale + " decimal places.");
        } else {
            return Optional.of(number);
        }
        return Optional.empty();
    }

    /** A required whole number from {@code min} to {@code max}; {@code min} (and a message) when blank or wrong. */
    public int integer(String field, String label, int min, int max) {
        String v = value(field).replace(",", "").replace("_", "");
        if (v.isEmpty()) {
            error(field, label + " is required.");
            return min;
        }
        if (!v.matches("^[0-9]{1,9}$")) {
            error(field, label + " must be a whole number, e.g. " + Math.max(min, Math.min(max, 10)) + ".");
            return min;
        }
        int n = Integer.parseInt(v);
        if (n < min || n > max) {
            error(field, label + " must be from " + min + " to " + max + ".");
            return min;
        }
        return n;
    }

    /** An optional date as YYYY-MM-DD; empty when left blank or wrong (with a message). */
    public Optional<java.time.LocalDate> date(String field, String label) {
        String v = value(field);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            java.time.LocalDate date = java.time.LocalDate.parse(v);
            if (date.getYear() < 2000 || date.getYear() > 2199) {
                error(field, label + ": check the year.");
                return Optional.empty();
            }
            return Optional.of(date);
        } catch (java.time.format.DateTimeParseException e) {
            error(field, label + " must be a date as YYYY-MM-DD, e.g. 2027-03-31.");
            return Optional.empty();
        }
    }

    /** The hidden {@code version} of the record being edited; -1 (and a message) when missing. */
    public int version() {
        try {
            return Integer.parseInt(value("version"));
        } catch (NumberFormatException e) {
            error(WHOLE_FORM, "This form is incomplete. Reload the page and try again.");
            return -1;
        }
    }

    /**
     * Thrown inside a transaction when the database state refuses an otherwise valid form (a
     * duplicate, a capacity limit, a stale version): the transaction rolls back, and the page
     * shows {@code message} at {@code field}.
     */
    public static final class Refused extends RuntimeException {
        private final String field;

        public Refused(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }

        public String field() {
            return field;
        }

        /** Adds this refusal's message to the form; returns the form. */
        public Form applyTo(Form form) {
            return form.error(field, getMessage());
        }
    }
}
