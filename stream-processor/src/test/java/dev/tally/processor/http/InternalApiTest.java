package dev.tally.processor.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.domain.Json;
import dev.tally.domain.wire.IdempotentWrite;
import dev.tally.domain.wire.LocalCount;
import dev.tally.domain.wire.LocalDump;
import dev.tally.domain.wire.ProcessorHealth;
import dev.tally.domain.wire.ProcessorStats;
import dev.tally.domain.wire.RoutingSnapshot;
import dev.tally.processor.ProcessorMetrics;
import dev.tally.processor.StoreLagGaugeAccess;
import dev.tally.server.http.ApiException;
import dev.tally.server.metrics.ProcessMeters;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class InternalApiTest {

    private final StubQueries queries = new StubQueries();
    private final PrometheusMeterRegistry registry = ProcessMeters.create("processor", "processor", "processor-1");
    private final ProcessorMetrics metrics = new ProcessorMetrics(registry);
    private final Map<Integer, Long> storeLags = new TreeMap<>(Map.of(2, 0L, 5, 7L));

    private Javalin app() {
        return InternalApi.create(queries, () -> metrics.snapshot("processor-1", 10, storeLags), registry,
                () -> storeLagGauge.run(), "127.0.0.1", 0);
    }

    private final Runnable storeLagGauge = StoreLagGaugeAccess.of(registry, () -> storeLags);

    @Test
    void withTheStackSecretEveryInternalRouteButHealthNeedsIt() {
        Javalin guarded = InternalApi.create(queries, () -> metrics.snapshot("processor-1", 10, new java.util.TreeMap<>()),
                registry, () -> storeLagGauge.run(), "127.0.0.1", 0,
                dev.tally.server.http.BearerAuth.of("stack-secret", "INTERNAL_SECRET"));
        JavalinTest.test(guarded, (server, client) -> {
            queries.state = "RUNNING";
            assertThat(client.get("/internal/health").code()).isEqualTo(200);
            assertThat(client.get("/health/live").code()).isEqualTo(200);
            assertThat(client.get("/metrics").code()).isEqualTo(200);
            for (String path : new String[] {"/internal/counter/a", "/internal/dump", "/internal/routing", "/internal/stats",
                    "/internal/idempotency/i?key=a"}) {
                var refused = client.get(path);
                assertThat(refused.code()).as(path).isEqualTo(401);
                assertThat(refused.body().string()).contains("\"error\":\"unauthorized\"");
            }
            assertThat(client.get("/internal/stats", r -> r.header("Authorization", "Bearer stack-secret")).code()).isEqualTo(200);
        });
    }

    @Test
    void healthIs200WhenRunningAnd503OtherwiseWithTheSameBody() {
        JavalinTest.test(app(), (server, client) -> {
            queries.state = "RUNNING";
            var running = client.get("/internal/health");
            assertThat(running.code()).isEqualTo(200);
            assertThat(read(running.body().string(), ProcessorHealth.class))
                    .isEqualTo(new ProcessorHealth("processor-1", "RUNNING"));

            queries.state = "REBALANCING";
            var rebalancing = client.get("/internal/health");
            assertThat(rebalancing.code()).isEqualTo(503);
            assertThat(read(rebalancing.body().string(), ProcessorHealth.class))
                    .isEqualTo(new ProcessorHealth("processor-1", "REBALANCING"));
        });
    }

    @Test
    void aCounterIsAnsweredAsLocalCountJson() {
        JavalinTest.test(app(), (server, client) -> {
            var response = client.get("/internal/counter/page%20views");
            assertThat(response.code()).isEqualTo(200);
            JsonNode body = Json.MAPPER.readTree(response.body().string());
            assertThat(body.get("key").asText()).isEqualTo("page views");
            assertThat(body.get("value").asLong()).isEqualTo(42L);
            assertThat(body.get("partition").asInt()).isEqualTo(4);
            assertThat(body.get("role").asText()).isEqualTo("standby");
            assertThat(body.get("instance").asText()).isEqualTo("processor-1");
            assertThat(body.get("lag").asLong()).isEqualTo(7L);
            assertThat(queries.lookedUp).containsExactly("page views");
        });
    }

    @Test
    void severalCountersInOneCallAreAnsweredInTheirOrder() {
        JavalinTest.test(app(), (server, client) -> {
            var response = client.post("/internal/counters", "{\"keys\":[\"b\",\"a b\",\"b\"]}");
            assertThat(response.code()).isEqualTo(200);
            JsonNode counts = Json.MAPPER.readTree(response.body().string()).get("counts");
            assertThat(counts).extracting(count -> count.get("key").asText()).containsExactly("b", "a b", "b");
            assertThat(counts).allSatisfy(count -> assertThat(count.get("role").asText()).isEqualTo("standby"));
            assertThat(queries.lookedUp).containsExactly("b", "a b", "b");
        });
    }

    @Test
    void aBadListOfKeysIsA400BeforeTheStoreIsAsked() {
        JavalinTest.test(app(), (server, client) -> {
            assertThat(errorOf(client.post("/internal/counters", "{\"keys\":[\"a\",\"\"]}"))).isEqualTo("invalid_key");
            assertThat(errorOf(client.post("/internal/counters", "[\"a\"]"))).isEqualTo("invalid_body");
            assertThat(errorOf(client.post("/internal/counters", "{}"))).isEqualTo("invalid_body");
            String many = "{\"keys\":[" + "\"k\",".repeat(InternalApi.MAX_KEYS) + "\"k\"]}";
            assertThat(errorOf(client.post("/internal/counters", many))).isEqualTo("too_many_keys");
            assertThat(queries.lookedUp).isEmpty();
        });
    }

    private static String errorOf(io.javalin.testtools.Response response) throws Exception {
        assertThat(response.code()).isEqualTo(400);
        return Json.MAPPER.readTree(response.body().string()).get("error").asText();
    }

    @Test
    void aBadKeyIsA400BeforeTheStoreIsAsked() {
        JavalinTest.test(app(), (server, client) -> {
            var tooLong = client.get("/internal/counter/" + "k".repeat(300));
            assertThat(tooLong.code()).isEqualTo(400);
            assertThat(tooLong.body().string()).contains("\"error\":\"invalid_key\"").contains("300 UTF-8 bytes");

            var control = client.get("/internal/counter/a%0Ab");
            assertThat(control.code()).isEqualTo(400);
            assertThat(control.body().string()).contains("\"error\":\"invalid_key\"").contains("control character");

            assertThat(queries.lookedUp).isEmpty();
        });
    }

    @Test
    void aRefusalFromTheStorePassesThroughWithItsStatus() {
        JavalinTest.test(app(), (server, client) -> {
            queries.refusal = new ApiException(409, "not_hosted", "partition 4 is not hosted by processor-1");
            var notHosted = client.get("/internal/counter/x");
            assertThat(notHosted.code()).isEqualTo(409);
            assertThat(notHosted.body().string())
                    .isEqualTo("{\"error\":\"not_hosted\",\"message\":\"partition 4 is not hosted by processor-1\"}");

            queries.refusal = ApiException.unavailable("store_unavailable", "restoring");
            var unavailable = client.get("/internal/counter/x");
            assertThat(unavailable.code()).isEqualTo(503);
            assertThat(unavailable.body().string()).contains("\"error\":\"store_unavailable\"");
        });
    }

    @Test
    void aRememberedIdempotencyKeyIsAnsweredAsIdempotentWriteJson() {
        IdempotentWrite write = new IdempotentWrite("retry 1", "page views", 5, "tally-increments", 4, 17);
        queries.idempotent.put("page views|retry 1", write);
        JavalinTest.test(app(), (server, client) -> {
            var response = client.get("/internal/idempotency/retry%201?key=page%20views");
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string()).isEqualTo("{\"idempotencyKey\":\"retry 1\",\"key\":\"page views\","
                    + "\"by\":5,\"topic\":\"tally-increments\",\"partition\":4,\"offset\":17,\"reset\":false}");
            assertThat(queries.idempotencyAsked).containsExactly("page views|retry 1");
        });
    }

    @Test
    void anIdempotencyKeyNotSeenIsA404NotSeen() {
        JavalinTest.test(app(), (server, client) -> {
            var response = client.get("/internal/idempotency/retry-1?key=apples");
            assertThat(response.code()).isEqualTo(404);
            JsonNode body = Json.MAPPER.readTree(response.body().string());
            assertThat(body.get("error").asText()).isEqualTo("not_seen");
            assertThat(body.get("message").asText()).isNotBlank();
        });
    }

    @Test
    void anIdempotencyKeyAStandbyHasNotSeenIsA404NotSeenYetBecauseTheStandbyMayLag() {
        queries.idempotencyRole = LocalCount.STANDBY;
        JavalinTest.test(app(), (server, client) -> {
            var response = client.get("/internal/idempotency/retry-1?key=apples");
            assertThat(response.code()).isEqualTo(404);
            JsonNode body = Json.MAPPER.readTree(response.body().string());
            assertThat(body.get("error").asText()).isEqualTo("not_seen_yet");
            assertThat(body.get("message").asText()).contains("ask the active copy");
        });
    }

    @Test
    void badKeysOfAnIdempotencyLookupAreA400BeforeTheStoreIsAsked() {
        JavalinTest.test(app(), (server, client) -> {
            var noCounter = client.get("/internal/idempotency/retry-1");
            assertThat(noCounter.code()).isEqualTo(400);
            assertThat(noCounter.body().string()).contains("\"error\":\"invalid_key\"").contains("the key is empty");

            var badCounter = client.get("/internal/idempotency/retry-1?key=a%0Ab");
            assertThat(badCounter.code()).isEqualTo(400);
            assertThat(badCounter.body().string()).contains("\"error\":\"invalid_key\"");

            var tooLong = client.get("/internal/idempotency/" + "i".repeat(201) + "?key=apples");
            assertThat(tooLong.code()).isEqualTo(400);
            assertThat(tooLong.body().string()).contains("\"error\":\"invalid_idempotency_key\"").contains("201 characters");

            var control = client.get("/internal/idempotency/a%09b?key=apples");
            assertThat(control.code()).isEqualTo(400);
            assertThat(control.body().string()).contains("\"error\":\"invalid_idempotency_key\"")
                    .contains("control character");

            assertThat(client.get("/internal/idempotency/" + "i".repeat(200) + "?key=apples").code()).isEqualTo(404);
            assertThat(queries.idempotencyAsked).containsExactly("apples|" + "i".repeat(200));
        });
    }

    @Test
    void anIdempotencyLookupPassesStoreRefusalsThroughLikeACounterLookup() {
        JavalinTest.test(app(), (server, client) -> {
            queries.refusal = new ApiException(409, "not_hosted", "partition 4 is not hosted by processor-1");
            var notHosted = client.get("/internal/idempotency/retry-1?key=apples");
            assertThat(notHosted.code()).isEqualTo(409);
            assertThat(notHosted.body().string()).contains("\"error\":\"not_hosted\"");

            queries.refusal = ApiException.unavailable("store_unavailable", "restoring");
            assertThat(client.get("/internal/idempotency/retry-1?key=apples").code()).isEqualTo(503);
        });
    }

    @Test
    void dumpReadsThePartitionsAskedForSortedWithoutRepeats() {
        JavalinTest.test(app(), (server, client) -> {
            var response = client.get("/internal/dump?partitions=3,%200,3");
            assertThat(response.code()).isEqualTo(200);
            assertThat(queries.dumped).containsExactly(List.of(0, 3));
            LocalDump dump = read(response.body().string(), LocalDump.class);
            assertThat(dump.instance()).isEqualTo("processor-1");
            assertThat(dump.partitions()).containsOnlyKeys(0, 3);
            assertThat(dump.partitions().get(3)).containsExactlyEntriesOf(Map.of("key-3", 3L));
        });
    }

    @Test
    void aPagedDumpAnswersEachPartitionsCountsAfterTheCursorUpToTheLimit() {
        JavalinTest.test(app(), (server, client) -> {
            LocalDump page = read(client.get("/internal/dump?partitions=3&after=key-2&limit=1").body().string(), LocalDump.class);
            assertThat(page.partitions().get(3)).containsExactlyEntriesOf(Map.of("key-3", 3L));
            LocalDump past = read(client.get("/internal/dump?partitions=3&after=key-3&limit=1").body().string(), LocalDump.class);
            assertThat(past.partitions().get(3)).isEmpty();
            var bad = client.get("/internal/dump?partitions=3&limit=0");
            assertThat(bad.code()).isEqualTo(400);
            assertThat(bad.body().string()).contains("invalid_limit");
        });
    }

    @Test
    void dumpWithoutPartitionsReadsThePartitionsActiveHere() {
        JavalinTest.test(app(), (server, client) -> {
            assertThat(client.get("/internal/dump").code()).isEqualTo(200);
            assertThat(client.get("/internal/dump?partitions=").code()).isEqualTo(200);
            assertThat(queries.dumped).containsExactly(List.of(1, 5), List.of(1, 5));
        });
    }

    @Test
    void aBadPartitionsParameterIsA400Json() {
        JavalinTest.test(app(), (server, client) -> {
            for (String bad : List.of("a", "1,,2", "-1", "1.5", "99999999999", "1,")) {
                var response = client.get("/internal/dump?partitions=" + bad);
                assertThat(response.code()).as(bad).isEqualTo(400);
                assertThat(response.body().string()).as(bad).contains("\"error\":\"invalid_partitions\"");
            }
            assertThat(queries.dumped).isEmpty();
        });
    }

    @Test
    void routingIsAnsweredAsRoutingSnapshotJson() {
        JavalinTest.test(app(), (server, client) -> {
            var response = client.get("/internal/routing");
            assertThat(response.code()).isEqualTo(200);
            assertThat(read(response.body().string(), RoutingSnapshot.class)).isEqualTo(queries.routing());
        });
    }

    @Test
    void statsAreTheCountersOfThisInstanceAtTheTimeOfTheRequest() {
        JavalinTest.test(app(), (server, client) -> {
            var before = client.get("/internal/stats");
            assertThat(before.code()).isEqualTo(200);
            assertThat(before.body().string()).isEqualTo("{\"instance\":\"processor-1\",\"applied\":0,\"merged\":0,"
                    + "\"deadLetters\":0,\"stale\":0,\"duplicates\":0,\"staleThresholdSec\":10,\"storeLag\":{\"2\":0,\"5\":7}}");

            metrics.countApplied();
            metrics.countApplied();
            metrics.countMerged();
            metrics.countDeadLetter(ProcessorMetrics.DeadLetterReason.OVERFLOW);
            metrics.countStale();
            metrics.countDuplicate();
            var after = client.get("/internal/stats");
            assertThat(read(after.body().string(), ProcessorStats.class))
                    .isEqualTo(new ProcessorStats("processor-1", 2, 1, 1, 1, 1, 10, Map.of(2, 0L, 5, 7L)));
        });
    }

    @Test
    void metricsExportTheSameCountersAndTheStoreLagOfThePartitionsHeldNow() {
        JavalinTest.test(app(), (server, client) -> {
            metrics.countApplied();
            metrics.countDeadLetter(ProcessorMetrics.DeadLetterReason.INVALID_RECORD);
            metrics.countDuplicate();
            String text = client.get("/metrics").body().string();
            String tags = "component=\"processor\",processor=\"processor-1\"";
            assertThat(text).contains("tally_processor_applied_total{" + tags + "} 1.0");
            assertThat(text).contains("tally_processor_dead_letters_total{" + tags + ",reason=\"invalid_record\"} 1.0");
            assertThat(text).contains("tally_processor_dead_letters_total{" + tags + ",reason=\"overflow\"} 0.0");
            assertThat(text).contains("tally_processor_duplicates_dropped_total{" + tags + "} 1.0");
            assertThat(text).contains("tally_processor_stale_total{" + tags + "} 0.0");
            assertThat(text).contains("tally_processor_store_lag{component=\"processor\",partition=\"5\",processor=\"processor-1\"} 7.0");

            storeLags.remove(5);
            storeLags.put(1, 3L);
            storeLags.put(2, 4L);
            String later = client.get("/metrics").body().string();
            assertThat(later).contains("tally_processor_store_lag{component=\"processor\",partition=\"1\",processor=\"processor-1\"} 3.0");
            assertThat(later).contains("tally_processor_store_lag{component=\"processor\",partition=\"2\",processor=\"processor-1\"} 4.0");
            assertThat(later).doesNotContain("partition=\"5\"");
            assertThat(later).contains("http_server_requests_seconds_count{" + tags.replace(",processor", ",method=\"GET\",processor")
                    + ",route=\"/metrics\",status=\"200\"} 1");
        });
    }

    @Test
    void liveWhileRunningOrRebalancingReadyOnlyWhenRunningWithItsActiveStoresRestored() {
        JavalinTest.test(app(), (server, client) -> {
            assertThat(client.get("/health/live").code()).isEqualTo(200);
            var ready = client.get("/health/ready");
            assertThat(ready.code()).isEqualTo(200);
            assertThat(ready.body().string()).contains("\"status\":\"ready\"");

            // The standby copy of 4 being behind does not matter; an active copy restoring does.
            queries.storeLags.put(5, 12L);
            var restoring = client.get("/health/ready");
            assertThat(restoring.code()).isEqualTo(503);
            assertThat(restoring.body().string()).contains("\"error\":\"not_ready\"").contains("\"restoring\":[5]");
            queries.storeLags.remove(5);
            assertThat(client.get("/health/ready").code()).isEqualTo(503);
            queries.storeLags.put(5, 0L);
            assertThat(client.get("/health/ready").code()).isEqualTo(200);

            queries.state = "REBALANCING";
            assertThat(client.get("/health/live").code()).isEqualTo(200);
            assertThat(client.get("/health/ready").code()).isEqualTo(503);
            queries.state = "PENDING_ERROR";
            var dead = client.get("/health/live");
            assertThat(dead.code()).isEqualTo(503);
            assertThat(dead.body().string()).contains("\"error\":\"not_live\"").contains("PENDING_ERROR");
        });
    }

    @Test
    void anUnknownPathIsAJson404() {
        JavalinTest.test(app(), (server, client) -> {
            var response = client.get("/internal/nothing");
            assertThat(response.code()).isEqualTo(404);
            assertThat(response.body().string()).contains("\"error\":\"not_found\"");
        });
    }

    private static <T> T read(String json, Class<T> type) throws Exception {
        return Json.MAPPER.readValue(json, type);
    }
}
