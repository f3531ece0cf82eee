package dev.tally.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.domain.Json;
import dev.tally.perf.PerfCli;
import dev.tally.systemtest.support.OnSharedStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bin/tally perf ceiling --quick} on the shared stack: each line's steps add up and its knee is
 * its best step, the ratios are the lines' own figures, the curves have their rates, both charts are
 * written, and every increment the run sent was counted exactly.
 */
class CeilingIT extends OnSharedStack {

    @Test
    void aQuickRunFindsEachLinesKneeAndCountsEveryIncrementItSent(@TempDir Path results) throws Exception {
        int exit = new CommandLine(new PerfCli()).execute("ceiling", "--quick", "--url", stack.spec().apiUrl(),
                "--bootstrap-servers", stack.spec().bootstrapServers(), "--results", results.toString());

        assertThat(exit).isZero();
        try (Stream<Path> files = Files.list(results)) {
            assertThat(files.filter(f -> f.toString().endsWith(".png")).map(f -> f.getFileName().toString()))
                    .hasSize(2).anyMatch(name -> name.endsWith("-knees.png")).anyMatch(name -> name.endsWith("-latency.png"));
        }
        JsonNode report = Json.MAPPER.readTree(ResultFiles.jsonWithChart(results).toFile());

        Map<String, Double> knees = new HashMap<>();
        Map<String, Long> measuredOps = new HashMap<>();
        assertThat(report.get("lines").findValuesAsText("id")).containsExactly("(a)", "(b)", "(c)", "(d)", "(r)");
        for (JsonNode line : report.get("lines")) {
            String id = line.get("id").asText();
            JsonNode steps = line.get("steps");
            // --quick: 2 steps, 32 and 64 connections (batches: 2 and 4 in flight).
            assertThat(steps.findValuesAsText("concurrency")).as(id).containsExactly(
                    id.equals("(d)") ? new String[] {"2", "4"} : new String[] {"32", "64"});
            int best = 0;
            for (int i = 0; i < steps.size(); i++) {
                JsonNode step = steps.get(i);
                JsonNode run = step.get("run");
                assertThat(step.get("requests").asLong()).as(id).isPositive()
                        .isEqualTo(step.get("successes").asLong() + step.get("failed").asLong() + step.get("unanswered").asLong());
                assertThat(step.get("failed").asLong() + step.get("unanswered").asLong()).as(id).isZero();
                assertThat(step.get("opsPerSecond").asDouble()).as(id).isPositive().isCloseTo(
                        run.get("successesPerSecond").asDouble() * line.get("opsPerRequest").asInt(), within(1e-6));
                assertThat(step.get("generatorCpuPercent").asDouble()).as(id).isPositive()
                        .isEqualTo(run.get("cpu").get("generatorPercent").asDouble());
                best = step.get("opsPerSecond").asDouble() > steps.get(best).get("opsPerSecond").asDouble() ? i : best;
                measuredOps.merge(id, step.get("successes").asLong() * line.get("opsPerRequest").asInt(), Long::sum);
            }
            assertThat(line.get("kneeStep").asInt()).as(id + ": the knee is the best step").isEqualTo(best);
            assertThat(line.get("knee")).as(id).isEqualTo(steps.get(best));
            knees.put(id, line.get("knee").get("opsPerSecond").asDouble());
        }

        JsonNode producer = report.get("producerPerformance");
        assertThat(producer.get("records").asLong()).isEqualTo(20_000);
        Map<String, JsonNode> ratios = new HashMap<>();
        report.get("ratios").forEach(ratio -> ratios.put(ratio.get("of").asText(), ratio));
        assertThat(ratios).containsKeys("(c)/(a)", "(d)/(e)", "(c)/(b)");
        assertRatio(ratios.get("(c)/(a)"), knees.get("(c)"), knees.get("(a)"));
        assertRatio(ratios.get("(c)/(b)"), knees.get("(c)"), knees.get("(b)"));
        assertRatio(ratios.get("(d)/(e)"), knees.get("(d)"), producer.get("recordsPerSecond").asDouble());

        Map<String, Long> curveOps = new HashMap<>();
        assertThat(report.get("curves").findValuesAsText("id")).containsExactly("(c)", "(d)", "(r)");
        for (JsonNode curve : report.get("curves")) {
            String id = curve.get("id").asText();
            // --quick: 2 rates, 100 and 200 requests/s (batches: 5 and 10 of 100 increments), unless the first
            // already ended the curve: a stack that fell behind it (on a busy machine) gives one point, and says so.
            List<String> offered = curve.get("points").findValuesAsText("offeredOpsPerSecond");
            List<String> ladder = id.equals("(d)") ? List.of("500.0", "1000.0") : List.of("100.0", "200.0");
            assertThat(offered).as(id).isNotEmpty().isEqualTo(ladder.subList(0, offered.size()));
            if (offered.size() < ladder.size()) {
                assertThat(curve.get("endedBecause").asText()).as(id).contains("fell behind");
            }
            for (JsonNode point : curve.get("points")) {
                assertThat(point.get("achievedOpsPerSecond").asDouble()).as(id).isPositive();
                assertThat(point.get("p99Ms").asDouble()).as(id).isGreaterThanOrEqualTo(point.get("p50Ms").asDouble());
                curveOps.merge(id, point.get("run").get("successes").asLong() * (id.equals("(d)") ? 100 : 1), Long::sum);
            }
        }

        assertThat(report.get("counts").findValuesAsText("phase")).hasSize(4);
        for (JsonNode count : report.get("counts")) {
            JsonNode check = count.get("check");
            assertThat(check.get("exact").asBoolean()).as(count.get("phase").asText()).isTrue();
            assertThat(check.get("countedTotal").asLong()).as(count.get("phase").asText())
                    .isEqualTo(check.get("acceptedTotal").asLong());
        }
        // The final counts cover every measured step and curve point, besides the warm-ups.
        assertThat(report.get("counts").get(2).get("check").get("acceptedTotal").asLong())
                .isGreaterThanOrEqualTo(measuredOps.get("(c)") + curveOps.get("(c)"));
        assertThat(report.get("counts").get(3).get("check").get("acceptedTotal").asLong())
                .isGreaterThanOrEqualTo(measuredOps.get("(d)") + curveOps.get("(d)"));
        assertThat(report.get("exact").asBoolean()).isTrue();
    }

    private static void assertRatio(JsonNode ratio, double numerator, double denominator) {
        assertThat(ratio.get("numerator").asDouble()).isEqualTo(numerator);
        assertThat(ratio.get("denominator").asDouble()).isEqualTo(denominator);
        assertThat(ratio.get("value").asDouble()).isCloseTo(numerator / denominator, within(1e-9));
    }
}
