package dev.tally.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.domain.wire.IdempotentWrite;
import dev.tally.server.ConsistencyMetrics;
import dev.tally.server.Env;
import dev.tally.server.http.JsonErrors;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class IngestMetersTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MockProducer<String, String> producer =
            new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
    private final FixedBacklog backlog = FixedBacklog.empty();

    private IngestApi api(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("BOOTSTRAP_SERVERS", "unused:9092");
        IdempotentWrite earlier = new IdempotentWrite("retry-1", "paid", 1, "tally-increments", 0, 7);
        return new IngestApi(new IncrementLog(producer, Duration.ofSeconds(1)), IngestConfig.fromEnv(new Env(all)), backlog,
                new ConsistencyMetrics(registry), (key, counter) -> key.equals("retry-1") ? Optional.of(earlier) : Optional.empty());
    }

    private static Javalin app(IngestApi api) {
        return Javalin.create(config -> {
            api.addRoutes(config.routes);
            JsonErrors.install(config.routes);
        });
    }

    @Test
    void fullQueueRefusalsAreExportedAndStatusReadsTheSameCounter() {
        IngestApi api = api(Map.of("MAX_QUEUE_SIZE", "100"));
        backlog.set(IngestQueue.MAIN, 100);
        api.cluster().poll();
        JavalinTest.test(app(api), (server, client) -> {
            assertThat(client.post("/counter/foo/increment").code()).isEqualTo(429);
            assertThat(client.post("/counter/foo/increment").code()).isEqualTo(429);
        });
        String text = registry.scrape();
        assertThat(text).contains("tally_rejected_total{queue=\"main\",reason=\"queue_full\"} 2.0");
        assertThat(text).contains("tally_rejected_total{queue=\"excess\",reason=\"queue_full\"} 0.0");
        assertThat(api.status().queues().get(0).rejected()).isEqualTo(2);
        assertThat(text).contains("tally_queue_backlog{partition=\"0\",queue=\"main\"} 100.0");
        assertThat(text).contains("tally_queue_admission_backlog{queue=\"main\"} 100.0");
        assertThat(text).contains("tally_queue_limit{queue=\"main\"} 100.0");
        assertThat(text).contains("tally_kafka_reading_failing 0.0");
    }

    @Test
    void rateLimitRefusalsAreExported() {
        IngestMeters meters = new IngestMeters(registry);
        ClientRateLimiter limiter = new ClientRateLimiter(1, meters.rateLimited());
        limiter.check("a");
        assertThatThrownBy(() -> limiter.check("a")).hasMessageContaining("over its limit");

        assertThat(registry.scrape()).contains("tally_rejected_total{queue=\"any\",reason=\"rate_limited\"} 1.0");
        assertThat(limiter.rejected()).isEqualTo(1);
    }

    @Test
    void spilledAndReplayedIncrementsAreCounted() {
        IngestApi api = api(Map.of("EXCESS_THRESHOLD", "1"));
        api.cluster().poll();
        JavalinTest.test(app(api), (server, client) -> {
            assertThat(client.post("/counter/hot/increment").code()).isEqualTo(202);
            assertThat(client.post("/counter/hot/increment").code()).isEqualTo(202);
            assertThat(client.post("/counter/paid/increment", "", r -> r.header("Idempotency-Key", "retry-1")).code())
                    .isEqualTo(202);
        });
        String text = registry.scrape();
        assertThat(text).contains("tally_hot_key_spills_total 1.0");
        assertThat(text).contains("tally_hot_keys 1.0");
        assertThat(text).contains("tally_idempotent_replays_total 1.0");
        assertThat(text).contains("tally_requests_seconds_count{level=\"STRONG\",operation=\"WRITE\"} 2");
    }
}
