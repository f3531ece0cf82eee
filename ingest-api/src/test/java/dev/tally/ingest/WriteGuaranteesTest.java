package dev.tally.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.domain.IncrementHeaders;
import dev.tally.domain.Json;
import dev.tally.domain.Topics;
import dev.tally.domain.WriteToken;
import dev.tally.domain.wire.IdempotentWrite;
import dev.tally.server.ConsistencyMetrics;
import dev.tally.server.Env;
import dev.tally.server.http.JsonErrors;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Consistency levels, the write quorum, and idempotent retries on the ingest side. */
class WriteGuaranteesTest {

    private final MockProducer<String, String> quorum = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
    private final MockProducer<String, String> leaderOnly = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
    private final FixedBacklog backlog = FixedBacklog.empty();
    private final ConsistencyMetrics metrics = new ConsistencyMetrics();
    private final Map<String, IdempotentWrite> remembered = new java.util.HashMap<>();

    private final IngestApi api = new IngestApi(new IncrementLog(quorum, leaderOnly, Duration.ofSeconds(1)),
            IngestConfig.fromEnv(new Env(Map.of("EXCESS_THRESHOLD", "1"))), backlog, metrics,
            (idempotencyKey, counterKey) -> Optional.ofNullable(remembered.get(counterKey + "/" + idempotencyKey)));

    private final Javalin app = Javalin.create(config -> {
        api.addRoutes(config.routes);
        JsonErrors.install(config.routes);
    });

    @Test
    void strongWritesUseTheQuorumProducerAndEventualOnesTheLeaderOnlyOne() {
        JavalinTest.test(app, (server, client) -> {
            assertThat(client.post("/counter/a/increment").code()).isEqualTo(202);
            assertThat(client.post("/counter/b/increment?consistency=eventual").code()).isEqualTo(202);
            assertThat(client.post("/counter/c/increment?consistency=linearizable").code()).isEqualTo(400);

            assertThat(quorum.history()).extracting(r -> r.key()).containsExactly("a");
            assertThat(leaderOnly.history()).extracting(r -> r.key()).containsExactly("b");
            assertThat(metrics.snapshot().get("strong").get("write").count()).isEqualTo(1);
            assertThat(metrics.snapshot().get("eventual").get("write").count()).isEqualTo(1);
        });
    }

    @Test
    void aPartitionBelowItsWriteQuorumRefusesStrongWritesAtOnceButTakesEventualOnes() {
        backlog.inSync(1);
        api.cluster().poll();
        JavalinTest.test(app, (server, client) -> {
            var refused = client.post("/counter/a/increment");
            assertThat(refused.code()).isEqualTo(503);
            JsonNode body = json(refused.body().string());
            assertThat(body.get("error").asText()).isEqualTo("not_enough_replicas");
            assertThat(body.get("message").asText()).contains("not enough in-sync replicas");
            assertThat(quorum.history()).isEmpty();
            assertThat(metrics.snapshot().get("strong").get("write").failures()).isEqualTo(1);

            assertThat(client.post("/counter/a/increment?consistency=eventual").code()).isEqualTo(202);
        });
    }

    @Test
    void anIdempotentRetryIsAnsweredWithTheOriginalBodyAndWritesNothing() {
        remembered.put("page/retry-1", new IdempotentWrite("retry-1", "page", 5, Topics.INCREMENTS, 3, 41));
        JavalinTest.test(app, (server, client) -> {
            var replay = client.post("/counter/page/increment?by=5", null, r -> r.header("Idempotency-Key", "retry-1"));

            assertThat(replay.code()).isEqualTo(202);
            assertThat(replay.headers().get("Idempotent-Replay")).containsExactly("true");
            JsonNode body = json(replay.body().string());
            assertThat(body.get("offset").asLong()).isEqualTo(41);
            assertThat(body.get("token").asText()).isEqualTo(WriteToken.of("page", false, 3, 41).toString());
            assertThat(quorum.history()).isEmpty();
        });
    }

    @Test
    void anIdempotencyKeyFirstUsedWithAnotherByIsRefused422AndWritesNothing() {
        remembered.put("page/retry-1", new IdempotentWrite("retry-1", "page", 5, Topics.INCREMENTS, 3, 41));
        JavalinTest.test(app, (server, client) -> {
            var reused = client.post("/counter/page/increment?by=7", null, r -> r.header("Idempotency-Key", "retry-1"));

            assertThat(reused.code()).isEqualTo(422);
            JsonNode body = json(reused.body().string());
            assertThat(body.get("error").asText()).isEqualTo("idempotency_key_reused");
            assertThat(body.get("details").get("first_by").asLong()).isEqualTo(5);
            assertThat(quorum.history()).isEmpty();
        });
    }

    @Test
    void aFirstIdempotentWriteCarriesItsKeyAndStaysOnTheMainQueueEvenWhenHot() {
        JavalinTest.test(app, (server, client) -> {
            client.post("/counter/hot/increment");
            var first = client.post("/counter/hot/increment", null, r -> r.header("Idempotency-Key", "k-1"));

            assertThat(json(first.body().string()).get("queue").asText()).isEqualTo("main");
            assertThat(quorum.history()).last().satisfies(record -> {
                assertThat(record.topic()).isEqualTo(Topics.INCREMENTS);
                assertThat(new String(record.headers().lastHeader(IncrementHeaders.IDEMPOTENCY_KEY).value(), StandardCharsets.UTF_8))
                        .isEqualTo("k-1");
            });
            assertThat(client.post("/counter/hot/increment", null, r -> r.header("Idempotency-Key", "bad\tkey")).code())
                    .isEqualTo(400);
        });
    }

    private static JsonNode json(String body) throws Exception {
        return Json.MAPPER.readTree(body);
    }
}
