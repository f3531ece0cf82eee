package dev.tally.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.wire.LocalCount;
import dev.tally.ingest.BacklogSource;
import dev.tally.ingest.IncrementLog;
import dev.tally.ingest.IngestApi;
import dev.tally.ingest.IngestConfig;
import dev.tally.ingest.IngestQueue;
import dev.tally.ingest.PartitionReading;
import dev.tally.query.CounterReader;
import dev.tally.query.IdempotentWrites;
import dev.tally.query.QueryApi;
import dev.tally.query.ReadPolicy;
import dev.tally.server.ConsistencyMetrics;
import dev.tally.server.http.ApiException;
import dev.tally.server.http.BearerAuth;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class ApiServerTest {

    private final MockProducer<String, String> producer =
            new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());

    /** Reads answer from a fixed map, as if one active processor held every key. */
    private final CounterReader reader = new CounterReader() {
        @Override
        public LocalCount read(String key, ReadPolicy policy) {
            if (key.equals("unlucky")) {
                throw ApiException.unavailable("no_replica_available", "no copy of partition 3 answered");
            }
            return new LocalCount(key, key.equals("foo") ? 7 : 0, 1, LocalCount.ACTIVE, "processor-1");
        }

        @Override
        public Map<String, Long> dumpAll() {
            return Map.of("foo", 7L);
        }

        @Override
        public void close() {
        }
    };

    private final ConsistencyMetrics metrics = new ConsistencyMetrics();
    private final Javalin app = Javalin.create(config -> ApiServer.routes(config,
            new IngestApi(new IncrementLog(producer, Duration.ofSeconds(1)), IngestConfig.defaults("unused:9092"),
                    () -> Map.of(), metrics, IdempotentWrites.NONE),
            new QueryApi(reader, metrics), metrics));

    @Test
    void withAnApiTokenEveryRouteButHealthNeedsIt() {
        Javalin guarded = Javalin.create(config -> ApiServer.routes(config,
                new IngestApi(new IncrementLog(producer, Duration.ofSeconds(1)), IngestConfig.defaults("unused:9092"),
                        () -> Map.of(), metrics, IdempotentWrites.NONE),
                new QueryApi(reader, metrics), metrics, ApiReplicas.alone(), BearerAuth.of("t0k3n", "API_TOKEN")));
        JavalinTest.test(guarded, (server, client) -> {
            assertThat(client.get("/health").code()).isEqualTo(200);
            for (String path : new String[] {"/status", "/counter/foo", "/dump", "/consistency-metrics"}) {
                var refused = client.get(path);
                assertThat(refused.code()).as(path).isEqualTo(401);
                assertThat(refused.body().string()).contains("\"error\":\"unauthorized\"");
            }
            assertThat(client.post("/counter/foo/increment").code()).isEqualTo(401);
            assertThat(producer.history()).isEmpty();

            assertThat(client.post("/counter/foo/increment", null, r -> r.header("Authorization", "Bearer t0k3n")).code())
                    .isEqualTo(202);
            assertThat(client.get("/counter/foo", r -> r.header("Authorization", "Bearer t0k3n")).code()).isEqualTo(200);
            assertThat(producer.history()).hasSize(1);
        });
    }

    @Test
    void healthAnswersApiUp() {
        JavalinTest.test(app, (server, client) -> {
            var response = client.get("/health");
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string()).isEqualTo("{\"status\":\"api up\"}");
        });
    }

    @Test
    void metricsAreTheFiguresTheJsonEndpointsShow() {
        JavalinTest.test(app, (server, client) -> {
            client.post("/counter/foo/increment").code();
            client.get("/counter/foo").code();
            client.get("/counter/unlucky").code();
            String text = client.get("/metrics").body().string();
            assertThat(text).contains("tally_requests_seconds_count{level=\"STRONG\",operation=\"WRITE\"} 1");
            assertThat(text).contains("tally_failures_total{level=\"EVENTUAL\",operation=\"READ\"} 1.0");
            assertThat(text).contains("tally_reads_total{outcome=\"ok\",role=\"active\"} 1.0");
            assertThat(text).contains("tally_rejected_total{queue=\"main\",reason=\"queue_full\"} 0.0");
            assertThat(text).contains("http_server_requests_seconds_count{method=\"POST\",route=\"/counter/{key}/increment\",status=\"202\"} 1");
            assertThat(text).contains("http_server_requests_seconds_count{method=\"GET\",route=\"/counter/{key}\",status=\"503\"} 1");
            var json = client.get("/consistency-metrics").body().string();
            assertThat(json).contains("\"read\":{\"count\":2,").contains("\"failures\":1}");
        });
    }

    @Test
    void readyOnlyWhileKafkaAnswersAndEveryPartitionHasAnActiveCopy() {
        FixedCluster cluster = new FixedCluster();
        List<Integer> unrouted = new CopyOnWriteArrayList<>(List.of(3));
        CounterReader routed = new CounterReader() {
            @Override
            public LocalCount read(String key, ReadPolicy policy) {
                return reader.read(key, policy);
            }

            @Override
            public Map<String, Long> dumpAll() {
                return Map.of();
            }

            @Override
            public Optional<String> routingProblem() {
                return unrouted.isEmpty() ? Optional.empty() : Optional.of("no active copy is known for partitions " + unrouted);
            }
        };
        IngestApi ingest = new IngestApi(new IncrementLog(producer, Duration.ofSeconds(1)), IngestConfig.defaults("unused:9092"),
                cluster, metrics, IdempotentWrites.NONE);
        Javalin probed = Javalin.create(config -> ApiServer.routes(config, ingest, new QueryApi(routed, metrics), metrics));
        JavalinTest.test(probed, (server, client) -> {
            assertThat(client.get("/health/live").code()).isEqualTo(200);
            var before = client.get("/health/ready");
            assertThat(before.code()).isEqualTo(503);
            assertThat(before.body().string()).contains("\"error\":\"not_ready\"")
                    .contains("has not been read yet").contains("partitions [3]");

            ingest.readClusterNow();
            unrouted.clear();
            var ready = client.get("/health/ready");
            assertThat(ready.code()).isEqualTo(200);
            assertThat(ready.body().string()).isEqualTo("{\"status\":\"ready\"}");

            cluster.failing = true;
            ingest.readClusterNow();
            var kafkaDown = client.get("/health/ready");
            assertThat(kafkaDown.code()).isEqualTo(503);
            assertThat(kafkaDown.body().string()).contains("failed").contains("brokers unreachable");
            assertThat(client.get("/health").body().string()).isEqualTo("{\"status\":\"api up\"}");
        });
    }

    /** A cluster of one partition per queue that answers, or fails, as the test says. */
    private static final class FixedCluster implements BacklogSource {
        volatile boolean failing;

        @Override
        public Map<IngestQueue, Map<Integer, PartitionReading>> read() throws Exception {
            if (failing) {
                throw new java.util.concurrent.TimeoutException("brokers unreachable");
            }
            return Map.of(IngestQueue.MAIN, Map.of(0, new PartitionReading(0, 1, List.of(1), List.of(1), 1)));
        }
    }

    @Test
    void incrementsAndReadsShareOneBaseUrl() {
        JavalinTest.test(app, (server, client) -> {
            assertThat(client.post("/counter/foo/increment").code()).isEqualTo(202);
            assertThat(producer.history()).hasSize(1);

            var read = client.get("/counter/foo");
            assertThat(read.code()).isEqualTo(200);
            assertThat(read.body().string()).contains("\"value\":7").contains("\"role\":\"active\"");
            assertThat(client.get("/dump").body().string()).contains("\"foo\":7");
        });
    }

    @Test
    void statusShowsBothQueues() {
        JavalinTest.test(app, (server, client) -> {
            var status = client.get("/status");
            assertThat(status.code()).isEqualTo(200);
            assertThat(status.body().string()).contains("\"queue\":\"main\"").contains("\"queue\":\"excess\"")
                    .contains("\"topic\":\"tally-excess\"").contains("\"hotKeys\":[]")
                    .contains("\"answeredBy\":1").contains("\"apiReplicas\":[]").contains("\"brokers\":[]");
        });
    }

    @Test
    void consistencyMetricsCountWritesAndReadsPerLevel() {
        JavalinTest.test(app, (server, client) -> {
            client.post("/counter/foo/increment");
            client.post("/counter/foo/increment?consistency=eventual");
            client.get("/counter/foo?consistency=strong");
            client.get("/counter/unlucky");

            String body = client.get("/consistency-metrics").body().string();
            var snapshot = metrics.snapshot();
            assertThat(snapshot.get("strong").get("write").count()).isEqualTo(1);
            assertThat(snapshot.get("eventual").get("write").count()).isEqualTo(1);
            assertThat(snapshot.get("strong").get("read").count()).isEqualTo(1);
            assertThat(snapshot.get("eventual").get("read").failures()).isEqualTo(1);
            assertThat(body).contains("\"strong\":{\"write\":{\"count\":1");
        });
    }

    @Test
    void errorsFromEitherSideAreJson() {
        JavalinTest.test(app, (server, client) -> {
            var badWrite = client.post("/counter/foo/increment?by=0");
            assertThat(badWrite.code()).isEqualTo(400);
            assertThat(badWrite.body().string()).contains("\"error\":\"invalid_by\"");

            var noCopy = client.get("/counter/unlucky");
            assertThat(noCopy.code()).isEqualTo(503);
            assertThat(noCopy.body().string()).contains("\"error\":\"no_replica_available\"");

            assertThat(client.get("/nope").body().string()).contains("\"error\":\"not_found\"");
        });
    }
}
