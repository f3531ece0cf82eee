package dev.tally.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.domain.Json;
import dev.tally.perf.PerfCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Tiny runs of {@code perf replication}, {@code balance}, {@code consistency}, {@code quorum} and {@code rebalance} on real stacks: files written, every operation accounted for. */
class ScenariosIT {

    @Test
    void replicationMeasuresEachFactorAndCountsEveryIncrement(@TempDir Path results) throws Exception {
        int exit = new CommandLine(new PerfCli()).execute("replication", "--brokers", "1", "--replication-factors", "1",
                "--operations", "400", "--warm-up", "100", "--keys", "20", "--clients", "4", "--results", results.toString());

        assertThat(exit).isZero();
        JsonNode report = Json.MAPPER.readTree(ResultFiles.jsonWithChart(results).toFile());
        assertThat(report.get("rows").findValuesAsText("replicationFactor")).containsExactly("1");
        for (JsonNode row : report.get("rows")) {
            JsonNode load = row.get("load");
            assertThat(load.get("increments").get("accepted").asLong() + load.get("reads").get("accepted").asLong()).isEqualTo(400);
            assertThat(load.get("opsPerSecond").asDouble()).isPositive();
            assertThat(row.get("check").get("exact").asBoolean()).isTrue();
        }
        assertThat(report.get("rows").get(0).get("timesSeed002").isNumber()).isTrue();
    }

    @Test
    void balanceCountsKeysPerPartitionAndPerProcessor(@TempDir Path results) throws Exception {
        int exit = new CommandLine(new PerfCli()).execute("balance", "--increments", "600", "--partitions", "6", "--brokers", "1",
                "--processors", "2", "--results", results.toString());

        assertThat(exit).isZero();
        List<Path> pngs;
        try (Stream<Path> listing = Files.list(results)) {
            pngs = listing.filter(f -> f.toString().endsWith(".png")).toList();
        }
        assertThat(pngs).hasSize(2);
        JsonNode report = Json.MAPPER.readTree(ResultFiles.jsonWithChart(results).toFile());
        long perPartition = sum(report.get("perPartition").get("counts"));
        long perProcessor = sum(report.get("perProcessor").get("counts"));
        assertThat(report.get("perPartition").get("counts").size()).isEqualTo(6);
        assertThat(perPartition).isEqualTo(600);
        assertThat(perProcessor).isEqualTo(600);
        assertThat(report.get("misplaced").asLong()).isZero();
        assertThat(report.get("counted").asLong()).isEqualTo(600);
    }

    @Test
    void consistencyMeasuresEveryLevelAndCountsBothWriteLevels(@TempDir Path results) throws Exception {
        int exit = new CommandLine(new PerfCli()).execute("consistency", "--operations", "200", "--warm-up", "50", "--keys", "20",
                "--clients", "4", "--results", results.toString());

        assertThat(exit).isZero();
        JsonNode report = Json.MAPPER.readTree(ResultFiles.jsonWithChart(results).toFile());
        assertThat(report.get("cases").findValuesAsText("level"))
                .containsExactly("strong", "eventual", "eventual", "strong", "max_lag=0");
        for (JsonNode c : report.get("cases")) {
            assertThat(c.get("result").get("accepted").asLong()).isEqualTo(200);
            assertThat(c.get("result").get("errors").asLong()).isZero();
        }
        assertThat(report.get("writesCheck").get("exact").asBoolean()).isTrue();
    }

    @Test
    void quorumMeasuresAcksOneAndEveryWriteQuorumAndComparesTheCopies(@TempDir Path results) throws Exception {
        int exit = new CommandLine(new PerfCli()).execute("quorum", "--brokers", "3", "--writes", "200", "--rounds", "2", "--warm-up", "100", "--keys", "20",
                "--clients", "4", "--settle", "1", "--results", results.toString());

        assertThat(exit).isZero();
        JsonNode report = Json.MAPPER.readTree(ResultFiles.jsonWithChart(results).toFile());
        assertThat(report.get("cases").findValuesAsText("minInsyncReplicas")).containsExactly("1", "1", "2", "3");
        for (JsonNode c : report.get("cases")) {
            assertThat(c.get("writes").get("accepted").asLong()).isEqualTo(200);
            assertThat(c.get("keysCompared").asInt()).as("20 keys in each of 2 rounds").isEqualTo(40);
        }
        assertThat(report.get("check").get("exact").asBoolean()).isTrue();
    }

    @Test
    void rebalanceMeasuresWhichKeysMoveWhenAProcessorJoinsAndLeavesUnderBothAssignors(@TempDir Path results) throws Exception {
        int exit = new CommandLine(new PerfCli()).execute("rebalance", "--keys", "200", "--processors", "2",
                "--partitions", "6", "--brokers", "1", "--results", results.toString());

        assertThat(exit).isZero();
        JsonNode report = Json.MAPPER.readTree(ResultFiles.jsonWithChart(results).toFile());
        assertThat(report.get("changes").findValuesAsText("assignor"))
                .containsExactly("high-availability", "high-availability", "sticky", "sticky");
        for (int i = 0; i < 4; i += 2) {
            JsonNode join = report.get("changes").get(i);
            JsonNode leave = report.get("changes").get(i + 1);
            // The joiner (processor-3, port 18403) took partitions, and gave them back when it left.
            assertThat(join.get("ownersAfter").toString()).contains("127.0.0.1:18403");
            assertThat(join.get("ownersAfter").size()).isEqualTo(6);
            assertThat(join.get("partitionsMoved").asInt()).isBetween(1, 5);
            assertThat(join.get("partitionsMovedToStandby").asInt()).isBetween(0, join.get("partitionsMoved").asInt());
            assertThat(join.get("keysMoved").asDouble()).isGreaterThan(0).isLessThan(1);
            assertThat(leave.get("ownersAfter").toString()).doesNotContain("127.0.0.1:18403");
            assertThat(leave.get("partitionsMoved").asInt()).isPositive();
        }
        assertThat(report.get("exact").asBoolean()).isTrue();
        assertThat(report.get("placements").findValuesAsText("name")).hasSize(4);
    }

    private static long sum(JsonNode counts) {
        long sum = 0;
        for (JsonNode count : counts) {
            sum += count.asLong();
        }
        return sum;
    }
}
