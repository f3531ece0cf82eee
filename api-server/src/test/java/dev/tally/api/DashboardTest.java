package dev.tally.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.domain.Consistency;
import dev.tally.domain.Json;
import dev.tally.domain.wire.LocalCount;
import dev.tally.domain.wire.ProcessorStats;
import dev.tally.ingest.IncrementLog;
import dev.tally.ingest.IngestApi;
import dev.tally.ingest.IngestConfig;
import dev.tally.query.CounterReader;
import dev.tally.query.IdempotentWrites;
import dev.tally.query.ProcessorView;
import dev.tally.query.QueryApi;
import dev.tally.query.ReadPolicy;
import dev.tally.server.ConsistencyMetrics;
import dev.tally.server.http.BearerAuth;
import dev.tally.server.http.JsonErrors;
import dev.tally.server.http.JsonServer;
import dev.tally.server.metrics.HttpServerMeters;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class DashboardTest {

    private final MockProducer<String, String> producer =
            new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
    private final ConsistencyMetrics metrics = new ConsistencyMetrics();

    /** The processors the routing names: the test removes one, as the consumer group drops a dead member. */
    private final List<ProcessorView> routing = new CopyOnWriteArrayList<>(List.of(
            processor("127.0.0.1:7101", List.of(0, 1), List.of(2), Map.of(0, 0L, 1, 0L, 2, 4L)),
            processor("127.0.0.1:7102", List.of(2), List.of(0, 1), Map.of(2, 3L))));

    private final CounterReader reader = new CounterReader() {
        @Override
        public LocalCount read(String key, ReadPolicy policy) {
            return new LocalCount(key, 7, 1, LocalCount.ACTIVE, "processor-1");
        }

        @Override
        public Map<String, Long> dumpAll() {
            return Map.of();
        }

        @Override
        public List<ProcessorView> processors() {
            return List.copyOf(routing);
        }
    };

    private static ProcessorView processor(String endpoint, List<Integer> active, List<Integer> standby, Map<Integer, Long> lag) {
        return new ProcessorView(endpoint, active, standby, new ProcessorStats(endpoint, 5, 0, 0, 0, 0, 10, lag), null);
    }

    private IngestApi ingest() {
        return new IngestApi(new IncrementLog(producer, Duration.ofSeconds(1)), IngestConfig.defaults("unused:9092"),
                () -> Map.of(), metrics, IdempotentWrites.NONE);
    }

    /** The dashboard with its traffic read when the test says, so the per-second figures are the test's. */
    private Javalin app(DashboardTraffic traffic, ApiReplicas replicas) {
        IngestApi ingest = ingest();
        QueryApi query = new QueryApi(reader, metrics);
        return Javalin.create(config -> {
            JsonServer.configure(config);
            HttpServerMeters.install(config, metrics.registry());
            Dashboard.install(config, Dashboard.of(ingest, query, replicas, traffic));
            ingest.addRoutes(config.routes);
            query.addRoutes(config.routes);
            JsonErrors.install(config.routes);
        });
    }

    @Test
    void thePageIsServedFromTheJarWithItsScriptAndStyle() {
        Javalin app = Javalin.create(config -> ApiServer.routes(config, ingest(), new QueryApi(reader, metrics), metrics));
        JavalinTest.test(app, (server, client) -> {
            var page = client.get("/");
            assertThat(page.code()).isEqualTo(200);
            assertThat(page.headers().get("Content-Type").get(0)).startsWith("text/html");
            String html = page.body().string();
            assertThat(html).contains("<script src=\"dashboard.js\">").contains("href=\"dashboard.css\"")
                    // nothing from elsewhere: every src and href is the jar's own file or inline
                    .doesNotContain("http://").doesNotContain("https://");
            var script = client.get("/dashboard.js");
            assertThat(script.code()).isEqualTo(200);
            assertThat(script.headers().get("Content-Type").get(0)).contains("javascript");
            assertThat(script.body().string()).contains("fetch('dashboard.json'");
            assertThat(client.get("/dashboard.css").code()).isEqualTo(200);
        });
    }

    @Test
    void withAnApiTokenThePageIsOpenAndItsDataNeedsTheToken() {
        Javalin app = Javalin.create(config -> ApiServer.routes(config, ingest(), new QueryApi(reader, metrics), metrics,
                ApiReplicas.alone(), BearerAuth.of("t0k3n", "API_TOKEN")));
        JavalinTest.test(app, (server, client) -> {
            assertThat(client.get("/").code()).isEqualTo(200);
            assertThat(client.get("/dashboard.js").code()).isEqualTo(200);
            var refused = client.get("/dashboard.json");
            assertThat(refused.code()).isEqualTo(401);
            assertThat(refused.body().string()).contains("\"error\":\"unauthorized\"");
            assertThat(client.get("/dashboard.json", r -> r.header("Authorization", "Bearer t0k3n")).code()).isEqualTo(200);
            // Only the page's own files are open, not whatever the static folder might match.
            assertThat(client.get("/status").code()).isEqualTo(401);
        });
    }

    @Test
    void theViewCountsTheIncrementsAndReadsAnsweredAndPerSecondBetweenReadings() {
        DashboardTraffic traffic = new DashboardTraffic(metrics.registry());
        JavalinTest.test(app(traffic, ApiReplicas.alone()), (server, client) -> {
            traffic.sample(1_000);
            for (int i = 0; i < 4; i++) {
                assertThat(client.post("/counter/foo/increment").code()).isEqualTo(202);
            }
            assertThat(client.get("/counter/foo").code()).isEqualTo(200);
            traffic.sample(1_002);

            JsonNode view = Json.MAPPER.readTree(client.get("/dashboard.json").body().string());
            assertThat(view.path("answeredBy").asInt()).isEqualTo(1);
            assertThat(view.path("traffic").path("totals").path("increments").asLong()).isEqualTo(4);
            assertThat(view.path("traffic").path("totals").path("reads").asLong()).isEqualTo(1);
            JsonNode second = view.path("traffic").path("perSecond").get(0);
            assertThat(second.path("second").asLong()).isEqualTo(1_002);
            assertThat(second.path("increments").asDouble()).as("4 over a 2 s gap").isEqualTo(2.0);
            assertThat(second.path("reads").asDouble()).isEqualTo(0.5);
            assertThat(view.path("status").path("queues").size()).isEqualTo(2);
        });
    }

    @Test
    void theProcessorsAreUpAndReadyByTheirActiveStoresAndOneThatLeftTheRoutingIsDown() {
        DashboardTraffic traffic = new DashboardTraffic(metrics.registry());
        JavalinTest.test(app(traffic, ApiReplicas.alone()), (server, client) -> {
            JsonNode processors = Json.MAPPER.readTree(client.get("/dashboard.json").body().string()).path("processors");
            assertThat(processors.toString())
                    // its active partitions 0 and 1 have caught up; its standby copy's lag does not count
                    .contains("{\"endpoint\":\"127.0.0.1:7101\",\"up\":true,\"ready\":true,\"active\":[0,1],\"standby\":[2]}")
                    .contains("{\"endpoint\":\"127.0.0.1:7102\",\"up\":true,\"ready\":false,\"active\":[2],\"standby\":[0,1]}");

            routing.remove(1);
            processors = Json.MAPPER.readTree(client.get("/dashboard.json").body().string()).path("processors");
            assertThat(processors.toString())
                    .contains("{\"endpoint\":\"127.0.0.1:7102\",\"up\":false,\"ready\":false,\"active\":[],\"standby\":[]}");
        });
    }

    @Test
    void theTrafficOfASiblingReplicaIsAddedAndAReplicaScopeAnswersItsOwnOnly() {
        // Replica 2 (the sibling) counts two reads between its readings; replica 1 none.
        DashboardTraffic siblingTraffic = new DashboardTraffic(metrics.registry());
        Javalin sibling = app(siblingTraffic, new ApiReplicas(2, List.of("http://127.0.0.1:1", "http://127.0.0.1:1"))).start(0);
        try {
            siblingTraffic.sample(1_000);
            metrics.record(ConsistencyMetrics.Operation.READ, Consistency.EVENTUAL, Duration.ofMillis(1), false);
            metrics.record(ConsistencyMetrics.Operation.READ, Consistency.EVENTUAL, Duration.ofMillis(1), false);
            siblingTraffic.sample(1_001);

            ConsistencyMetrics own = new ConsistencyMetrics();
            DashboardTraffic ownTraffic = new DashboardTraffic(own.registry());
            ownTraffic.sample(1_000);
            ownTraffic.sample(1_001);
            ApiReplicas replicas = new ApiReplicas(1, List.of("http://127.0.0.1:1", "http://127.0.0.1:" + sibling.port()));
            Javalin replicaOne = Javalin.create(config -> {
                JsonServer.configure(config);
                Dashboard.install(config, Dashboard.of(ingest(), new QueryApi(reader, own), replicas, ownTraffic));
                JsonErrors.install(config.routes);
            });
            JavalinTest.test(replicaOne, (server, client) -> {
                JsonNode view = Json.MAPPER.readTree(client.get("/dashboard.json").body().string());
                assertThat(view.path("trafficOf").toString()).isEqualTo("[1,2]");
                assertThat(view.path("traffic").path("totals").path("reads").asLong()).isEqualTo(2);
                assertThat(view.path("traffic").path("perSecond").get(0).path("reads").asDouble()).isEqualTo(2.0);

                JsonNode alone = Json.MAPPER.readTree(client.get("/dashboard.json?scope=replica").body().string());
                assertThat(alone.path("trafficOf").toString()).isEqualTo("[1]");
                assertThat(alone.path("traffic").path("totals").path("reads").asLong()).isZero();
                assertThat(alone.has("status")).isFalse();
            });
        } finally {
            sibling.stop();
        }
    }
}
