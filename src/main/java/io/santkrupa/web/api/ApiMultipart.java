package io.santkrupa.web.api;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.http.HttpException;

/**
 * File uploads of the API (multipart/form-data): the media type is checked (415 otherwise) and
 * the body parsed once, up front, so that a body which is not valid multipart is the client's
 * error -- 400, or 413 when the server refused its size -- and never a 500 from deep inside a handler.
 */
public final class ApiMultipart {

    private ApiMultipart() {
    }

    /** @param how what the 415 tells the client to send, e.g. "the file in the field report" */
    public static void read(Context ctx, String how) {
        String contentType = ctx.contentType();
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].strip();
        if (!mediaType.equalsIgnoreCase("multipart/form-data")) {
            throw new HttpResponseException(415, "Send multipart/form-data with " + how + ".");
        }
        try {
            ctx.uploadedFileMap();
        } catch (Exception e) {
            // the rest of the body is left unread: the connection cannot carry another request
            // (clients that reused it would see it close under their next one)
            ctx.header("Connection", "close");
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof HttpException http && http.getCode() == 413) {
                    throw new HttpResponseException(413, "The file is larger than 10 MB.");
                }
            }
            throw new HttpResponseException(400, "The multipart/form-data body could not be read.");
        }
    }
}
