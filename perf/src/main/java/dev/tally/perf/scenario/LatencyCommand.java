package dev.tally.perf.scenario;

import dev.tally.client.api.Reply;
import dev.tally.client.api.ReadOptions;
import dev.tally.perf.OptionValues;
import dev.tally.perf.ResultsOption;
import dev.tally.perf.TargetOptions;
import dev.tally.perf.check.CountCheck;
import dev.tally.perf.check.Expectation;
import dev.tally.perf.check.IncrementLedger;
import dev.tally.perf.check.KeyChoice;
import dev.tally.perf.check.RunId;
import dev.tally.perf.load.Bound;
import dev.tally.perf.load.LatencySummary;
import dev.tally.perf.load.LoadGenerator;
import dev.tally.perf.load.RunResult;
import dev.tally.perf.report.LoadRow;
import dev.tally.perf.stack.BenchStack;
import dev.tally.perf.stack.StackTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code perf latency}: what one request costs when the service is not busy. Increments and reads
 * as open loops at a modest rate (a latency probe must not wait for the answers it measures, or a
 * slow answer would hold back the requests behind it and hide in the figures), then sequential
 * probes of what needs a request to follow the one before: 202 to visible in a read, and a
 * read-your-writes read with the 202's token.
 */
@Command(name = "latency", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Increment and read latency as open loops at a modest rate, then 202-to-visible and read-your-writes",
                "probes one at a time. Starts its own stack unless --url is given."})
public final class LatencyCommand implements Callable<Integer> {

    private static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(10);

    @Mixin TargetOptions target;
    @Mixin ResultsOption results;
    @Spec CommandSpec command;

    @Option(names = "--rate", defaultValue = "200", description = "Open-loop requests/s of increments, then of reads. Default ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--seconds", defaultValue = "20", description = "Measured seconds of each open loop. Default ${DEFAULT-VALUE}.")
    double seconds;

    @Option(names = "--warm-up-seconds", defaultValue = "5", description = "Unmeasured seconds before each. Default ${DEFAULT-VALUE}.")
    double warmUpSeconds;

    @Option(names = "--keys", defaultValue = "200",
            description = "Keys the loops go round; enough that none turns hot (EXCESS_THRESHOLD) at --rate. Default ${DEFAULT-VALUE}.")
    int keys;

    @Option(names = "--probes", defaultValue = "200", description = "Sequential 202-to-visible and read-your-writes probes, each. Default ${DEFAULT-VALUE}.")
    int probes;

    /** @param visible from a 202 to the first read that shows it; {@code afterToken}: a read with the 202's token */
    record Report(String startedAt, String url, String mode, Map<String, Object> options, RunResult increments,
                  RunResult reads, LatencySummary visible, LatencySummary afterToken, CountCheck.Outcome check) {
    }

    @Override
    public Integer call() throws Exception {
        if (rate <= 0 || seconds <= 0 || warmUpSeconds < 0 || keys < 1 || probes < 1) {
            throw new IllegalArgumentException("--rate, --seconds, --keys and --probes must be positive");
        }
        RunId run = RunId.fresh();
        try (StackTarget stack = target.open(false, BenchStack.defaultShape(6), Map.of(), System.err)) {
            List<String> names = Loads.keys(run, "latency", "load", keys);
            IncrementLedger ledger = IncrementLedger.sameRequestPerKey(names, KeyChoice.ROUND_ROBIN, Loads::increment);
            RunResult increments = timed(Loads.open(stack, rate, "increments")).requests(ledger).onResponse(ledger).run();
            RunResult reads = timed(Loads.open(stack, rate, "reads"))
                    .requests(index -> Loads.read(names.get((int) (index % names.size())), "")).run();
            Map<String, Long> probed = new HashMap<>();
            LatencySummary visible = visibleProbes(stack, Loads.keys(run, "latency", "visible", probes), probed);
            LatencySummary afterToken = afterTokenProbes(stack, Loads.keys(run, "latency", "after", probes), probed);
            CountCheck.Outcome check = Loads.counted(stack, ledger.expectation().plus(Expectation.exactly(probed)));

            Report report = new Report(results.startedAt(), stack.apiUrl(), stack.mode(), OptionValues.of(command),
                    increments, reads, visible, afterToken, check);
            System.out.println();
            LoadRow.table(System.out, List.of(increments, reads));
            System.out.printf("%-30s %s%n%-30s %s%n", "202 -> visible in a read", line(visible),
                    "GET ?after=token", line(afterToken));
            System.out.printf("%d increments accepted over %d keys, %d counted: %s%n", check.acceptedTotal(), check.keys(),
                    check.countedTotal(), check.exact() ? "every counter exact" : "COUNTERS WRONG");
            Path json = results.writeJson("latency", report);
            System.out.println("results: " + json.toAbsolutePath());
            return check.exact() && increments.errorCount() == 0 ? 0 : 1;
        }
    }

    private LoadGenerator timed(LoadGenerator generator) {
        return generator.warmUp(Bound.duration(Duration.ofMillis(Math.round(warmUpSeconds * 1000))))
                .bound(Bound.duration(Duration.ofMillis(Math.round(seconds * 1000))));
    }

    /** One key per probe, incremented once and read until it shows 1: from the 202 to the first read that does. */
    private static LatencySummary visibleProbes(StackTarget stack, List<String> keys, Map<String, Long> probed)
            throws InterruptedException {
        Histogram micros = new Histogram(3);
        for (String key : keys) {
            Loads.expect(stack.client().increment(key), 202, "POST /counter/" + key + "/increment");
            probed.put(key, 1L);
            long acknowledged = System.nanoTime();
            while (stack.client().read(key).value() < 1) {
                if (System.nanoTime() - acknowledged > VISIBILITY_TIMEOUT.toNanos()) {
                    throw new IllegalStateException("the increment of " + key + " was not visible after "
                            + VISIBILITY_TIMEOUT.toSeconds() + " s");
                }
            }
            micros.recordValue((System.nanoTime() - acknowledged) / 1_000);
        }
        return LatencySummary.of(micros);
    }

    /** One key per probe, incremented once, then one read with the 202's token, which must include the write. */
    private static LatencySummary afterTokenProbes(StackTarget stack, List<String> keys, Map<String, Long> probed) {
        Histogram micros = new Histogram(3);
        for (String key : keys) {
            Reply written = Loads.expect(stack.client().increment(key), 202, "POST /counter/" + key + "/increment");
            probed.put(key, 1L);
            Reply read = Loads.expect(stack.client().read(key, ReadOptions.after(written.token())), 200,
                    "GET /counter/" + key + "?after=" + written.token());
            if (read.value() < 1) {
                throw new IllegalStateException("GET " + key + "?after=" + written.token() + " answered " + read.describe()
                        + " without the write");
            }
            micros.recordValue(read.took().toNanos() / 1_000);
        }
        return LatencySummary.of(micros);
    }

    private static String line(LatencySummary s) {
        return String.format("p50 %.2f  p99 %.2f  p99.9 %.2f  max %.2f ms (n=%d)", s.p50Ms(), s.p99Ms(), s.p999Ms(), s.maxMs(),
                s.count());
    }
}
