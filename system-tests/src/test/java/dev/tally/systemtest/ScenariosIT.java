package dev.tally.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.compose.stack.Component;
import dev.tally.domain.Json;
import dev.tally.perf.PerfCli;
import dev.tally.systemtest.support.OnSharedStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Tiny runs of {@code perf replication}, {@code balance}, {@code consistency}, {@code quorum} and
 * {@code rebalance} on the shared stack (3 brokers, RF 3, 6 partitions, 2 processors): each measures
 * the stack's shape as it is, writes its files, accounts for every operation, and puts back what it changed.
 */
class ScenariosIT extends OnSharedStack {

    private int perf(Path results, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", stack.spec().apiUrl(), "--results", results.toString()));
        return new CommandLine(new PerfCli()).execute(all.toArray(String[]::new));
    }

    private static JsonNode report(Path results) throws Exception {
        return Json.MAPPER.readTree(ResultFiles.jsonWithChart(results).toFile());
    }

    @Test
    void replicationMeasuresTheReplicationFactorTheStackHasAndCountsEveryIncrement(@TempDir Path results) throws Exception {
        int exit = perf(results, "replication", "--operations", "400", "--stack-warm-up-seconds", "1", "--warm-up", "0", "--keys", "20",
                "--connections", "4");

        assertThat(exit).isZero();
        JsonNode report = report(results);
        assertThat(report.get("rows")).hasSize(1);
        JsonNode row = report.get("rows").get(0);
        assertThat(row.get("replicationFactor").asInt()).isEqualTo(stack.spec().replicationFactor());
        assertThat(row.get("minInsyncReplicas").asInt()).isEqualTo(stack.spec().minInsyncReplicas());
        JsonNode load = row.get("load");
        // Every increment answered 202 (what the count needs); every read answered, 503s included (a copy busy moving).
        assertThat(load.get("increments").get("statuses").get("202").asLong()).isEqualTo(200);
        assertThat(load.get("reads").get("requests").asLong()).isEqualTo(200).isEqualTo(sum(load.get("reads").get("statuses")));
        assertThat(load.get("increments").get("cpu").get("generatorPercent").asDouble()).isPositive();
        // The keys' first increments (20), the stack warm-up's (a second of them) and the mix's (200) were all counted.
        assertThat(row.get("check").get("acceptedTotal").asLong()).isGreaterThan(20 + 200);
        assertThat(row.get("check").get("exact").asBoolean()).isTrue();
        assertThat(row.get("timesReference").asDouble())
                .isEqualTo(load.get("opsPerSecond").asDouble() / row.get("referenceOpsPerSecond").asDouble());
    }

    @Test
    void balanceCountsKeysPerPartitionAndPerProcessor(@TempDir Path results) throws Exception {
        int exit = perf(results, "balance", "--home", stack.home().toString(), "--increments", "600", "--connections", "8");

        assertThat(exit).isZero();
        List<Path> pngs;
        try (Stream<Path> listing = Files.list(results)) {
            pngs = listing.filter(f -> f.toString().endsWith(".png")).toList();
        }
        assertThat(pngs).hasSize(2);
        JsonNode report = report(results);
        assertThat(report.get("perPartition").get("counts").size()).isEqualTo(stack.spec().partitions());
        assertThat(sum(report.get("perPartition").get("counts"))).isEqualTo(600);
        assertThat(report.get("perProcessor").get("counts").size()).isEqualTo(stack.spec().processors());
        assertThat(sum(report.get("perProcessor").get("counts"))).isEqualTo(600);
        assertThat(report.get("misplaced").asLong()).isZero();
        assertThat(report.get("check").get("acceptedTotal").asLong()).isEqualTo(600);
        assertThat(report.get("check").get("countedTotal").asLong()).isEqualTo(600);
    }

    @Test
    void consistencyMeasuresEveryLevelAndCountsBothWriteLevels(@TempDir Path results) throws Exception {
        int exit = perf(results, "consistency", "--operations", "200", "--warm-up", "50", "--keys", "20", "--connections", "4");

        assertThat(exit).isZero();
        JsonNode report = report(results);
        assertThat(report.get("cases").findValuesAsText("level"))
                .containsExactly("strong", "eventual", "eventual", "strong", "max_lag=0");
        for (JsonNode c : report.get("cases")) {
            assertThat(c.get("result").get("successes").asLong()).isEqualTo(200);
            assertThat(c.get("result").get("requests").asLong()).isEqualTo(200);
        }
        // Both write levels' warm-ups and measured writes, every one counted.
        assertThat(report.get("writesCheck").get("acceptedTotal").asLong()).isEqualTo(2 * (50 + 200));
        assertThat(report.get("writesCheck").get("exact").asBoolean()).isTrue();
    }

    @Test
    void quorumWalksTheQuorumsTheStacksReplicationFactorAllowsAndPutsItsOwnBack(@TempDir Path results) throws Exception {
        int exit = perf(results, "quorum", "--home", stack.home().toString(), "--writes", "200", "--rounds", "2",
                "--warm-up", "100", "--keys", "20", "--connections", "4", "--settle", "0.5");

        assertThat(exit).isZero();
        JsonNode report = report(results);
        // acks=1 at the stack's quorum, then acks=all at 1, 2 and 3 (RF 3).
        assertThat(report.get("cases").findValuesAsText("minInsyncReplicas")).containsExactly("2", "1", "2", "3");
        for (JsonNode c : report.get("cases")) {
            assertThat(c.get("writes").get("successes").asLong()).isEqualTo(200);
            assertThat(c.get("keysCompared").asInt()).as("20 keys in each of 2 rounds").isEqualTo(40);
        }
        assertThat(report.get("check").get("acceptedTotal").asLong()).isEqualTo(4 * 200 + 2 * 50);
        assertThat(report.get("check").get("exact").asBoolean()).isTrue();
        assertThat(stack.stack().savedSpec().orElseThrow().minInsyncReplicas()).isEqualTo(stack.spec().minInsyncReplicas());
    }

    @Test
    void rebalanceAddsAProcessorToTheStackAndRemovesItAgain(@TempDir Path results) throws Exception {
        int exit = perf(results, "rebalance", "--home", stack.home().toString(), "--assignors", "high-availability",
                "--keys", "200", "--connections", "4");

        assertThat(exit).isZero();
        JsonNode report = report(results);
        String joiner = "127.0.0.1:" + stack.spec().processorPort(stack.spec().processors() + 1);
        assertThat(report.get("changes").findValuesAsText("name")).containsExactly("join 2→3", "leave 3→2");
        JsonNode join = report.get("changes").get(0);
        JsonNode leave = report.get("changes").get(1);
        assertThat(join.get("ownersAfter").toString()).contains(joiner);
        assertThat(join.get("ownersAfter").size()).isEqualTo(stack.spec().partitions());
        assertThat(join.get("partitionsMoved").asInt()).isBetween(1, stack.spec().partitions() - 1);
        assertThat(join.get("partitionsMovedToStandby").asInt()).isBetween(0, join.get("partitionsMoved").asInt());
        assertThat(join.get("keysMoved").asDouble()).isGreaterThan(0).isLessThan(1);
        assertThat(leave.get("ownersAfter").toString()).doesNotContain(joiner);
        assertThat(leave.get("partitionsMoved").asInt()).isPositive();
        assertThat(report.get("exact").asBoolean()).isTrue();
        assertThat(report.get("placements").findValuesAsText("name")).hasSize(4);
        assertThat(stack.stack().savedSpec().orElseThrow().processors()).isEqualTo(stack.spec().processors());
        assertThat(stack.stack().status()).as("no trace of the joiner")
                .noneMatch(row -> row.instance().component() == Component.PROCESSOR && row.instance().id() > stack.spec().processors());
    }

    private static long sum(JsonNode counts) {
        long sum = 0;
        for (JsonNode count : counts) {
            sum += count.asLong();
        }
        return sum;
    }
}
