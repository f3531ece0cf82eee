package dev.tally.perf.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    }
}
