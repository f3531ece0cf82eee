package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class JsonErrorsTest {

    private final Javalin app = Javalin.create(config -> {
        JsonErrors.install(config.routes);
        config.routes.get("/refused", ctx -> {
            throw ApiException.unavailable("not_enough_replicas", "only 1 in-sync replica");
        });
        config.routes.get("/refused-later", ctx -> ctx.future(() ->
                CompletableFuture.failedFuture(ApiException.badRequest("bad", "told you later"))));
        config.routes.get("/full", ctx -> {
            throw ApiException.tooManyRequests("queue_full", "the main queue is full", 2).withDetail("queue", "main");
        });
        config.routes.get("/bug", ctx -> {
            throw new IllegalStateException("boom");
        });
    });

    @Test
    void anApiExceptionAnswersItsStatusWithAJsonBody() {
        JavalinTest.test(app, (server, client) -> {
            var response = client.get("/refused");
            assertThat(response.code()).isEqualTo(503);
            assertThat(response.body().string())
                    .isEqualTo("{\"error\":\"not_enough_replicas\",\"message\":\"only 1 in-sync replica\"}");
        });
    }

    @Test
    void aFailedFutureIsAnsweredLikeAThrownException() {
        JavalinTest.test(app, (server, client) -> {
            var response = client.get("/refused-later");
            assertThat(response.code()).isEqualTo(400);
            assertThat(response.body().string()).contains("\"error\":\"bad\"");
        });
    }

    @Test
    void aTooManyRequestsAnswerCarriesRetryAfterAndItsDetails() {
        JavalinTest.test(app, (server, client) -> {
            var response = client.get("/full");
            assertThat(response.code()).isEqualTo(429);
            assertThat(response.headers().get("Retry-After")).containsExactly("2");
            assertThat(response.body().string()).isEqualTo(
                    "{\"error\":\"queue_full\",\"message\":\"the main queue is full\",\"details\":{\"queue\":\"main\"}}");
        });
    }

    @Test
    void anUnknownRouteIsAJson404() {
        JavalinTest.test(app, (server, client) -> {
            var response = client.get("/nowhere");
            assertThat(response.code()).isEqualTo(404);
            assertThat(response.body().string()).contains("\"error\":\"not_found\"").contains("/nowhere");
        });
    }

    @Test
    void aBugIsAJson500NotAStackTrace() {
        JavalinTest.test(app, (server, client) -> {
            var response = client.get("/bug");
            assertThat(response.code()).isEqualTo(500);
            assertThat(response.body().string()).contains("\"error\":\"internal_error\"").contains("boom");
        });
    }
}
