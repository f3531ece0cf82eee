package dev.tally.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.domain.wire.ErrorBody;
import dev.tally.domain.wire.IdempotentWrite;
import dev.tally.domain.wire.InstanceInfo;
import dev.tally.domain.wire.LocalCount;
import dev.tally.domain.wire.LocalDump;
import dev.tally.domain.wire.RoutingSnapshot;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import dev.tally.server.http.BearerAuth;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server playing a processor's internal API. */
class HttpProcessorClientTest {

    private final HttpProcessorClient client = new HttpProcessorClient(Duration.ofMillis(500));

    private final Javalin processor = Javalin.create(config -> {
        config.routes.get("/internal/counter/{key}", ctx -> {
            String key = ctx.pathParam("key");
            switch (key) {
                case "moved" -> ctx.status(409).json(new ErrorBody("not_hosted", "partition 1 is not here"));
                case "restoring" -> ctx.status(503).json(new ErrorBody("store_unavailable", "restoring"));
                case "proxy" -> ctx.status(502).result("<html>Bad Gateway</html>");
                case "garbled" -> ctx.result("not json");
                case "slow" -> {
                    Thread.sleep(1_500);
                    ctx.json(new LocalCount(key, 1, 0, LocalCount.ACTIVE, "processor-1"));
                }
                default -> ctx.json(new LocalCount(key, 3, 1, LocalCount.STANDBY, "processor-1"));
            }
        });
        config.routes.get("/internal/dump", ctx -> {
            Map<Integer, Map<String, Long>> partitions = Arrays.stream(ctx.queryParam("partitions").split(","))
                    .map(Integer::valueOf)
                    .collect(Collectors.toMap(Function.identity(), p -> Map.of("key-of-" + p, (long) p)));
            ctx.json(new LocalDump("processor-2", partitions));
        });
        config.routes.get("/internal/idempotency/{id}", ctx -> {
            switch (ctx.pathParam("id")) {
                case "applied" -> ctx.json(new IdempotentWrite("applied", ctx.queryParam("key"), 5, "tally-increments", 1, 17));
                case "lagging" -> ctx.status(404).json(new ErrorBody("not_seen_yet", "this standby copy holds none"));
                default -> ctx.status(404).json(new ErrorBody("not_seen", "never applied"));
            }
        });
        config.routes.get("/internal/routing", ctx -> ctx.json(new RoutingSnapshot("processor-1", "RUNNING", 6,
                List.of(new InstanceInfo("127.0.0.1:8101", List.of(0, 1, 2), List.of(3, 4, 5))))));
    });

    private static String url(Javalin server) {
        return "http://localhost:" + server.port();
    }

    @Test
    void aCountIsReadWithTheKeyEncodedAsOnePathSegment() {
        JavalinTest.test(processor, (server, http) -> {
            for (String key : List.of("foo", "a b", "zählér-✓", "50%+1", "what?#&=", "user:42", "user:42/clicks")) {
                assertThat(client.count(url(server), key))
                        .isEqualTo(new LocalCount(key, 3, 1, LocalCount.STANDBY, "processor-1"));
            }
        });
    }

    @Test
    void aDumpAsksForThePartitionsAndTheirKeysArePartitionNumbers() {
        JavalinTest.test(processor, (server, http) -> {
            LocalDump dump = client.dump(url(server), List.of(0, 3));

            assertThat(dump.instance()).isEqualTo("processor-2");
            assertThat(dump.partitions()).containsOnlyKeys(0, 3);
            assertThat(dump.partitions().get(3)).containsEntry("key-of-3", 3L);
        });
    }

    @Test
    void onlyTheActiveCopysNotSeenMeansAnIdempotencyKeyWasNeverAppliedAStandbysIsAnError() {
        JavalinTest.test(processor, (server, http) -> {
            assertThat(client.idempotency(url(server), "applied", "paid"))
                    .contains(new IdempotentWrite("applied", "paid", 5, "tally-increments", 1, 17));
            assertThat(client.idempotency(url(server), "never", "paid")).isEmpty();
            assertThatThrownBy(() -> client.idempotency(url(server), "lagging", "paid"))
                    .isInstanceOfSatisfying(ProcessorErrorException.class, e -> {
                        assertThat(e.status()).isEqualTo(404);
                        assertThat(e.error()).isEqualTo(ProcessorErrorException.NOT_SEEN_YET);
                    });
        });
    }

    @Test
    void theStacksInternalSecretIsSentWithEveryCall() {
        BearerAuth secret = BearerAuth.of("stack-secret", "INTERNAL_SECRET");
        Javalin guarded = Javalin.create(config -> {
            secret.install(config.routes, path -> false);
            config.routes.get("/internal/idempotency/{id}", ctx -> {
            switch (ctx.pathParam("id")) {
                case "applied" -> ctx.json(new IdempotentWrite("applied", ctx.queryParam("key"), 5, "tally-increments", 1, 17));
                case "lagging" -> ctx.status(404).json(new ErrorBody("not_seen_yet", "this standby copy holds none"));
                default -> ctx.status(404).json(new ErrorBody("not_seen", "never applied"));
            }
        });
        config.routes.get("/internal/routing", ctx -> ctx.json(new RoutingSnapshot("processor-1", "RUNNING", 6, List.of())));
            dev.tally.server.http.JsonErrors.install(config.routes);
        });
        JavalinTest.test(guarded, (server, http) -> {
            assertThat(new HttpProcessorClient(Duration.ofSeconds(5), secret).routing(url(server)).partitions()).isEqualTo(6);
            assertThatThrownBy(() -> new HttpProcessorClient(Duration.ofSeconds(5)).routing(url(server)))
                    .isInstanceOfSatisfying(ProcessorErrorException.class, e -> assertThat(e.status()).isEqualTo(401));
        });
    }

    @Test
    void theRoutingSnapshotIsRead() {
        JavalinTest.test(processor, (server, http) -> {
            RoutingSnapshot routing = client.routing(url(server));

            assertThat(routing.partitions()).isEqualTo(6);
            assertThat(routing.instances()).singleElement().satisfies(i -> assertThat(i.standby()).containsExactly(3, 4, 5));
        });
    }

    @Test
    void anErrorAnswerCarriesTheStatusAndTheErrorCode() {
        JavalinTest.test(processor, (server, http) -> {
            assertThatThrownBy(() -> client.count(url(server), "moved"))
                    .isInstanceOfSatisfying(ProcessorErrorException.class, e -> {
                        assertThat(e.status()).isEqualTo(409);
                        assertThat(e.error()).isEqualTo("not_hosted");
                        assertThat(e.notHosted()).isTrue();
                        assertThat(e.url()).isEqualTo(url(server));
                        assertThat(e.instanceIsUnwell()).isFalse();
                    });
            assertThatThrownBy(() -> client.count(url(server), "restoring"))
                    .isInstanceOfSatisfying(ProcessorErrorException.class, e -> {
                        assertThat(e.outcome()).isEqualTo("503 store_unavailable");
                        assertThat(e.instanceIsUnwell()).isTrue();
                    });
            assertThatThrownBy(() -> client.count(url(server), "proxy"))
                    .isInstanceOfSatisfying(ProcessorErrorException.class, e -> assertThat(e.error()).isEqualTo("http_502"));
            assertThatThrownBy(() -> client.count(url(server), "garbled"))
                    .isInstanceOfSatisfying(ProcessorErrorException.class, e -> assertThat(e.error()).isEqualTo("malformed_answer"));
        });
    }

    @Test
    void noAnswerWithinTheTimeoutIsUnreachable() {
        JavalinTest.test(processor, (server, http) -> {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.count(url(server), "slow"))
                    .isInstanceOf(ProcessorUnreachableException.class)
                    .hasMessageContaining("no answer within 500 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_400));
        });
    }

    @Test
    void aRefusedConnectionIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThatThrownBy(() -> client.routing("http://127.0.0.1:" + closedPort))
                .isInstanceOfSatisfying(ProcessorUnreachableException.class,
                        e -> assertThat(e.outcome()).isEqualTo("unreachable (connection refused)"));
    }
}
