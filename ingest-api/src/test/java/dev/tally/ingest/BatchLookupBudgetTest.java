package dev.tally.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.tally.domain.Json;
import dev.tally.query.IdempotentWrites;
import dev.tally.server.ConsistencyMetrics;
import dev.tally.server.http.JsonErrors;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** A batch asks for earlier writes of its idempotency keys only within a short budget, then writes without asking. */
class BatchLookupBudgetTest {

    @Test
    void lookUpsStopWhenTheBudgetIsSpentAndEveryItemIsStillWritten() {
        AtomicLong nanos = new AtomicLong();
        AtomicInteger lookUps = new AtomicInteger();
        // Each look-up takes 200 ms of the test's clock and finds nothing.
        IdempotentWrites slow = (idempotencyKey, counterKey) -> {
            lookUps.incrementAndGet();
            nanos.addAndGet(Duration.ofMillis(200).toNanos());
            return Optional.empty();
        };
        MockProducer<String, String> producer = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
        ClusterView cluster = new ClusterView(FixedBacklog.empty(), Clock.systemUTC());
        IngestMeters meters = new IngestMeters(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        QueueGate gate = new QueueGate(cluster, Map.of(IngestQueue.MAIN, 100L, IngestQueue.EXCESS, 100L), meters);
        Appender appender = new Appender(new IncrementLog(producer, Duration.ofSeconds(1)), cluster, gate,
                new HotKeyDetector(1_000, Duration.ofSeconds(10), Ticker.systemTicker()), 12, new ConsistencyMetrics(), slow, meters);
        BatchIngest batch = new BatchIngest(appender, gate, 100, 1 << 20, nanos::get);
        Javalin app = Javalin.create(config -> {
            config.routes.post("/counters/increments", batch::handle);
            JsonErrors.install(config.routes);
        });
        JavalinTest.test(app, (server, client) -> {
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < 10; i++) {
                body.append(i == 0 ? "" : ",").append("{\"key\":\"k").append(i).append("\",\"idempotencyKey\":\"i-").append(i).append("\"}");
            }
            var response = client.post("/counters/increments", body.append("]").toString());

            assertThat(response.code()).isEqualTo(202);
            assertThat(Json.MAPPER.readTree(response.body().string()).get("accepted").asInt()).isEqualTo(10);
            // 0, 200 and 400 ms are within the 500 ms budget; from 600 ms on nothing is asked.
            assertThat(lookUps.get()).isEqualTo(3);
            assertThat(producer.history()).hasSize(10);
        });
    }
}
