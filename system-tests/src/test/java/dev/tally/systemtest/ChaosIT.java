package dev.tally.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.domain.Json;
import dev.tally.perf.PerfCli;
import dev.tally.systemtest.support.OnSharedStack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bin/tally perf chaos}, small, on the shared stack: a broker and a processor killed and
 * restarted, or cut off and healed, every count exact.
 */
class ChaosIT extends OnSharedStack {

    @Test
    void killsDuringTheLoadLoseAndDuplicateNothing(@TempDir Path results) throws Exception {
        JsonNode report = chaos(results);
        assertThat(report.get("faults").findValuesAsText("what"))
                .containsExactlyInAnyOrder("kill broker-2", "start broker-2", "kill processor-1", "start processor-1");
        assertExact(report);
    }

    @Test
    void partitionsDuringTheLoadLoseAndDuplicateNothing(@TempDir Path results) throws Exception {
        JsonNode report = chaos(results, "--partition");
        assertThat(report.get("faults").findValuesAsText("what"))
                .containsExactlyInAnyOrder("partition broker-2", "heal broker-2", "partition processor-1", "heal processor-1");
        assertExact(report);
        assertThat(stack.net().faults()).isEqualTo("none\n");
    }

    private JsonNode chaos(Path results, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("chaos", "--increments", "1500", "--keys", "20",
                "--connections", "8", "--restart-after", "3", "--url", stack.spec().apiUrl(), "--home", stack.home().toString(),
                "--results", results.toString()));
        args.addAll(List.of(flags));
        assertThat(new CommandLine(new PerfCli()).execute(args.toArray(String[]::new))).isZero();
        return Json.MAPPER.readTree(ResultFiles.jsonWithChart(results).toFile());
    }

    private static void assertExact(JsonNode report) {
        assertThat(report.get("acknowledged").asLong()).isEqualTo(1_500);
        assertThat(report.get("counted").asLong()).isEqualTo(1_500);
        assertThat(report.get("lost").asLong()).isZero();
        assertThat(report.get("duplicated").asLong()).isZero();
        assertThat(report.get("unresolved").asLong()).isZero();
        assertThat(report.get("exact").asBoolean()).isTrue();
        // Every increment ended with a 202 in the load itself or in the resolution pass after it.
        JsonNode resolution = report.get("resolution");
        long resolved = resolution.isNull() ? 0 : resolution.get("successes").asLong();
        assertThat(report.get("load").get("successes").asLong() + resolved).isEqualTo(1_500);
        assertThat(report.get("load").get("cpu").get("generatorPercent").asDouble()).isPositive();
    }
}
