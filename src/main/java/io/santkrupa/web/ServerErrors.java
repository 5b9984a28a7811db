package io.santkrupa.web;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answers of requests the server refuses before any route runs: an address with bytes that
 * are not UTF-8 or a NUL, one too long (414), headers too large (431), broken framing. Jetty's own
 * page for these is a debugging page; here an API address gets RFC 9457 problem+json like every
 * other API refusal, anything else a short page that says what was wrong. A request whose address
 * could not be read at all (too long, or a request line that is no HTTP) gets problem+json too:
 * nothing tells which it was.
 */
final class ServerErrors extends ErrorHandler {

    ServerErrors() {
        setShowStacks(false);
        setShowCauses(false);
    }

    /** Every method gets its answer (Jetty writes a body only for GET, POST and HEAD). */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        boolean api = !addressRead(request, code) || isApi(request);
        byte[] body = api ? problem(code) : page(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, api ? "application/problem+json" : "text/html;charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/problem+json"));
        return ByteBuffer.wrap(problem(status));
    }

    /**
     * False when the request line could not be read (too long; a NUL or a space in it, which Jetty
     * reports as the address "/badMessage"): nothing tells an API request from a page's.
     */
    private static boolean addressRead(Request request, int code) {
        return code != HttpStatus.URI_TOO_LONG_414 && !"/badMessage".equals(request.getHttpURI().getPath());
    }

    /** Read from the address as sent (still encoded): a decoded one is what could not be had. */
    private static boolean isApi(Request request) {
        String path = request.getHttpURI().getPath();
        String raw = path != null ? path : request.getHttpURI().asString();
        return raw != null && raw.contains("/api/");
    }

    private static String title(int code) {
        String reason = HttpStatus.getMessage(code);
        return reason == null ? "Error" : reason;
    }

    private static String detail(int code) {
        return switch (code) {
            case 400 -> "The request could not be read: its address or its framing is not valid HTTP (for example"
                    + " bytes that are not UTF-8, or a NUL, in the address).";
            case 413 -> "The request is too large.";
            case 414 -> "The address is too long.";
            case 431 -> "The request's headers are too large.";
            default -> code >= 500 ? "Something went wrong on our side. Please try again." : "The request was refused.";
        };
    }

    private static byte[] problem(int code) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title(code));
        problem.put("status", code);
        problem.put("detail", detail(code));
        return Json.write(problem).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] page(int code) {
        String title = title(code);
        return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
                + " - Santkrupa</title></head>\n<body><main><article>\n  <h1>" + title + "</h1>\n  <p>" + detail(code)
                + "</p>\n</article></main></body></html>\n").getBytes(StandardCharsets.UTF_8);
    }
}
