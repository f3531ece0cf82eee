package dev.tally.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.Json;
import dev.tally.query.IdempotentWrites;
import dev.tally.server.ConsistencyMetrics;
import dev.tally.server.Env;
import dev.tally.server.http.JsonErrors;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Where a batch's acknowledgements are answered: the whole batch handed to the request threads once. */
class BatchHandOffTest {

    private final MockProducer<String, String> producer =
            new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
    /** The request threads, as the log sees them: counts what it is handed and runs it at once. */
    private final AtomicInteger handOffs = new AtomicInteger();
    private final Executor answers = answer -> {
        handOffs.incrementAndGet();
        answer.run();
    };

    /** The ingest routes over the mock producer, answering through {@link #answers}. */
    private Javalin app() {
        IngestApi api = new IngestApi(new IncrementLog(producer, producer, Duration.ofSeconds(1), answers),
                IngestConfig.fromEnv(new Env(Map.of("BOOTSTRAP_SERVERS", "unused:9092"))), FixedBacklog.empty(),
                new ConsistencyMetrics(), IdempotentWrites.NONE);
        return Javalin.create(config -> {
            api.addRoutes(config.routes);
            JsonErrors.install(config.routes);
        });
    }

    @Test
    void aBatchOfFiftyIsOneHandOffToTheRequestThreadsNotFifty() {
        String fifty = IntStream.range(0, 50).mapToObj(i -> "{\"key\":\"k" + i + "\",\"by\":1}")
                .collect(Collectors.joining(",", "[", "]"));

        JavalinTest.test(app(), (server, client) -> {
            var response = client.post("/counters/increments", fifty);

            assertThat(response.code()).isEqualTo(202);
            assertThat(Json.MAPPER.readTree(response.body().string()).get("accepted").asInt()).isEqualTo(50);
            assertThat(producer.history()).hasSize(50);
            assertThat(handOffs).hasValue(1);
        });
    }

    @Test
    void aSingleIncrementIsStillAnsweredFromTheRequestThreads() {
        JavalinTest.test(app(), (server, client) -> {
            assertThat(client.post("/counter/a/increment").code()).isEqualTo(202);
            assertThat(handOffs).hasValue(1);
        });
    }
}
