package dev.tally.perf.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** 429s retried after the caller's back-off, within the caller's number of retries. */
class RetryTest {

    /** 429 to the first two attempts at each path, then 202. */
    private static TestTarget busyTwiceThenAccepting() throws InterruptedException {
        Map<String, Integer> attempts = new ConcurrentHashMap<>();
        return TestTarget.answering((ctx, request, n) -> {
            boolean busy = attempts.merge(request.uri(), 1, Integer::sum) <= 2;
            TargetServer.reply(ctx, busy ? HttpResponseStatus.TOO_MANY_REQUESTS : HttpResponseStatus.ACCEPTED, "{}");
        });
    }

    @Test
    void a429IsRetriedAfterTheBackOffUntilItIsAccepted() throws Exception {
        List<LoadResponse> seen = new CopyOnWriteArrayList<>();
        try (TestTarget target = busyTwiceThenAccepting()) {
            RunResult result = LoadGenerator.closedLoop(target.uri("/"), 4)
                    .requests(index -> LoadRequest.post("/counter/k" + index + "/increment"))
                    .retry429(Duration.ofMillis(5), 3)
                    .bound(Bound.requests(50))
                    .onResponse(seen::add)
                    .run();

            assertThat(result.statuses()).isEqualTo(Map.of(202, 50L));
            assertThat(result.retried429()).isEqualTo(100);
            assertThat(target.requests).hasValue(150);
            assertThat(seen).hasSize(50).allMatch(response -> response.attempts() == 3);
            // Two back-offs of 5 ms are in each request's latency, and not in the service time of its last attempt.
            assertThat(seen).allMatch(response -> response.latencyNanos() >= Duration.ofMillis(10).toNanos()
                    && response.latencyNanos() > response.serviceTimeNanos());
        }
    }

    @Test
    void a429ThatOutlastsTheRetriesIsTheFinalAnswer() throws Exception {
        try (TestTarget target = busyTwiceThenAccepting()) {
            RunResult result = LoadGenerator.openLoop(target.uri("/"), 500)
                    .requests(index -> LoadRequest.post("/counter/k" + index + "/increment"))
                    .retry429(Duration.ofMillis(1), 1)
                    .bound(Bound.requests(20))
                    .run();

            assertThat(result.statuses()).isEqualTo(Map.of(429, 20L));
            assertThat(result.retried429()).isEqualTo(20);
            assertThat(result.successes()).isZero();
        }
    }

    @Test
    void without429RetriesA429IsAnAnswerLikeAnyOther() throws Exception {
        try (TestTarget target = busyTwiceThenAccepting()) {
            RunResult result = LoadGenerator.closedLoop(target.uri("/"), 1)
                    .requests(RequestSource.always(LoadRequest.post("/counter/k/increment")))
                    .bound(Bound.requests(3))
                    .run();

            assertThat(result.statuses()).isEqualTo(Map.of(429, 2L, 202, 1L));
            assertThat(result.retried429()).isZero();
        }
    }

    @Test
    void aRetryConditionSendsTheSameRequestAgainAfterA503OrNoAnswerUntilItIsAccepted() throws Exception {
        // Per path: the first attempt closes the connection unanswered, the second is a 503, the third a 202.
        Map<String, Integer> attempts = new ConcurrentHashMap<>();
        Map<String, String> idempotencyKeys = new ConcurrentHashMap<>();
        TestTarget.Behaviour flaky = (ctx, request, n) -> {
            int attempt = attempts.merge(request.uri(), 1, Integer::sum);
            String key = request.headers().get("Idempotency-Key");
            if (idempotencyKeys.putIfAbsent(request.uri(), key) != null && !idempotencyKeys.get(request.uri()).equals(key)) {
                throw new AssertionError("a retry with another Idempotency-Key");
            }
            if (attempt == 1) {
                ctx.close();
            } else {
                TargetServer.reply(ctx, attempt == 2 ? HttpResponseStatus.SERVICE_UNAVAILABLE : HttpResponseStatus.ACCEPTED, "{}");
            }
        };
        List<LoadResponse> seen = new CopyOnWriteArrayList<>();
        try (TestTarget target = TestTarget.answering(flaky)) {
            RunResult result = LoadGenerator.closedLoop(target.uri("/"), 3)
                    .requests(index -> LoadRequest.post("/counter/k" + index + "/increment")
                            .withHeader("Idempotency-Key", "run-" + index))
                    .retryWhen(RetryCondition.UNLESS_REFUSED, Duration.ofMillis(2), 5)
                    .bound(Bound.requests(30))
                    .onResponse(seen::add)
                    .run();

            assertThat(result.statuses()).isEqualTo(Map.of(202, 30L));
            assertThat(result.errors()).isEmpty();
            assertThat(result.retried()).isEqualTo(Map.of("CONNECTION_CLOSED", 30L, "HTTP 503", 30L));
            assertThat(result.retried429()).isZero();
            assertThat(idempotencyKeys).hasSize(30);
            assertThat(seen).hasSize(30).allMatch(response -> response.status() == 202);
        }
    }

    @Test
    void aRequestRefusedWithA4xxIsNotRetriedUnlessRefused() throws Exception {
        try (TestTarget target = TestTarget.answering((ctx, request, n) ->
                TargetServer.reply(ctx, HttpResponseStatus.BAD_REQUEST, "{}"))) {
            RunResult result = LoadGenerator.closedLoop(target.uri("/"), 2)
                    .retryWhen(RetryCondition.UNLESS_REFUSED, Duration.ofMillis(1), 5)
                    .bound(Bound.requests(10))
                    .run();

            assertThat(result.statuses()).isEqualTo(Map.of(400, 10L));
            assertThat(result.retried()).isEmpty();
            assertThat(target.requests).hasValue(10);
        }
    }

    @Test
    void aFailureThatOutlastsTheRetriesIsCountedAsAnError() throws Exception {
        try (TestTarget target = TestTarget.answering((ctx, request, n) -> ctx.close())) {
            RunResult result = LoadGenerator.closedLoop(target.uri("/"), 1)
                    .retryWhen(RetryCondition.UNLESS_REFUSED, Duration.ofMillis(1), 2)
                    .bound(Bound.requests(4))
                    .run();

            assertThat(result.errors()).containsOnlyKeys(ErrorKind.CONNECTION_CLOSED);
            assertThat(result.errors().get(ErrorKind.CONNECTION_CLOSED).count()).isEqualTo(4);
            assertThat(result.retried()).isEqualTo(Map.of("CONNECTION_CLOSED", 8L));
            assertThat(target.requests).hasValue(12);
        }
    }
}
