package io.santkrupa.web.api;

import io.javalin.http.Context;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Optimistic concurrency of API updates. A record read over the API carries its {@code version}
 * and an {@code ETag: "<version>"}; an update must send {@code If-Match} with that ETag. A stale
 * one gets 412 and nothing is overwritten; a missing one gets 428, so a client cannot overwrite
 * someone else's edit by forgetting the header. {@code *} is not accepted for the same reason.
 */
public final class ApiVersions {

    private static final Pattern ETAG = Pattern.compile("^(?:W/)?\"(\\d{1,9})\"$");

    private ApiVersions() {
    }

    public static void etag(Context ctx, int version) {
        ctx.header("ETag", "\"" + version + "\"");
    }

    /** The version the client last read, from If-Match. */
    public static int ifMatch(Context ctx) {
        String header = ctx.header("If-Match");
        if (header == null || header.isBlank() || header.strip().equals("*")) {
            throw new ApiProblem(428, ApiProblem.VERSION_REQUIRED, "Precondition required",
                    "Send If-Match with the ETag of the record as you last read it.", List.of());
        }
        Matcher m = ETAG.matcher(header.strip());
        if (!m.matches()) {
            throw stale();
        }
        return Integer.parseInt(m.group(1));
    }

    /** 412: someone changed the record since the client read it; nothing was overwritten. */
    public static ApiProblem stale() {
        return new ApiProblem(412, ApiProblem.STALE_VERSION, "Precondition failed",
                "The record was changed since you read it; nothing was overwritten. Read it again and reapply your change.",
                List.of());
    }
}
