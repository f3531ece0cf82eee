package dev.tally.perf.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The result as the perf reports write it. */
class RunResultTest {

    @Test
    void jacksonWritesItAsJson() throws Exception {
        RunResult result;
        try (TestTarget target = TestTarget.answering(TestTarget.OK)) {
            result = LoadGenerator.openLoop(target.uri("/health"), 500).bound(Bound.requests(50)).run();
        }

        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(result));

        assertThat(json.get("loop").asText()).isEqualTo("open");
        assertThat(json.get("targetRatePerSecond").asDouble()).isEqualTo(500);
        assertThat(json.get("statuses").get("200").asLong()).isEqualTo(50);
        assertThat(json.get("latency").get("p999Ms").isNumber()).isTrue();
        assertThat(json.get("serviceTime").get("count").asLong()).isEqualTo(50);
        assertThat(json.get("completionsPerSecond").isArray()).isTrue();
        assertThat(json.get("cpu").get("generatorPercent").asDouble()).isPositive();
        assertThat(json.get("cpuWithWarmUp").get("processCpuSeconds").asDouble()).isPositive();
        assertThat(json.get("errors").isEmpty()).isTrue();
        assertThat(json.has("latencyHistogram")).isFalse();
        assertThat(json.has("serviceTimeHistogram")).isFalse();
    }

    @Test
    void aWarmUpOnItsOwnIsSummedUpWithoutTheLatenciesItDidNotMeasure() throws Exception {
        RunResult result;
        try (TestTarget target = TestTarget.answering(TestTarget.OK)) {
            result = LoadGenerator.closedLoop(target.uri("/health"), 2).warmUp(Bound.requests(30)).bound(Bound.requests(0)).run();
        }

        assertThat(result.summary()).contains("warm-up       30 requests, nothing measured").doesNotContain("latency");
    }

    @Test
    void runsMergeAsIfTheyHadBeenOneRun() throws Exception {
        RunResult first;
        RunResult second;
        try (TestTarget target = TestTarget.answering((ctx, request, n) -> TargetServer.reply(ctx,
                n % 5 == 0 ? HttpResponseStatus.SERVICE_UNAVAILABLE : HttpResponseStatus.OK, "{}"))) {
            first = LoadGenerator.closedLoop(target.uri("/"), 2).bound(Bound.requests(40)).run();
            second = LoadGenerator.closedLoop(target.uri("/"), 4).bound(Bound.requests(60)).run();
        }

        RunResult merged = RunResult.merge("both", List.of(first, second));

        assertThat(merged.name()).isEqualTo("both");
        assertThat(merged.requests()).isEqualTo(100);
        assertThat(merged.statuses()).isEqualTo(Map.of(200, 80L, 503, 20L));
        assertThat(merged.successes()).isEqualTo(80);
        assertThat(merged.latency().count()).isEqualTo(80);
        assertThat(merged.latency().maxMs()).isEqualTo(Math.max(first.latency().maxMs(), second.latency().maxMs()));
        assertThat(merged.seconds()).isEqualTo(first.seconds() + second.seconds());
        assertThat(merged.requestsPerSecond()).isEqualTo(100 / merged.seconds());
        assertThat(merged.connections()).isEqualTo(4);
        assertThat(merged.completionsPerSecond()).hasSize(first.completionsPerSecond().length + second.completionsPerSecond().length);
        assertThat(merged.cpu().generatorCpuSeconds())
                .isCloseTo(first.cpu().generatorCpuSeconds() + second.cpu().generatorCpuSeconds(), within(1e-6));
    }
}
