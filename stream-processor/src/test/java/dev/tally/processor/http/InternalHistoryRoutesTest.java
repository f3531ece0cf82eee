package dev.tally.processor.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.processor.ProcessorMetrics;
import dev.tally.server.http.BearerAuth;
import dev.tally.server.metrics.ProcessMeters;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The processors' window series and top keys routes: their parameters, and the stack secret. */
class InternalHistoryRoutesTest {

    private final StubQueries queries = new StubQueries();
    private final PrometheusMeterRegistry registry = ProcessMeters.create("processor", "processor", "processor-1");
    private final ProcessorMetrics metrics = new ProcessorMetrics(registry);

    private Javalin app() {
        return InternalApi.create(queries, () -> metrics.snapshot("processor-1", 10, new TreeMap<>()), registry, () -> { },
                "127.0.0.1", 0, BearerAuth.of("stack-secret", "INTERNAL_SECRET"));
    }

    @Test
    void bothNeedTheStackSecret() {
        JavalinTest.test(app(), (server, client) -> {
            for (String path : new String[] {"/internal/top", "/internal/counter/a/windows?size=1m"}) {
                var refused = client.get(path);
                assertThat(refused.code()).as(path).isEqualTo(401);
                assertThat(refused.body().string()).contains("\"error\":\"unauthorized\"");
            }
            assertThat(queries.windowsAsked).isEmpty();
            assertThat(queries.topAsked).isEmpty();
        });
    }

    @Test
    void topTakesPartitionsNAndAWindowAndDefaultsToTheActivePartitionsAndTen() {
        JavalinTest.test(app(), (server, client) -> {
            var top = client.get("/internal/top?partitions=4,1&n=5&window=1m", r -> r.header("Authorization", "Bearer stack-secret"));
            assertThat(top.code()).isEqualTo(200);
            assertThat(top.body().string()).contains("\"4\":{\"busy-4\":40}");
            assertThat(client.get("/internal/top", r -> r.header("Authorization", "Bearer stack-secret")).code()).isEqualTo(200);
            assertThat(queries.topAsked).containsExactly("1m 5 [1, 4]", "null 10 [1, 5]");

            var refused = client.get("/internal/top?n=1001", r -> r.header("Authorization", "Bearer stack-secret"));
            assertThat(refused.code()).isEqualTo(400);
            assertThat(refused.body().string()).contains("\"error\":\"invalid_n\"");
        });
    }

    @Test
    void windowsTakeISOOrEpochMillisAndRefuseBadRangesAsJson() {
        JavalinTest.test(app(), (server, client) -> {
            var series = client.get("/internal/counter/a/windows?size=1m&from=2026-01-01T00:00:10Z&to=1767225720000", r -> r.header("Authorization", "Bearer stack-secret"));
            assertThat(series.code()).isEqualTo(200);
            assertThat(series.body().string()).contains("\"windows\":[{\"start\":1767225600000,\"value\":3}]");
            assertThat(queries.windowsAsked).hasSize(1);
            assertThat(queries.windowsAsked.get(0).lastStart()).isEqualTo(1_767_225_720_000L);

            var refused = client.get("/internal/counter/a/windows?size=1m&from=soon", r -> r.header("Authorization", "Bearer stack-secret"));
            assertThat(refused.code()).isEqualTo(400);
            assertThat(refused.body().string()).contains("\"error\":\"invalid_time\"");
            assertThat(queries.windowsAsked).hasSize(1);
        });
    }
}
