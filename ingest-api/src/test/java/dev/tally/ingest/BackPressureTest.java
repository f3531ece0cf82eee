package dev.tally.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.domain.Json;
import dev.tally.domain.Topics;
import dev.tally.server.Env;
import dev.tally.server.http.JsonErrors;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class BackPressureTest {

    private final MockProducer<String, String> producer =
            new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
    private final FixedBacklog backlog = FixedBacklog.empty();

    private IngestApi api(Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("BOOTSTRAP_SERVERS", "unused:9092");
        return new IngestApi(new IncrementLog(producer, Duration.ofSeconds(1)), IngestConfig.fromEnv(new Env(all)), backlog);
    }

    /** An API whose last reading of Kafka found {@code backlog} increments waiting in the main queue. */
    private IngestApi apiWithMainBacklog(long backlog, Map<String, String> env) {
        IngestApi api = api(env);
        this.backlog.set(IngestQueue.MAIN, backlog);
        api.cluster().poll();
        return api;
    }

    private static Javalin app(IngestApi api) {
        return Javalin.create(config -> {
            api.addRoutes(config.routes);
            JsonErrors.install(config.routes);
        });
    }

    @Test
    void aKeyOverTheThresholdSpillsToTheExcessQueueUnderASaltedKey() {
        IngestApi api = api(Map.of("EXCESS_THRESHOLD", "3", "EXCESS_SALTS", "4"));
        JavalinTest.test(app(api), (server, client) -> {
            for (int i = 0; i < 3; i++) {
                assertThat(json(client.post("/counter/hotkey/increment").body().string()).get("queue").asText()).isEqualTo("main");
            }
            client.post("/counter/chill/increment");
            var spilled = client.post("/counter/hotkey/increment");

            assertThat(spilled.code()).isEqualTo(202);
            JsonNode body = json(spilled.body().string());
            assertThat(body.get("queue").asText()).isEqualTo("excess");
            assertThat(body.get("topic").asText()).isEqualTo(Topics.EXCESS);
            // Its token waits for the merge of its excess partition, not for the main partition.
            assertThat(body.get("token").asText()).startsWith("x-" + body.get("partition").asInt() + "-");
            assertThat(producer.history()).last().satisfies(record -> {
                assertThat(record.topic()).isEqualTo(Topics.EXCESS);
                assertThat(record.key()).matches("hotkey#[0-3]");
                assertThat(record.value()).isEqualTo("1");
            });
            assertThat(producer.history()).filteredOn(r -> r.key().equals("chill")).singleElement()
                    .satisfies(r -> assertThat(r.topic()).isEqualTo(Topics.INCREMENTS));
            assertThat(api.status().hotKeys()).singleElement().satisfies(hot -> {
                assertThat(hot.key()).isEqualTo("hotkey");
                assertThat(hot.spilledToExcess()).isEqualTo(1);
            });
        });
    }

    @Test
    void aFullQueueAnswers429NamingTheQueueAndWritesNothing() {
        IngestApi api = apiWithMainBacklog(100, Map.of("MAX_QUEUE_SIZE", "100"));
        JavalinTest.test(app(api), (server, client) -> {
            var response = client.post("/counter/foo/increment");

            assertThat(response.code()).isEqualTo(429);
            assertThat(response.headers().get("Retry-After")).containsExactly("1");
            JsonNode body = json(response.body().string());
            assertThat(body.get("error").asText()).isEqualTo("queue_full");
            assertThat(body.get("details").get("queue").asText()).isEqualTo("main");
            assertThat(body.get("details").get("limit").asLong()).isEqualTo(100);
            assertThat(producer.history()).isEmpty();
            assertThat(api.status().queues().get(0).rejected()).isEqualTo(1);
        });
    }

    @Test
    void writesStillInFlightCountAgainstTheLimit() {
        MockProducer<String, String> slow = new MockProducer<>(false, null, new StringSerializer(), new StringSerializer());
        IngestApi api = new IngestApi(new IncrementLog(slow, Duration.ofSeconds(1)),
                IngestConfig.fromEnv(new Env(Map.of("MAX_QUEUE_SIZE", "1"))), backlog);
        JavalinTest.test(app(api), (server, client) -> {
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> client.post("/counter/a/increment").code());
            while (slow.history().isEmpty()) {
                Thread.sleep(5);
            }
            assertThat(client.post("/counter/b/increment").code()).as("while the first is in flight").isEqualTo(429);

            slow.completeNext();
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(202);
            // Acknowledged and not yet seen applied by a backlog reading: the queue is still full.
            assertThat(client.post("/counter/c/increment").code()).isEqualTo(429);
            backlog.set(IngestQueue.MAIN, 0);
            api.cluster().poll();
            CompletableFuture<Integer> later = CompletableFuture.supplyAsync(() -> client.post("/counter/d/increment").code());
            while (slow.history().size() < 2) {
                Thread.sleep(5);
            }
            slow.completeNext();
            assertThat(later.get(5, TimeUnit.SECONDS)).isEqualTo(202);
        });
    }

    @Test
    void aFailedWriteGivesItsPlaceBack() {
        IngestApi api = api(Map.of("MAX_QUEUE_SIZE", "1"));
        producer.sendException = new TimeoutException("no leader");
        JavalinTest.test(app(api), (server, client) -> {
            assertThat(client.post("/counter/a/increment").code()).isEqualTo(503);
            producer.sendException = null;
            assertThat(api.gate().backlog(IngestQueue.MAIN)).isZero();
            assertThat(client.post("/counter/a/increment").code()).isEqualTo(202);
        });
    }

    @Test
    void aClientOverItsRateIsAnswered429WhileOthersGoOn() {
        IngestApi api = api(Map.of("RATE_LIMIT_PER_CLIENT", "2"));
        JavalinTest.test(app(api), (server, client) -> {
            for (int i = 0; i < 2; i++) {
                assertThat(client.post("/counter/x/increment", null, r -> r.header("X-Client-Id", "greedy")).code()).isEqualTo(202);
            }
            var limited = client.post("/counter/x/increment", null, r -> r.header("X-Client-Id", "greedy"));
            assertThat(limited.code()).isEqualTo(429);
            assertThat(limited.headers().get("Retry-After")).isNotEmpty();
            assertThat(json(limited.body().string()).get("error").asText()).isEqualTo("rate_limited");

            assertThat(client.post("/counter/x/increment", null, r -> r.header("X-Client-Id", "polite")).code()).isEqualTo(202);
            assertThat(api.status().rateLimit().rejected()).isEqualTo(1);
        });
    }

    @Test
    void aBatchMeetingAFullMainQueueIsRefusedBeforeItsItemsAreRead() {
        IngestApi api = apiWithMainBacklog(10, Map.of("MAX_QUEUE_SIZE", "10"));
        JavalinTest.test(app(api), (server, client) -> {
            // Not even valid JSON: a 400 would mean the items were parsed before the queue was looked at.
            var refused = client.post("/counters/increments", "[{\"key\":");

            assertThat(refused.code()).isEqualTo(429);
            assertThat(json(refused.body().string()).get("details").get("queue").asText()).isEqualTo("main");
        });
    }

    @Test
    void incrementsRefusedByAFullQueueDoNotMakeTheirKeyHot() {
        IngestApi api = apiWithMainBacklog(10, Map.of("MAX_QUEUE_SIZE", "10", "EXCESS_THRESHOLD", "3"));
        JavalinTest.test(app(api), (server, client) -> {
            // A client retrying into the full queue: had its refusals counted, the key would be hot
            // by the fourth try, and that try accepted through the excess queue past the full one.
            for (int i = 0; i < 5; i++) {
                assertThat(client.post("/counter/retried/increment").code()).as("try %d", i + 1).isEqualTo(429);
            }
            backlog.set(IngestQueue.MAIN, 0);
            api.cluster().poll();

            assertThat(json(client.post("/counter/retried/increment").body().string()).get("queue").asText()).isEqualTo("main");
            assertThat(api.status().hotKeys()).isEmpty();
        });
    }

    @Test
    void aBatchRefusedForWantOfRoomDoesNotMakeItsKeysHot() {
        IngestApi api = apiWithMainBacklog(9, Map.of("MAX_QUEUE_SIZE", "10", "EXCESS_THRESHOLD", "3"));
        String fiveOfOneKey = "[" + String.join(",", Collections.nCopies(5, "{\"key\":\"retried\"}")) + "]";
        JavalinTest.test(app(api), (server, client) -> {
            // Three of its items need the main queue, which has room for one, so it is refused whole.
            assertThat(client.post("/counters/increments", fiveOfOneKey).code()).isEqualTo(429);
            // Counted, the first try's five would have made every item of the second hot, bound for
            // the excess queue, which has room.
            assertThat(client.post("/counters/increments", fiveOfOneKey).code()).isEqualTo(429);

            assertThat(api.status().hotKeys()).isEmpty();
            assertThat(producer.history()).isEmpty();
        });
    }

    private static JsonNode json(String body) throws Exception {
        return Json.MAPPER.readTree(body);
    }
}
