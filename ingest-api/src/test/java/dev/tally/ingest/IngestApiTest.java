package dev.tally.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.domain.Json;
import dev.tally.domain.Topics;
import dev.tally.domain.WriteToken;
import dev.tally.server.http.JsonErrors;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class IngestApiTest {

    private static MockProducer<String, String> producer(boolean autoComplete) {
        return new MockProducer<>(autoComplete, null, new StringSerializer(), new StringSerializer());
    }

    private static Javalin app(MockProducer<String, String> producer) {
        IngestApi api = new IngestApi(new IncrementLog(producer, Duration.ofSeconds(1)),
                IngestConfig.defaults("unused:9092"), FixedBacklog.empty());
        return Javalin.create(config -> {
            api.addRoutes(config.routes);
            JsonErrors.install(config.routes);
        });
    }

    private static JsonNode json(String body) throws Exception {
        return Json.MAPPER.readTree(body);
    }

    @Test
    void anAcknowledgedIncrementIsAnswered202WithWhereKafkaStoredIt() {
        MockProducer<String, String> producer = producer(true);
        JavalinTest.test(app(producer), (server, client) -> {
            var response = client.post("/counter/page-views/increment");

            assertThat(response.code()).isEqualTo(202);
            JsonNode body = json(response.body().string());
            assertThat(body.get("key").asText()).isEqualTo("page-views");
            assertThat(body.get("by").asLong()).isEqualTo(1);
            assertThat(body.get("queue").asText()).isEqualTo("main");
            assertThat(body.get("topic").asText()).isEqualTo(Topics.INCREMENTS);
            assertThat(body.has("partition")).isTrue();
            assertThat(body.get("offset").asLong()).isEqualTo(0);
            assertThat(WriteToken.parse(body.get("token").asText()))
                    .isEqualTo(WriteToken.of("page-views", false, body.get("partition").asInt(), 0));
            assertThat(producer.history()).singleElement().satisfies(record -> {
                assertThat(record.topic()).isEqualTo(Topics.INCREMENTS);
                assertThat(record.key()).isEqualTo("page-views");
                assertThat(record.value()).isEqualTo("1");
            });
        });
    }

    @Test
    void byIsTheDeltaWrittenToTheLog() {
        MockProducer<String, String> producer = producer(true);
        JavalinTest.test(app(producer), (server, client) -> {
            assertThat(client.post("/counter/a/increment?by=5").code()).isEqualTo(202);
            var negative = client.post("/counter/a/increment?by=-9223372036854775808");

            assertThat(negative.code()).isEqualTo(202);
            assertThat(json(negative.body().string()).get("by").asLong()).isEqualTo(Long.MIN_VALUE);
            assertThat(producer.history()).extracting(r -> r.value()).containsExactly("5", "-9223372036854775808");
        });
    }

    @Test
    void keysAreUrlDecodedAndOnlyBlankLongOrControlCharacterKeysAreRefused() {
        MockProducer<String, String> producer = producer(true);
        JavalinTest.test(app(producer), (server, client) -> {
            assertThat(client.post("/counter/%20a/increment").code()).isEqualTo(202);
            assertThat(client.post("/counter/z%C3%A4hler/increment").code()).isEqualTo(202);
            assertThat(client.post("/counter/user:42%2Fclicks/increment").code()).isEqualTo(202);
            assertThat(producer.history()).extracting(r -> r.key()).containsExactly(" a", "zähler", "user:42/clicks");

            for (String path : new String[] {"/counter/" + "k".repeat(300) + "/increment", "/counter/a%0Ab/increment",
                    "/counter/%20/increment", "/counter/%20%20%E2%80%83/increment"}) {
                var response = client.post(path);
                assertThat(response.code()).as(path).isEqualTo(400);
                assertThat(json(response.body().string()).get("error").asText()).isEqualTo("invalid_key");
            }
            assertThat(producer.history()).hasSize(3);
        });
    }

    @Test
    void anOverlongClientIdIsRefusedBeforeAnythingIsWritten() {
        MockProducer<String, String> producer = producer(true);
        JavalinTest.test(app(producer), (server, client) -> {
            assertThat(client.post("/counter/a/increment", null, r -> r.header("X-Client-Id", "c".repeat(128))).code())
                    .isEqualTo(202);
            var refused = client.post("/counter/a/increment", null, r -> r.header("X-Client-Id", "c".repeat(129)));
            assertThat(refused.code()).isEqualTo(400);
            assertThat(json(refused.body().string()).get("error").asText()).isEqualTo("invalid_client_id");
            var batch = client.post("/counters/increments", "[{\"key\":\"b\"}]", r -> r.header("X-Client-Id", "c".repeat(129)));
            assertThat(batch.code()).isEqualTo(400);
            assertThat(producer.history()).hasSize(1);
        });
    }

    @Test
    void aByThatIsNotANonZero64BitIntegerIsRefused() {
        MockProducer<String, String> producer = producer(true);
        JavalinTest.test(app(producer), (server, client) -> {
            for (String by : new String[] {"0", "abc", "99999999999999999999", "1.5", ""}) {
                var response = client.post("/counter/a/increment?by=" + by);
                assertThat(response.code()).as(by).isEqualTo(400);
                JsonNode body = json(response.body().string());
                assertThat(body.get("error").asText()).isEqualTo("invalid_by");
                assertThat(body.get("message").asText()).isNotBlank();
            }
            assertThat(producer.history()).isEmpty();
        });
    }

    @Test
    void noAnswerIsGivenBeforeKafkaAcknowledged() {
        MockProducer<String, String> producer = producer(false);
        JavalinTest.test(app(producer), (server, client) -> {
            CompletableFuture<io.javalin.testtools.Response> pending =
                    CompletableFuture.supplyAsync(() -> client.post("/counter/a/increment?by=3"));

            waitUntil(() -> producer.history().size() == 1);
            Thread.sleep(200);
            assertThat(pending).isNotDone();

            assertThat(producer.completeNext()).isTrue();
            var response = pending.get(5, TimeUnit.SECONDS);
            assertThat(response.code()).isEqualTo(202);
            assertThat(json(response.body().string()).get("by").asLong()).isEqualTo(3);
        });
    }

    @Test
    void tooFewInSyncReplicasIsA503NamingTheReason() {
        assertRefusal(new NotEnoughReplicasException("Messages are rejected since there are fewer in-sync replicas than required."),
                "not_enough_replicas", "in-sync replicas");
        assertRefusal(new NotEnoughReplicasAfterAppendException("written to fewer replicas than required"),
                "not_enough_replicas", "in-sync replicas");
    }

    @Test
    void aTimeoutIsA503WhoseOutcomeIsUnknownAndWhichSaysToRetryOnlyWithAnIdempotencyKey() {
        assertRefusal(new TimeoutException("Expiring 1 record(s) for tally-increments-0"), "outcome_unknown",
                "retry only with an Idempotency-Key");
    }

    @Test
    void anyOtherKafkaFailureIsA503NotA500() {
        assertRefusal(new KafkaException("broker went away"), "kafka_unavailable", "broker went away");
    }

    @Test
    void aClosedProducerIsA503() {
        MockProducer<String, String> producer = producer(true);
        producer.sendException = new IllegalStateException("Cannot perform operation after producer has been closed");
        JavalinTest.test(app(producer), (server, client) -> {
            var response = client.post("/counter/a/increment");
            assertThat(response.code()).isEqualTo(503);
            assertThat(json(response.body().string()).get("error").asText()).isEqualTo("kafka_unavailable");
        });
    }

    private static void assertRefusal(RuntimeException failure, String error, String messagePart) {
        MockProducer<String, String> producer = producer(false);
        JavalinTest.test(app(producer), (server, client) -> {
            CompletableFuture<io.javalin.testtools.Response> pending =
                    CompletableFuture.supplyAsync(() -> client.post("/counter/a/increment"));
            waitUntil(() -> producer.history().size() == 1);

            assertThat(producer.errorNext(failure)).isTrue();
            var response = pending.get(5, TimeUnit.SECONDS);
            assertThat(response.code()).isEqualTo(503);
            JsonNode body = json(response.body().string());
            assertThat(body.get("error").asText()).isEqualTo(error);
            assertThat(body.get("message").asText()).contains(messagePart);
        });
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 5 s for a condition").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
