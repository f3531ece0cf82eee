package dev.tally.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.domain.IncrementHeaders;
import dev.tally.domain.Json;
import dev.tally.domain.Topics;
import dev.tally.domain.wire.IdempotentWrite;
import dev.tally.query.IdempotentWrites;
import dev.tally.server.ConsistencyMetrics;
import dev.tally.server.Env;
import dev.tally.server.http.JsonErrors;
import io.javalin.Javalin;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class BatchIngestTest {

    private final MockProducer<String, String> producer =
            new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
    private final FixedBacklog backlog = FixedBacklog.empty();

    private IngestApi api(MockProducer<String, String> producer, Map<String, String> env, IdempotentWrites idempotency) {
        Map<String, String> all = new HashMap<>(env);
        all.put("BOOTSTRAP_SERVERS", "unused:9092");
        return new IngestApi(new IncrementLog(producer, Duration.ofSeconds(1)), IngestConfig.fromEnv(new Env(all)), backlog,
                new dev.tally.server.ConsistencyMetrics(), idempotency);
    }

    private IngestApi api(Map<String, String> env) {
        return api(producer, env, IdempotentWrites.NONE);
    }

    private static Javalin app(IngestApi api) {
        return Javalin.create(config -> {
            api.addRoutes(config.routes);
            JsonErrors.install(config.routes);
        });
    }

    private static Response postJson(HttpClient client, String body) {
        return client.post("/counters/increments", body);
    }

    private static JsonNode json(Response response) throws Exception {
        return Json.MAPPER.readTree(response.body().string());
    }

    @Test
    void everyValidItemIsWrittenAndAnsweredLikeTheSingleEndpointWithInvalidItemsListedByIndex() {
        JavalinTest.test(app(api(Map.of())), (server, client) -> {
            Response response = postJson(client, """
                    [{"key":"a","by":2}, {"key":"b"}, {"key":"","by":1}, {"key":"c","by":0},
                     {"key":"d","by":"-7"}, {"key":"e","bye":3}, 42, {"key":"f","by":1.5}]""");

            assertThat(response.code()).isEqualTo(202);
            JsonNode body = json(response);
            assertThat(body.get("accepted").asInt()).isEqualTo(3);
            assertThat(body.get("rejected").asInt()).isEqualTo(5);
            JsonNode results = body.get("results");
            assertThat(results).hasSize(8);
            assertThat(results.get(0).get("key").asText()).isEqualTo("a");
            assertThat(results.get(0).get("by").asLong()).isEqualTo(2);
            assertThat(results.get(0).get("queue").asText()).isEqualTo("main");
            assertThat(results.get(0).get("topic").asText()).isEqualTo(Topics.INCREMENTS);
            assertThat(results.get(0).has("partition")).isTrue();
            assertThat(results.get(1).get("by").asLong()).isEqualTo(1);
            assertThat(results.get(4).get("by").asLong()).isEqualTo(-7);
            assertItemError(results.get(2), 2, "invalid_key", 400);
            assertItemError(results.get(3), 3, "invalid_by", 400);
            assertItemError(results.get(5), 5, "invalid_item", 400);
            assertItemError(results.get(6), 6, "invalid_item", 400);
            assertItemError(results.get(7), 7, "invalid_by", 400);
            assertThat(producer.history()).extracting(r -> r.key() + "=" + r.value()).containsExactly("a=2", "b=1", "d=-7");
        });
    }

    @Test
    void ndjsonIsOneItemPerLineAndABrokenLineIsOnlyThatItemsError() {
        JavalinTest.test(app(api(Map.of())), (server, client) -> {
            // Built by hand: the test client's post(path, body) would add its own Content-Type: application/json.
            Response response = client.request("/counters/increments", r -> r
                    .post(java.net.http.HttpRequest.BodyPublishers.ofString("{\"key\":\"x\",\"by\":5}\n{not json\n\n{\"key\":\"y\"}\n"))
                    .header("Content-Type", "application/x-ndjson"));

            assertThat(response.code()).isEqualTo(202);
            JsonNode body = json(response);
            assertThat(body.get("accepted").asInt()).isEqualTo(2);
            assertItemError(body.get("results").get(1), 1, "invalid_item", 400);
            assertThat(body.get("results").get(2).get("key").asText()).isEqualTo("y");
            assertThat(producer.history()).extracting(r -> r.key() + "=" + r.value()).containsExactly("x=5", "y=1");
        });
    }

    @Test
    void anNdjsonLineWithTwoObjectsIsThatLinesErrorAndNeitherObjectIsWritten() {
        JavalinTest.test(app(api(Map.of())), (server, client) -> {
            Response response = client.request("/counters/increments", r -> r
                    .post(java.net.http.HttpRequest.BodyPublishers.ofString("{\"key\":\"a\"}{\"key\":\"b\"}\n{\"key\":\"c\"}\n"))
                    .header("Content-Type", "application/x-ndjson"));

            assertThat(response.code()).isEqualTo(202);
            JsonNode body = json(response);
            assertThat(body.get("accepted").asInt()).isEqualTo(1);
            assertItemError(body.get("results").get(0), 0, "invalid_item", 400);
            assertThat(producer.history()).extracting(r -> r.key()).containsExactly("c");
        });
    }

    @Test
    void anEmptyOrMalformedBodyIsA400AndWritesNothing() {
        JavalinTest.test(app(api(Map.of())), (server, client) -> {
            assertThat(json(postJson(client, "")).get("error").asText()).isEqualTo("empty_batch");
            assertThat(json(postJson(client, "[]")).get("error").asText()).isEqualTo("empty_batch");
            assertThat(json(postJson(client, "{\"key\":\"a\"}")).get("error").asText()).isEqualTo("invalid_body");
            Response broken = postJson(client, "[{\"key\":\"a\"},");
            assertThat(broken.code()).isEqualTo(400);
            assertThat(json(broken).get("error").asText()).isEqualTo("invalid_body");
            assertThat(producer.history()).isEmpty();
        });
    }

    @Test
    void aBatchOfOnlyBadItemsIsA400ListingEachError() {
        JavalinTest.test(app(api(Map.of())), (server, client) -> {
            Response response = postJson(client, "[{\"key\":\"a\",\"by\":0},{\"by\":1}]");

            assertThat(response.code()).isEqualTo(400);
            JsonNode body = json(response);
            assertThat(body.get("error").asText()).isEqualTo("invalid_items");
            assertItemError(body.get("details").get("results").get(0), 0, "invalid_by", 400);
            assertItemError(body.get("details").get("results").get(1), 1, "invalid_key", 400);
            assertThat(producer.history()).isEmpty();
        });
    }

    @Test
    void tooManyItemsOrBytesIsA413BeforeAnythingIsWritten() {
        JavalinTest.test(app(api(Map.of("BATCH_MAX_ITEMS", "3", "BATCH_MAX_BYTES", "2048"))), (server, client) -> {
            Response many = postJson(client, items(4));
            assertThat(many.code()).isEqualTo(413);
            assertThat(json(many).get("error").asText()).isEqualTo("too_many_items");

            Response large = postJson(client, "[{\"key\":\"" + "k".repeat(3000) + "\"}]");
            assertThat(large.code()).isEqualTo(413);
            assertThat(json(large).get("error").asText()).isEqualTo("payload_too_large");

            assertThat(postJson(client, items(3)).code()).isEqualTo(202);
            assertThat(producer.history()).hasSize(3);
        });
    }

    @Test
    void aBatchIsAdmittedWholeOrRefused429WithNothingWritten() {
        IngestApi api = api(Map.of("MAX_QUEUE_SIZE", "10"));
        backlog.set(IngestQueue.MAIN, 8);
        api.cluster().poll();
        JavalinTest.test(app(api), (server, client) -> {
            Response refused = postJson(client, items(3));

            assertThat(refused.code()).isEqualTo(429);
            assertThat(refused.headers().get("Retry-After")).containsExactly("1");
            JsonNode body = json(refused);
            assertThat(body.get("error").asText()).isEqualTo("queue_full");
            assertThat(body.get("details").get("queue").asText()).isEqualTo("main");
            assertThat(producer.history()).isEmpty();
            assertThat(api.gate().backlog(IngestQueue.MAIN)).as("the refused batch holds no places").isEqualTo(8);

            assertThat(postJson(client, items(2)).code()).isEqualTo(202);
            assertThat(producer.history()).hasSize(2);
        });
    }

    @Test
    void aBatchLargerThanAWholeQueueIsA413NotARetryableRefusal() {
        JavalinTest.test(app(api(Map.of("MAX_QUEUE_SIZE", "2"))), (server, client) -> {
            Response response = postJson(client, items(3));
            assertThat(response.code()).isEqualTo(413);
            assertThat(json(response).get("error").asText()).isEqualTo("batch_too_large");
        });
    }

    @Test
    void hotKeysInABatchSpillToTheExcessQueueItemByItem() {
        JavalinTest.test(app(api(Map.of("EXCESS_THRESHOLD", "2", "EXCESS_SALTS", "4"))), (server, client) -> {
            JsonNode results = json(postJson(client, "[{\"key\":\"h\"},{\"key\":\"h\"},{\"key\":\"h\"},{\"key\":\"cold\"}]")).get("results");

            assertThat(results.findValuesAsText("queue")).containsExactly("main", "main", "excess", "main");
            assertThat(producer.history().get(2).topic()).isEqualTo(Topics.EXCESS);
            assertThat(producer.history().get(2).key()).matches("h#[0-3]");
        });
    }

    @Test
    void theAnswerWaitsForEveryAcknowledgementAndAKafkaFailureIsThatItemsRetryable503() {
        MockProducer<String, String> slow = new MockProducer<>(false, null, new StringSerializer(), new StringSerializer());
        IngestApi api = api(slow, Map.of("MAX_QUEUE_SIZE", "3"), IdempotentWrites.NONE);
        JavalinTest.test(app(api), (server, client) -> {
            CompletableFuture<Response> pending = CompletableFuture.supplyAsync(() -> postJson(client, items(3)));
            waitUntil(() -> slow.history().size() == 3);
            slow.completeNext();
            slow.errorNext(new TimeoutException("Expiring 1 record(s)"));
            Thread.sleep(200);
            assertThat(pending).as("one item still unacknowledged").isNotDone();

            slow.completeNext();
            Response response = pending.get(5, TimeUnit.SECONDS);
            assertThat(response.code()).isEqualTo(207);
            JsonNode body = json(response);
            assertThat(body.get("accepted").asInt()).isEqualTo(2);
            assertThat(body.get("rejected").asInt()).isEqualTo(1);
            assertItemError(body.get("results").get(1), 1, "outcome_unknown", 503);
            assertThat(api.gate().backlog(IngestQueue.MAIN)).as("acknowledged ones stay, the failed one gave its place back").isEqualTo(2);
        });
    }

    @Test
    void aBatchNoneOfWhichKafkaTookIsA503() {
        producer.sendException = new TimeoutException("no leader");
        JavalinTest.test(app(api(Map.of())), (server, client) -> {
            Response response = postJson(client, items(2));
            assertThat(response.code()).isEqualTo(503);
            JsonNode body = json(response);
            assertThat(body.get("error").asText()).isEqualTo("batch_not_written");
            assertItemError(body.get("details").get("results").get(0), 0, "outcome_unknown", 503);
        });
    }

    @Test
    void itemIdempotencyKeysTravelAsTheHeaderAndAKnownOneIsAnsweredWithTheOriginalWrite() {
        IdempotentWrites known = (idem, key) -> idem.equals("order-1") && key.equals("paid")
                ? Optional.of(new IdempotentWrite("order-1", "paid", 5, Topics.INCREMENTS, 3, 41)) : Optional.empty();
        JavalinTest.test(app(api(producer, Map.of(), known)), (server, client) -> {
            Response response = postJson(client, """
                    [{"key":"paid","by":5,"idempotencyKey":"order-1"}, {"key":"paid","by":5,"idempotencyKey":"order-2"},
                     {"key":"paid","idempotencyKey":""}]""");

            assertThat(response.code()).isEqualTo(202);
            JsonNode body = json(response);
            assertThat(body.get("replayed").asInt()).isEqualTo(1);
            assertThat(body.get("results").get(0).get("offset").asLong()).isEqualTo(41);
            assertThat(body.get("results").get(0).get("partition").asInt()).isEqualTo(3);
            assertItemError(body.get("results").get(2), 2, "invalid_idempotency_key", 400);
            assertThat(producer.history()).singleElement().satisfies(record -> assertThat(
                    new String(record.headers().lastHeader(IncrementHeaders.IDEMPOTENCY_KEY).value(), StandardCharsets.UTF_8))
                    .isEqualTo("order-2"));
        });
    }

    @Test
    void anIdempotencyKeyReusedWithAnotherCounterOrByIsThatItemsError422() {
        IdempotentWrites known = (idem, key) -> idem.equals("order-1") && key.equals("paid")
                ? Optional.of(new IdempotentWrite("order-1", "paid", 5, Topics.INCREMENTS, 3, 41)) : Optional.empty();
        JavalinTest.test(app(api(producer, Map.of(), known)), (server, client) -> {
            Response response = postJson(client, """
                    [{"key":"paid","by":6,"idempotencyKey":"order-1"},
                     {"key":"a","by":1,"idempotencyKey":"n-1"}, {"key":"b","by":1,"idempotencyKey":"n-1"},
                     {"key":"a","by":2,"idempotencyKey":"n-1"}, {"key":"a","by":1,"idempotencyKey":"n-1"}]""");

            assertThat(response.code()).isEqualTo(202);
            JsonNode results = json(response).get("results");
            assertItemError(results.get(0), 0, "idempotency_key_reused", 422);
            assertItemError(results.get(2), 2, "idempotency_key_reused", 422);
            assertItemError(results.get(3), 3, "idempotency_key_reused", 422);
            // The same item twice is a retry within the batch: written, and counted once by the processor.
            assertThat(producer.history()).extracting(r -> r.key() + "=" + r.value()).containsExactly("a=1", "a=1");
        });
    }

    @Test
    void theConsistencyParameterAppliesToTheWholeBatch() {
        JavalinTest.test(app(api(Map.of())), (server, client) -> {
            Response response = client.post("/counters/increments?consistency=sometimes", items(1));
            assertThat(response.code()).isEqualTo(400);
            assertThat(json(response).get("error").asText()).isEqualTo("invalid_consistency");
        });
    }

    @Test
    void theCeilingEndpointExistsOnlyWithBenchEndpointsAndNeverWrites() {
        JavalinTest.test(app(api(Map.of())), (server, client) ->
                assertThat(client.post("/ceiling/counter/a/increment").code()).isEqualTo(404));
        IngestApi bench = api(Map.of("BENCH_ENDPOINTS", "true"));
        JavalinTest.test(app(bench), (server, client) -> {
            Response response = client.post("/ceiling/counter/a/increment?by=3");
            assertThat(response.code()).isEqualTo(202);
            JsonNode body = json(response);
            assertThat(body.get("key").asText()).isEqualTo("a");
            assertThat(body.get("by").asLong()).isEqualTo(3);
            assertThat(body.get("queue").asText()).isEqualTo("main");
            assertThat(client.post("/ceiling/counter/a/increment?by=0").code()).isEqualTo(400);
            assertThat(producer.history()).isEmpty();
            assertThat(bench.gate().backlog(IngestQueue.MAIN)).isZero();
        });
    }

    private static String items(int n) {
        return IntStream.range(0, n).mapToObj(i -> "{\"key\":\"k" + i + "\"}").collect(Collectors.joining(",", "[", "]"));
    }

    private static void assertItemError(JsonNode item, int index, String code, int status) {
        assertThat(item.get("index").asInt()).isEqualTo(index);
        assertThat(item.get("error").get("code").asText()).isEqualTo(code);
        assertThat(item.get("error").get("status").asInt()).isEqualTo(status);
        assertThat(item.get("error").get("message").asText()).isNotBlank();
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 5 s for a condition").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
