package dev.tally.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.Consistency;
import dev.tally.domain.WriteToken;
import dev.tally.domain.wire.LocalCount;
import dev.tally.server.ConsistencyMetrics;
import dev.tally.server.http.ApiException;
import dev.tally.server.http.JsonErrors;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QueryApiTest {

    /** Answers from a map; "down" keys fail like a partition without any live copy. */
    private static final class StubReader implements CounterReader {
        final Map<String, Long> counts = new HashMap<>();
        final List<String> reads = new CopyOnWriteArrayList<>();
        boolean dumpFails;

        final List<ReadPolicy> policies = new CopyOnWriteArrayList<>();

        @Override
        public LocalCount read(String key, ReadPolicy policy) {
            reads.add(key);
            policies.add(policy);
            if (key.equals("down")) {
                throw ApiException.unavailable("no_replica_available", "no copy of partition 4 answered");
            }
            return new LocalCount(key, counts.getOrDefault(key, 0L), 2, LocalCount.STANDBY, "processor-2");
        }

        /** When set, what {@link #readAsync} answers, whenever the test completes it. */
        volatile CompletableFuture<LocalCount> answerLater;

        @Override
        public CompletableFuture<LocalCount> readAsync(String key, ReadPolicy policy) {
            return answerLater != null ? answerLater : CounterReader.super.readAsync(key, policy);
        }

        @Override
        public Map<String, Long> dumpAll() {
            if (dumpFails) {
                throw ApiException.unavailable("no_replica_available", "no copy of partitions [1, 3] answered");
            }
            return counts;
        }
    }

    private final StubReader reader = new StubReader();

    private Javalin app() {
        QueryApi api = new QueryApi(reader);
        return Javalin.create(config -> {
            api.addRoutes(config.routes);
            JsonErrors.install(config.routes);
        });
    }

    @Test
    void severalCountersAreReadInOneRequestByQueryOrByBody() {
        reader.counts.put("a", 3L);
        reader.counts.put("b c", 4L);
        JavalinTest.test(app(), (server, client) -> {
            var byQuery = client.get("/counters?key=a&key=b%20c&key=a&consistency=strong&max_lag=2");
            assertThat(byQuery.code()).isEqualTo(200);
            var body = dev.tally.domain.Json.MAPPER.readTree(byQuery.body().string());
            assertThat(body.get("count").asInt()).isEqualTo(2);
            assertThat(body.get("counters")).extracting(c -> c.get("key").asText() + "=" + c.get("value").asLong()
                    + " " + c.get("instance").asText() + " " + c.get("role").asText()).containsExactly(
                    "a=3 processor-2 standby", "b c=4 processor-2 standby");
            assertThat(reader.policies).last().isEqualTo(new ReadPolicy(Consistency.STRONG, 2L));

            var byBody = client.post("/counters", "{\"keys\":[\"b c\",\"never\"]}");
            assertThat(byBody.code()).isEqualTo(200);
            assertThat(dev.tally.domain.Json.MAPPER.readTree(byBody.body().string()).get("counters"))
                    .extracting(c -> c.get("key").asText() + "=" + c.get("value").asLong()).containsExactly("b c=4", "never=0");
        });
    }

    @Test
    void aBadMultiGetIsA400AndAnUnreadableKeyA503ForTheWholeRequest() {
        JavalinTest.test(app(), (server, client) -> {
            assertThat(client.get("/counters").body().string()).contains("\"no_keys\"");
            assertThat(client.get("/counters?key=a&key=").body().string()).contains("\"invalid_key\"");
            assertThat(client.post("/counters", "{\"keys\":\"a\"}").body().string()).contains("\"invalid_body\"");
            assertThat(client.post("/counters", "not json").code()).isEqualTo(400);
            String many = "{\"keys\":[" + String.join(",", java.util.stream.IntStream.rangeClosed(0, MultiGet.MAX_KEYS)
                    .mapToObj(i -> "\"k" + i + "\"").toList()) + "]}";
            assertThat(client.post("/counters", many).body().string()).contains("\"too_many_keys\"");
            assertThat(reader.reads).isEmpty();

            var down = client.get("/counters?key=a&key=down");
            assertThat(down.code()).isEqualTo(503);
            assertThat(down.body().string()).contains("\"no_replica_available\"");
        });
    }

    @Test
    void aDumpWithALimitIsAPageWithTheCursorOfTheNext() {
        reader.counts.putAll(Map.of("a", 1L, "b", 2L, "c", 3L));
        JavalinTest.test(app(), (server, client) -> {
            String first = client.get("/dump?limit=2").body().string();
            assertThat(first).isEqualTo("{\"counters\":{\"a\":1,\"b\":2},\"count\":2,\"next\":\"b\"}");
            String last = client.get("/dump?limit=2&after=b").body().string();
            assertThat(last).isEqualTo("{\"counters\":{\"c\":3},\"count\":1}");
            var bad = client.get("/dump?limit=lots");
            assertThat(bad.code()).isEqualTo(400);
            assertThat(bad.body().string()).contains("\"error\":\"invalid_limit\"");
        });
    }

    @Test
    void theReadLevelAndMaxLagComeFromTheQueryAndBadOnesAre400() {
        JavalinTest.test(app(), (server, client) -> {
            assertThat(client.get("/counter/foo?consistency=strong&max_lag=5").code()).isEqualTo(200);
            assertThat(reader.policies).last().isEqualTo(new ReadPolicy(dev.tally.domain.Consistency.STRONG, 5L));
            assertThat(client.get("/counter/foo").code()).isEqualTo(200);
            assertThat(reader.policies).last().isEqualTo(ReadPolicy.ANY);

            assertThat(client.get("/counter/foo?consistency=sometimes").body().string()).contains("invalid_consistency");
            assertThat(client.get("/counter/foo?max_lag=-1").body().string()).contains("invalid_max_lag");
        });
    }

    @Test
    void aWriteTokenOfTheSameKeyIsPassedOnAndAnyOtherIsA400() {
        WriteToken token = WriteToken.of("foo", true, 2, 77);
        JavalinTest.test(app(), (server, client) -> {
            assertThat(client.get("/counter/foo?after=" + token).code()).isEqualTo(200);
            assertThat(reader.policies).last().isEqualTo(new ReadPolicy(Consistency.EVENTUAL, null, token));

            var garbled = client.get("/counter/foo?after=yesterday");
            assertThat(garbled.code()).isEqualTo(400);
            assertThat(garbled.body().string()).contains("invalid_token").contains("token of a 202 answer");
            var otherKey = client.get("/counter/bar?after=" + token);
            assertThat(otherKey.code()).isEqualTo(400);
            assertThat(otherKey.body().string()).contains("token_mismatch");
        });
    }

    @Test
    void aTokenPastItsLogEndIsRefusedAtOnceWithoutWaitingForIt() {
        QueryApi api = new QueryApi(reader);
        WriteToken real = WriteToken.of("foo", false, 2, 77);
        WriteToken future = WriteToken.of("foo", false, 2, 9_000_000);
        api.refuseTokensPast(token -> token.offset() > 100 ? java.util.Optional.of("log ends at 100") : java.util.Optional.empty());
        Javalin app = Javalin.create(config -> {
            api.addRoutes(config.routes);
            JsonErrors.install(config.routes);
        });
        JavalinTest.test(app, (server, client) -> {
            var refused = client.get("/counter/foo?after=" + future);
            assertThat(refused.code()).isEqualTo(400);
            assertThat(refused.headers().get("Content-Type").get(0)).startsWith("application/json");
            assertThat(refused.body().string()).contains("\"error\":\"token_from_the_future\"").contains("log ends at 100");
            assertThat(reader.reads).isEmpty();
            assertThat(client.get("/counter/foo?after=" + real).code()).isEqualTo(200);
            assertThat(reader.reads).containsExactly("foo");
        });
    }

    @Test
    void aCounterIsAnsweredWithItsPartitionAndTheCopyThatAnswered() {
        reader.counts.put("foo", 12L);
        JavalinTest.test(app(), (server, client) -> {
            var response = client.get("/counter/foo");

            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string()).isEqualTo(
                    "{\"key\":\"foo\",\"value\":12,\"partition\":2,\"instance\":\"processor-2\",\"role\":\"standby\",\"lag\":null}");
        });
    }

    @Test
    void aReadIsAnsweredWhenItsCopyAnswersLaterAndAFailureLaterIsItsJsonError() {
        JavalinTest.test(app(), (server, client) -> {
            reader.answerLater = new CompletableFuture<>();
            CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS).execute(() ->
                    reader.answerLater.complete(new LocalCount("foo", 99, 5, LocalCount.ACTIVE, "processor-3", 0L)));
            var response = client.get("/counter/foo");
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string()).contains("\"value\":99", "\"instance\":\"processor-3\"");

            reader.answerLater = new CompletableFuture<>();
            CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS).execute(() -> reader.answerLater.completeExceptionally(
                    ApiException.unavailable("no_replica_available", "no copy of partition 5 answered")));
            var failed = client.get("/counter/foo");
            assertThat(failed.code()).isEqualTo(503);
            assertThat(failed.body().string()).contains("\"error\":\"no_replica_available\"");
        });
    }

    @Test
    void theKeyIsUrlDecodedAndAnUnknownKeyIsZero() {
        JavalinTest.test(app(), (server, client) -> {
            var response = client.get("/counter/z%C3%A4hler%20eins");

            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string()).contains("\"value\":0");
            assertThat(reader.reads).containsExactly("zähler eins");
        });
    }

    @Test
    void anInvalidKeyIsA400() {
        JavalinTest.test(app(), (server, client) -> {
            for (String key : List.of("k".repeat(300), "a%0Ab")) {
                var response = client.get("/counter/" + key);
                assertThat(response.code()).isEqualTo(400);
                assertThat(response.body().string()).contains("\"error\":\"invalid_key\"");
            }
            assertThat(reader.reads).isEmpty();
        });
    }

    @Test
    void noLiveCopyIsA503WithAJsonBody() {
        JavalinTest.test(app(), (server, client) -> {
            var response = client.get("/counter/down");

            assertThat(response.code()).isEqualTo(503);
            assertThat(response.body().string()).isEqualTo(
                    "{\"error\":\"no_replica_available\",\"message\":\"no copy of partition 4 answered\"}");
        });
    }

    @Test
    void theDumpListsEveryCounterSortedByKey() {
        reader.counts.putAll(Map.of("zeta", 1L, "alpha", 2L, "mid", -3L));
        JavalinTest.test(app(), (server, client) -> {
            var response = client.get("/dump");

            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string())
                    .isEqualTo("{\"counters\":{\"alpha\":2,\"mid\":-3,\"zeta\":1},\"count\":3}");
        });
    }

    @Test
    void anIncompleteDumpIsA503() {
        reader.dumpFails = true;
        JavalinTest.test(app(), (server, client) -> {
            var response = client.get("/dump");

            assertThat(response.code()).isEqualTo(503);
            assertThat(response.body().string()).contains("partitions [1, 3]");
        });
    }

    @Test
    void readsAreCountedByRoleAndOutcomeAndTokenReadsTimed() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        QueryApi api = new QueryApi(reader, new ConsistencyMetrics(registry));
        Javalin app = Javalin.create(config -> {
            api.addRoutes(config.routes);
            JsonErrors.install(config.routes);
        });
        JavalinTest.test(app, (server, client) -> {
            client.get("/counter/foo").code();
            client.get("/counter/foo?after=" + WriteToken.of("foo", true, 2, 77)).code();
            client.get("/counter/down").code();
        });
        String text = registry.scrape();
        assertThat(text).contains("tally_reads_total{outcome=\"ok\",role=\"standby\"} 2.0");
        assertThat(text).contains("tally_reads_total{outcome=\"no_replica_available\",role=\"none\"} 1.0");
        assertThat(text).contains("tally_token_read_wait_seconds_count{outcome=\"ok\"} 1");
        // Only the read with a token waited for one.
        assertThat(text).doesNotContain("tally_token_read_wait_seconds_count{outcome=\"no_replica_available\"}");
        assertThat(text).contains("tally_requests_seconds_count{level=\"EVENTUAL\",operation=\"READ\"} 3");
    }
}
