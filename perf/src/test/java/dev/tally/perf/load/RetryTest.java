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
}
