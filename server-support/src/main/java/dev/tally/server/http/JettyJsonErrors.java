package dev.tally.server.http;

import dev.tally.domain.Json;
import dev.tally.domain.wire.ErrorBody;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty gives itself, before a request reaches a route: a URI it cannot decode
 * ({@code %00}, {@code %zz}), a URI or headers too long (414, 431), a request line that is not HTTP.
 * They get the same JSON {@link ErrorBody} as every route's error instead of Jetty's HTML page.
 */
final class JettyJsonErrors extends ErrorHandler {

    /**
     * Every method gets its JSON error: Jetty writes a body only for GET, POST and HEAD by default, so a
     * malformed DELETE (a reset) was answered 400 with nothing to say why.
     */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body(code, message, cause)), callback);
    }

    static byte[] body(int code, String message, Throwable cause) throws IOException {
        String reason = message != null && !message.isBlank() ? message : HttpStatus.getMessage(code);
        if (cause != null && cause.getMessage() != null && !cause.getMessage().equals(reason)) {
            reason = reason + ": " + cause.getMessage();
        }
        return Json.MAPPER.writeValueAsBytes(new ErrorBody(JsonErrors.codeFor(code), "the request was refused before "
                + "reaching a route (" + reason + ")"));
    }
}
