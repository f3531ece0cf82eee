package dev.tally.api;

import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json}: the API's OpenAPI 3.1 document, written by hand in this jar's
 * {@code openapi.json} (a copy is docs/openapi.json); OpenApiDocumentTest keeps it and the routes in step.
 */
final class OpenApiDocument {

    static final String PATH = "/openapi.json";
    static final String RESOURCE = "/openapi.json";

    private OpenApiDocument() {
    }

    static void addRoute(RoutesConfig routes) {
        byte[] document = read();
        routes.get(PATH, ctx -> ctx.contentType("application/json").result(document));
    }

    static byte[] read() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the api-server jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
