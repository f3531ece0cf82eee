package dev.tally.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.domain.Json;
import dev.tally.perf.PerfCli;
import dev.tally.systemtest.support.OnDefaultStack;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bin/tally perf ceiling --quick} on the shared stack: every line measured, files written, every increment counted. */
class CeilingIT extends OnDefaultStack {

    @Test
    void aQuickRunWritesJsonAndAChartAndCountsExactlyWhatWasSent(@TempDir Path results) throws Exception {
        int exit = new CommandLine(new PerfCli()).execute("ceiling", "--quick", "--url", stack.spec().apiUrl(),
                "--bootstrap-servers", stack.spec().bootstrapServers(), "--results", results.toString());

        assertThat(exit).isZero();
        Path json = ResultFiles.jsonWithChart(results);

        JsonNode report = Json.MAPPER.readTree(json.toFile());
        JsonNode lines = report.get("lines");
        assertThat(lines.findValuesAsText("id")).containsExactly("(a)", "(b)", "(c)", "(d)", "(e)");
        for (JsonNode line : lines) {
            assertThat(line.get("opsPerSecond").asDouble()).as(line.get("id").asText()).isPositive();
            assertThat(line.get("errors").asLong()).as(line.get("id").asText()).isZero();
        }
        // --quick: 300 requests per HTTP line, 10 batches of 100, and ProducerPerformance as many records.
        assertThat(lines.get(2).get("ops").asLong()).isEqualTo(300);
        assertThat(lines.get(3).get("ops").asLong()).isEqualTo(1_000);
        assertThat(lines.get(4).get("ops").asLong()).isEqualTo(1_000);
        JsonNode counts = report.get("counts");
        assertThat(counts).hasSize(2);
        assertThat(counts.get(0).get("sent").asLong()).isEqualTo(300);
        assertThat(counts.get(1).get("sent").asLong()).isEqualTo(1_000);
        for (JsonNode count : counts) {
            assertThat(count.get("counted").asLong()).as(count.get("phase").asText()).isEqualTo(count.get("sent").asLong());
            assertThat(count.get("exact").asBoolean()).isTrue();
        }
        assertThat(report.get("ratios").findValuesAsText("of")).contains("(c)/(b)", "(d)/(e)");
    }
}
