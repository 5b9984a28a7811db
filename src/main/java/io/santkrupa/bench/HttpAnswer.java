package io.santkrupa.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.santkrupa.web.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;

/** A server's answer: its status and body as text, read as JSON on demand. */
record HttpAnswer(int status, String body, HttpResponse<String> response) {

    static HttpAnswer of(HttpResponse<String> response) {
        return new HttpAnswer(response.statusCode(), response.body(), response);
    }

    boolean ok() {
        return status >= 200 && status < 300;
    }

    JsonNode json() {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body.substring(0, Math.min(200, body.length())), e);
        }
    }

    String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** For a setup step that must succeed: the answer, or an exception that says what came back. */
    HttpAnswer require(String what) {
        if (!ok()) {
            throw new BenchFailure(what + " answered " + status + ": " + body.substring(0, Math.min(300, body.length())));
        }
        return this;
    }
}
