package dev.tally.perf.scenario;

import dev.tally.perf.check.IncrementLedger;
import dev.tally.perf.load.Bound;
import dev.tally.perf.load.LoadGenerator;
import dev.tally.perf.load.RunResult;
import dev.tally.perf.stack.StackTarget;
import java.time.Duration;
import java.util.List;

/**
 * Reads and increments at once over the same keys, a workload that mixes them: two generator runs
 * side by side, the connections (or the rate) and the operations split by the read share, so each
 * keeps its own latencies. Throughput counts every operation answered 2xx.
 */
final class MixedLoad {

    /**
     * @param opsPerSecond        2xx answers of both runs over the longer one's seconds
     * @param generatorCpuPercent both runs' generator threads together, as a share of the machine
     */
    record Result(RunResult increments, RunResult reads, double opsPerSecond, double generatorCpuPercent) {
        long errors() {
            return increments.requests() - increments.successes() + reads.requests() - reads.successes();
        }
    }

    private MixedLoad() {
    }

    /**
     * @param ledger        the increments' requests and their count (over the keys the reads go round too)
     * @param ratePerSecond operations per second of both together (an open loop), or 0 for closed loops
     */
    static Result run(StackTarget stack, String name, IncrementLedger ledger, List<String> keys, int connections,
                      double readShare, long operations, double ratePerSecond) throws InterruptedException {
        if (operations < 2) {
            throw new IllegalArgumentException("a mixed load needs 2 or more operations");
        }
        long reads = Math.max(1, Math.min(operations - 1, Math.round(operations * readShare)));
        return run(stack, name, ledger, keys, connections, readShare, Bound.requests(operations - reads), Bound.requests(reads),
                ratePerSecond);
    }

    /** Closed loops for {@code duration}, both of them; every increment still goes through the ledger. */
    static Result runFor(StackTarget stack, String name, IncrementLedger ledger, List<String> keys, int connections,
                         double readShare, Duration duration) throws InterruptedException {
        return run(stack, name, ledger, keys, connections, readShare, Bound.duration(duration), Bound.duration(duration), 0);
    }

    private static Result run(StackTarget stack, String name, IncrementLedger ledger, List<String> keys, int connections,
                              double readShare, Bound incrementBound, Bound readBound, double ratePerSecond) throws InterruptedException {
        if (connections < 2 || readShare <= 0 || readShare >= 1) {
            throw new IllegalArgumentException("a mixed load needs 2 or more connections, and a read share between 0 and 1");
        }
        int readConnections = Math.max(1, Math.min(connections - 1, (int) Math.round(connections * readShare)));
        LoadGenerator incrementing = ratePerSecond > 0
                ? Loads.open(stack, ratePerSecond * (1 - readShare), name + " increments")
                : Loads.closed(stack, connections - readConnections, name + " increments");
        LoadGenerator reading = ratePerSecond > 0
                ? Loads.open(stack, ratePerSecond * readShare, name + " reads")
                : Loads.closed(stack, readConnections, name + " reads");
        List<RunResult> runs = Concurrently.run(List.of(
                incrementing.requests(ledger).onResponse(ledger).bound(incrementBound),
                // A stride through the keys, so reads and increments of one key do not go in lockstep.
                reading.requests(index -> Loads.read(keys.get((int) ((index * 7919) % keys.size())), ""))
                        .bound(readBound)));
        RunResult increments = runs.get(0);
        RunResult read = runs.get(1);
        double seconds = Math.max(increments.seconds(), read.seconds());
        return new Result(increments, read, seconds > 0 ? (increments.successes() + read.successes()) / seconds : 0,
                increments.cpu().generatorPercent() + read.cpu().generatorPercent());
    }
}
