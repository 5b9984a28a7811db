package io.santkrupa.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.javalin.http.Context;
import io.santkrupa.web.api.ApiProblem;
import io.santkrupa.web.api.FieldError;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one rule every text a request carries meets before any handler sees it: the query
 * string's and a form's names and values (pages, sign-in, uploads' text parts) and every string,
 * name and number of an API body. Refused: control characters but tab and line breaks (a NUL
 * reached PostgreSQL as a 500), unpaired surrogates (not text at all), and the characters that
 * silently reverse or embed text direction (U+202A-U+202E, U+2066-U+2069: a file name
 * "report\u202Efdp.exe" shows as "reportexe.pdf"). Numbers of an API body are at most 40
 * characters with an exponent of at most 3 digits, checked before anything parses them (an
 * exponent of a million took seconds of CPU). The answer is a 422 naming the field; nothing runs.
 */
public final class InputRule {

    public static final String MESSAGE = "contains characters that cannot be stored (control or text-direction"
            + " characters); remove them and send it again.";
    static final int MAX_NUMBER_CHARS = 40;
    /** The API's body limit (ApiJson): nothing larger is read. */
    static final int MAX_JSON_BYTES = 64 * 1024;
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();

    private InputRule() {
    }

    /** True when {@code text} may be stored: no character the rule refuses. */
    public static boolean storable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 ? c != '\t' && c != '\n' && c != '\r'
                    : c >= 0x7F && c <= 0x9F || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The request's query parameters, form fields (names and values) and JSON body: a
     * before-filter of every route. A form too large to read is a 413 here rather than a failure in whatever reads it next.
     */
    public static void checkRequest(Context ctx) {
        String contentType = ctx.header("Content-Type");
        if (contentType != null && !readableCharset(contentType)) {
            throw new io.javalin.http.HttpResponseException(415,
                    "The request's Content-Type names a charset this server cannot read; send UTF-8.");
        }
        Optional<String> bad = firstBad(ctx.queryParamMap());
        if (bad.isEmpty() && isMedia(ctx, "application/json")) {
            byte[] body;
            try {
                body = ctx.bodyAsBytes();
            } catch (Exception unreadable) { // the body ended before its Content-Length, or its chunks broke off
                throw unreadable(ctx, unreadable, "The request body could not be read: it ended before the length it"
                        + " announced, or its framing was broken. Send it again.");
            }
            if (body.length <= MAX_JSON_BYTES) {
                checkJson(body); // a larger body is the reader's 413
            }
        }
        if (bad.isEmpty() && (isMedia(ctx, "application/x-www-form-urlencoded") || isMedia(ctx, "multipart/form-data"))) {
            try {
                bad = firstBad(ctx.formParamMap());
                if (bad.isEmpty() && isMedia(ctx, "multipart/form-data")) {
                    bad = firstBadFile(ctx.uploadedFileMap());
                }
            } catch (Exception unreadable) { // Jetty's ServletException arrives unchecked through Kotlin
                throw unreadable(ctx, unreadable, "The form could not be read; reload the page and try again.");
            }
        }
        bad.ifPresent(field -> {
            throw refused(field);
        });
    }

    /** True unless the Content-Type names a charset Java cannot even look up (an illegal name such as {@code "é"}). */
    static boolean readableCharset(String contentType) {
        for (String parameter : contentType.split(";")) {
            String[] pair = parameter.split("=", 2);
            if (pair.length == 2 && pair[0].strip().equalsIgnoreCase("charset")) {
                String name = pair[1].strip().replace("\"", "");
                try {
                    if (!java.nio.charset.Charset.isSupported(name)) {
                        return false;
                    }
                } catch (java.nio.charset.IllegalCharsetNameException illegal) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The first file field whose file name breaks the rule (a name with U+202E hid ".exe"). */
    private static Optional<String> firstBadFile(Map<String, List<io.javalin.http.UploadedFile>> files) {
        for (Map.Entry<String, List<io.javalin.http.UploadedFile>> field : files.entrySet()) {
            if (!storable(field.getKey())) {
                return Optional.of("(a field's name)");
            }
            for (io.javalin.http.UploadedFile file : field.getValue()) {
                if (file.filename() != null && !storable(file.filename())) {
                    return Optional.of(field.getKey());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Every string, field name and number of a JSON body; 422 naming the first that breaks the
     * rule. A field given twice in one object is refused too: parsers disagree on which one
     * counts (Jackson takes the last, others the first), so a proxy or log could read another
     * value than the one we store -- and the API promises no field is silently ignored.
     */
    public static void checkJson(byte[] body) {
        List<FieldError> errors = new ArrayList<>();
        java.util.ArrayDeque<java.util.Set<String>> objects = new java.util.ArrayDeque<>();
        try (JsonParser parser = JSON.createParser(body)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null && errors.isEmpty()) {
                switch (token) {
                    case START_OBJECT -> objects.push(new java.util.HashSet<>());
                    case END_OBJECT -> objects.pop();
                    case FIELD_NAME -> {
                        if (!storable(parser.currentName())) {
                            errors.add(new FieldError(path(parser.getParsingContext().getParent().pathAsPointer()),
                                    "A field name " + MESSAGE));
                        } else if (!objects.peek().add(parser.currentName())) {
                            errors.add(new FieldError(path(parser.getParsingContext().pathAsPointer()),
                                    "This field is given more than once; send it once."));
                        }
                    }
                    case VALUE_STRING -> {
                        if (!storable(parser.getText())) {
                            errors.add(new FieldError(path(parser.getParsingContext().pathAsPointer()),
                                    "The text " + MESSAGE));
                        }
                    }
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                        if (!reasonableNumber(parser.getText())) {
                            errors.add(new FieldError(path(parser.getParsingContext().pathAsPointer()),
                                    "The number is out of range."));
                        }
                    }
                    default -> {
                    }
                }
            }
        } catch (IOException notJson) {
            return; // not JSON at all: the reader that follows answers 400, as before
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
    }

    /** A number's text as written: short, and with an exponent of at most three digits. */
    static boolean reasonableNumber(String text) {
        if (text.length() > MAX_NUMBER_CHARS) {
            return false;
        }
        int e = Math.max(text.indexOf('e'), text.indexOf('E'));
        if (e < 0) {
            return true;
        }
        String exponent = text.substring(e + 1).replace("+", "").replace("-", "");
        return exponent.length() <= 3 && Integer.parseInt(exponent) <= 300;
    }

    /**
     * A body Jetty would not read: a form over its limits (200,000 bytes of fields) is a 413,
     * anything else (a broken multipart body, a bad chunk, a body shorter than its Content-Length)
     * a 400 saying {@code why} -- never the 500 it was.
     */
    private static io.javalin.http.HttpResponseException unreadable(Context ctx, Exception failure, String why) {
        // the rest of the body is left unread: the connection cannot carry another request
        // (clients that reused it would see it close under their next one), as in ApiMultipart
        ctx.header("Connection", "close");
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.eclipse.jetty.http.HttpException http && http.getCode() == 413
                    || t instanceof IllegalStateException && t.getMessage() != null && t.getMessage().contains("larger than max")) {
                return new io.javalin.http.HttpResponseException(413,
                        "The form is too large to be read; shorten what was typed and send it again.");
            }
        }
        return new io.javalin.http.HttpResponseException(400, why);
    }

    private static boolean isMedia(Context ctx, String media) {
        String type = ctx.header("Content-Type"); // as sent: Jetty's contentType() also parses the charset
        return type != null && type.split(";", 2)[0].strip().equalsIgnoreCase(media);
    }

    private static Optional<String> firstBad(Map<String, List<String>> params) {
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
            String name = param.getKey();
            if (!storable(name)) {
                return Optional.of("(a field's name)");
            }
            for (String value : param.getValue()) {
                if (value != null && !storable(value)) {
                    return Optional.of(name);
                }
            }
        }
        return Optional.empty();
    }

    private static ApiProblem refused(String field) {
        return new ApiProblem(422, ApiProblem.VALIDATION, "Validation failed",
                "The field " + field + " " + MESSAGE + " Nothing was changed.",
                List.of(new FieldError(field, "The text " + MESSAGE)));
    }

    /** {@code items[0].dose} for the JSON pointer {@code /items/0/dose}, as the API names fields. */
    private static String path(JsonPointer pointer) {
        StringBuilder out = new StringBuilder();
        for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
            if (p.mayMatchElement()) {
                out.append('[').append(p.getMatchingIndex()).append(']');
            } else {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(p.getMatchingProperty());
            }
        }
        return out.isEmpty() ? "(body)" : out.toString();
    }
}
