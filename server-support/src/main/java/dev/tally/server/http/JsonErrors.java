package dev.tally.server.http;

import dev.tally.domain.wire.ErrorBody;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes every error a tally server answers a JSON {@link ErrorBody}, including 404s and bugs. */
public final class JsonErrors {

    private static final Logger log = LoggerFactory.getLogger(JsonErrors.class);

    private JsonErrors() {
    }

    public static void install(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> respond(ctx, e));
        routes.exception(CompletionException.class, (e, ctx) -> respond(ctx, unwrap(e)));
        // Javalin's own answers: unknown route, wrong method, oversized body, …
        routes.exception(HttpResponseException.class, (e, ctx) ->
                respond(ctx, new ApiException(e.getStatus(), codeFor(e.getStatus()), e.getMessage())));
        routes.exception(Exception.class, (e, ctx) -> respond(ctx, unwrap(e)));
    }

    static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            default -> "http_" + status;
        };
    }

    public static void respond(Context ctx, ApiException e) {
        if (e.retryAfterSeconds() > 0) {
            ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
        }
        ctx.status(e.status()).json(new ErrorBody(e.error(), e.getMessage(), e.details()));
    }

    private static ApiException unwrap(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof ApiException api) {
            return api;
        }
        log.error("unexpected failure while serving a request", cause);
        return new ApiException(500, "internal_error", "unexpected " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    }
}
