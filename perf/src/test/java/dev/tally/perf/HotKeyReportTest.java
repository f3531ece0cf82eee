package dev.tally.perf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.domain.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HotKeyReportTest {

    @Test
    void theJsonFileHasEveryNumberButNotTheRawSamples(@TempDir Path dir) throws Exception {
        Path file = report(false).write(dir.resolve("perf-results"));

        assertThat(file.getFileName().toString()).isEqualTo("hotkey-2026-11-22T055200Z.json");
        JsonNode json = Json.MAPPER.readTree(Files.readString(file));
        JsonNode phase = json.get("phases").get(0);
        assertThat(phase.get("name").asText()).isEqualTo("B excess");
        assertThat(phase.get("hot").get("accepted").asLong()).isEqualTo(2);
        assertThat(phase.get("hot").get("acceptedExcess").asLong()).isEqualTo(1);
        assertThat(phase.get("hot").get("latency").get("p99Ms").asDouble()).isEqualTo(3.0);
        assertThat(phase.get("hot").has("acceptedByKey")).isFalse();
        assertThat(phase.get("hot").has("latenciesMicros")).isFalse();
        assertThat(phase.get("check").get("mismatches").get(0).get("actual").asLong()).isEqualTo(1);
        assertThat(json.get("configurations").get("no-excess").get("EXCESS_THRESHOLD").asText()).isEqualTo("1000000");
        assertThat(json.get("stack").get("partitions").asInt()).isEqualTo(6);
        assertThat(json.get("exact").asBoolean()).isFalse();
    }

    @Test
    void theSummaryShowsEachTrafficAndAMismatchLoudly() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        report(false).print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);

        assertThat(text).contains("B excess cold", "B excess hot", "GET /health (floor)", "counted WRONG",
                "MISMATCH hot-x: 1 counted, 2 accepted (-1)", "COUNT MISMATCH");
    }

    private static HotKeyReport report(boolean exact) {
        ClientRecord hot = new ClientRecord();
        hot.accepted("hot-x", 1_000, false);
        hot.accepted("hot-x", 3_000, true);
        ClientRecord cold = new ClientRecord();
        cold.accepted("cold-1", 2_000, false);
        HotKeyScenario.Phase phase = new HotKeyScenario.Phase("B excess", "excess",
                LoadResult.of("B excess cold", List.of(cold), 1_000_000_000L, 0.2),
                LoadResult.of("B excess hot", List.of(hot), 1_000_000_000L, 0.2),
                new CountCheck.Outcome(2, 3, 2, exact, 0.5, List.of(new CountCheck.Mismatch("hot-x", 2, 1))));
        return new HotKeyReport("2026-11-22T05:52:00Z", "http://localhost:18300", "own stack", Map.of("requests", 1),
                BenchStack.spec(6), Map.of("excess", HotKeyCommand.EXCESS_ON, "no-excess", HotKeyCommand.EXCESS_OFF), 3, 2, "17",
                LoadResult.Latency.of(new Percentiles(new long[] {500})), List.of(phase), exact, List.of("a note"));
    }
}
