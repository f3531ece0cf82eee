package dev.tally.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.Consistency;
import dev.tally.server.ConsistencyMetrics;
import dev.tally.server.http.ApiException;
import dev.tally.server.http.JsonErrors;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {

    private final PrometheusMeterRegistry registry = ProcessMeters.create("api");

    private Javalin app() {
        return Javalin.create(config -> {
            HttpServerMeters.install(config, registry);
            MetricsEndpoint.addRoute(config.routes, registry);
            config.routes.get("/counter/{key}", ctx -> ctx.result("1"));
            config.routes.get("/later/{key}", ctx -> ctx.future(() ->
                    CompletableFuture.failedFuture(ApiException.unavailable("gone", "not now"))));
            JsonErrors.install(config.routes);
        });
    }

    @Test
    void requestsAreCountedByRoutePatternMethodAndStatus() {
        JavalinTest.test(app(), (server, client) -> {
            client.get("/counter/a").code();
            client.get("/counter/b").code();
            client.get("/later/x").code();
            client.get("/nowhere").code();

            var scrape = client.get("/metrics");
            assertThat(scrape.headers().get("Content-Type").get(0)).startsWith("text/plain; version=0.0.4");
            String text = scrape.body().string();
            assertThat(text).contains("http_server_requests_seconds_count{component=\"api\",method=\"GET\","
                    + "route=\"/counter/{key}\",status=\"200\"} 2");
            assertThat(text).contains("route=\"/later/{key}\",status=\"503\"} 1");
            assertThat(text).contains("route=\"unmatched\",status=\"404\"} 1");
            // Buckets, not client-side quantiles: Prometheus computes the percentiles.
            assertThat(text).contains("http_server_requests_seconds_bucket{component=\"api\",method=\"GET\","
                    + "route=\"/counter/{key}\",status=\"200\",le=\"0.001\"}");
            assertThat(text).doesNotContain("quantile=");
        });
    }

    @Test
    void theJvmMetersAreThere() {
        JavalinTest.test(app(), (server, client) -> {
            String text = client.get("/metrics").body().string();
            assertThat(text).contains("jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads",
                    "process_cpu_usage", "process_uptime_seconds");
        });
    }

    @Test
    void consistencyFiguresAreTheExportedOnes() {
        ConsistencyMetrics metrics = new ConsistencyMetrics(registry);
        metrics.record(ConsistencyMetrics.Operation.WRITE, Consistency.STRONG, Duration.ofMillis(10), false);
        metrics.record(ConsistencyMetrics.Operation.WRITE, Consistency.STRONG, Duration.ofMillis(30), true);

        var strongWrites = metrics.snapshot().get("strong").get("write");
        assertThat(strongWrites.count()).isEqualTo(2);
        assertThat(strongWrites.failures()).isEqualTo(1);
        assertThat(strongWrites.p99Ms()).isBetween(30.0, 40.0);
        String text = registry.scrape();
        assertThat(text).contains("tally_requests_seconds_count{component=\"api\",level=\"STRONG\",operation=\"WRITE\"} 2");
        assertThat(text).contains("tally_failures_total{component=\"api\",level=\"STRONG\",operation=\"WRITE\"} 1");
    }
}
