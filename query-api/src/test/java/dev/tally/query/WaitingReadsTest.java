package dev.tally.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.WriteToken;
import dev.tally.domain.wire.LocalCount;
import dev.tally.server.ConsistencyMetrics;
import dev.tally.server.http.JsonErrors;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Reads that wait for a write are bounded; others are not held up by them. */
class WaitingReadsTest {

    private final CountDownLatch waiting = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    /** A read with a token waits until the test releases it, as one waiting for a write not yet applied. */
    private final CounterReader reader = new CounterReader() {
        @Override
        public LocalCount read(String key, ReadPolicy policy) {
            if (policy.after() != null && key.equals("slow")) {
                waiting.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new LocalCount(key, 1, 0, LocalCount.ACTIVE, "processor-1");
        }

        @Override
        public Map<String, Long> dumpAll() {
            return Map.of();
        }
    };

    @Test
    void beyondTheLimitAWaitingReadIsRefusedAtOnceWhileOtherReadsAreAnswered() {
        QueryApi api = new QueryApi(reader, new ConsistencyMetrics(), 1);
        Javalin app = Javalin.create(config -> {
            api.addRoutes(config.routes);
            JsonErrors.install(config.routes);
        });
        JavalinTest.test(app, (server, client) -> {
            String slowToken = WriteToken.of("slow", true, 0, 5).toString();
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> client.get("/counter/slow?after=" + slowToken).code());
            assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();

            var refused = client.get("/counter/other?after=" + WriteToken.of("other", true, 0, 5));
            assertThat(refused.code()).isEqualTo(503);
            assertThat(refused.headers().get("Retry-After")).containsExactly("1");
            assertThat(refused.body().string()).contains("\"error\":\"too_many_waiting_reads\"");
            assertThat(client.get("/counter/other").code()).isEqualTo(200);

            release.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(200);
            assertThat(client.get("/counter/other?after=" + WriteToken.of("other", true, 0, 5)).code()).isEqualTo(200);
        });
    }
}
