package dev.tally.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.domain.Json;
import dev.tally.perf.PerfCli;
import dev.tally.systemtest.support.OnSharedStack;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bin/tally perf chaos}, small, on the shared stack: a broker and a processor killed and restarted, every count exact. */
class ChaosIT extends OnSharedStack {

    @Test
    void killsDuringTheLoadLoseAndDuplicateNothing(@TempDir Path results) throws Exception {
        int exit = new CommandLine(new PerfCli()).execute("chaos", "--increments", "1500", "--keys", "20",
                "--connections", "8", "--restart-after", "3", "--url", stack.spec().apiUrl(), "--home", stack.home().toString(),
                "--results", results.toString());

        assertThat(exit).isZero();
        JsonNode report = Json.MAPPER.readTree(ResultFiles.jsonWithChart(results).toFile());
        assertThat(report.get("faults").findValuesAsText("what"))
                .containsExactlyInAnyOrder("kill broker-2", "start broker-2", "kill processor-1", "start processor-1");
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
