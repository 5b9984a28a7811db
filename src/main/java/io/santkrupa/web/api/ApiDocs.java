package io.santkrupa.web.api;

import io.javalin.http.Context;
import io.santkrupa.web.Pages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * GET /api/docs: Swagger UI, served from its webjar, reading {@code /api/v1/openapi.json}. Public
 * and outside any clinic, like the document itself: "Try it out" picks the clinic through the
 * server variable {@code slug} and signs in with a bearer token from POST /auth/token.
 */
public final class ApiDocs {

    /** Swagger UI's static files, e.g. {@code /webjars/swagger-ui/5.34.1}. */
    public static final String SWAGGER_UI = "/webjars/swagger-ui/" + webjarVersion("swagger-ui");

    private final Pages pages;

    public ApiDocs(Pages pages) {
        this.pages = pages;
    }

    public void show(Context ctx) {
        pages.render(ctx, "api-docs", Map.of("title", "Santkrupa API v1", "swaggerUi", SWAGGER_UI,
                "document", "/api/v1/openapi.json"));
    }

    /** The version the webjar on the class path carries, so upgrading it is a one-line change to the pom. */
    private static String webjarVersion(String artifact) {
        String file = "/META-INF/maven/org.webjars/" + artifact + "/pom.properties";
        try (InputStream in = ApiDocs.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("the " + artifact + " webjar is not on the class path (" + file + ")");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
