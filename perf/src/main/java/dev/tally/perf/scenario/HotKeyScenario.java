package dev.tally.perf.scenario;

import dev.tally.domain.Partitions;
import dev.tally.perf.check.CountCheck;
import dev.tally.perf.check.IncrementLedger;
import dev.tally.perf.check.KeyChoice;
import dev.tally.perf.check.RunId;
import dev.tally.perf.load.Bound;
import dev.tally.perf.load.LoadGenerator;
import dev.tally.perf.load.LoadRequest;
import dev.tally.perf.load.RunResult;
import dev.tally.perf.stack.StackTarget;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The measurements of {@code perf hotkey} against one API, whatever its configuration: cold keys
 * alone, cold keys beside a hammered hot key on the same partition, and the hot key alone. Cold
 * traffic is an open loop at a modest rate (its latency is the measurement, and an open loop shows
 * a hot key's queueing in it instead of slowing down to hide it); the hot key is a closed loop, as
 * fast as the API takes it. Every phase uses fresh keys of the run, so counters start at 0 and a
 * key that was hot in one phase is not already hot in the next.
 */
final class HotKeyScenario {

    /**
     * One phase: its cold and/or hot traffic, how many of the hot key's 202s (warm-up included) there
     * were and how many of them took the excess queue, and whether every counter came out exact.
     */
    record Phase(String name, String configuration, RunResult cold, RunResult hot, long hotAccepted, long hotExcess,
                 CountCheck.Outcome check) {
    }

    /** Long enough for the hot key to cross EXCESS_THRESHOLD and for its queue to reach a steady state. */
    private static final Duration HEAD_START = Duration.ofSeconds(2);

    private final StackTarget stack;
    private final RunId run;
    private final int partitions;
    private final int partition;
    private final HotKeyCommand.Load load;

    HotKeyScenario(StackTarget stack, RunId run, HotKeyCommand.Load load) {
        this.stack = stack;
        this.run = run;
        this.partitions = stack.view().partitions();
        this.partition = Partitions.forKey(run.prefix("hotkey", "hot"), partitions);
        this.load = load;
    }

    /** The partition the hot keys and the cold keys share. */
    int partition() {
        return partition;
    }

    /**
     * JIT, connections and producer warm-up on keys no phase uses; after every API (re)start. Cold
     * keys and a hot one: without the hot key the first configuration measured would pay for
     * warming up the excess path (its topic's partitions, the aggregator, its transactions) and the
     * second would not, which once made the excess path look twice as slow.
     */
    void warmUp(String label) throws InterruptedException {
        coldLoad("warm-" + label).run();
        hotLoad("warm-" + label).ledgered(Loads.closed(stack, load.hotConnections(), "warm-up hot"))
                .bound(Bound.requests(Math.max(1_000, load.hotRequests() / 10))).run();
    }

    /** GET /health at the cold rate: the floor HTTP and the load generator put under every cold figure. */
    RunResult httpFloor() throws InterruptedException {
        return timed(Loads.open(stack, load.coldRate(), "GET /health (floor)")
                .requests(index -> LoadRequest.get("/health"))).run();
    }

    Phase coldOnly(String name, String configuration) throws InterruptedException {
        Traffic cold = coldLoad(name);
        RunResult result = cold.run();
        return new Phase(name, configuration, result, null, 0, 0, Loads.counted(stack, cold.ledger.expectation()));
    }

    Phase coldBesideHot(String name, String configuration) throws InterruptedException {
        Traffic cold = coldLoad(name);
        Traffic hot = hotLoad(name);
        // Both warm up over the same head start, so the cold keys are measured while the hot key is already hot.
        List<RunResult> runs = Concurrently.run(List.of(cold.generator(), timed(hot.ledgered(
                Loads.closed(stack, load.hotConnections(), name + " hot")))));
        return new Phase(name, configuration, runs.get(0), runs.get(1), hot.ledger.acceptedTotal(), hot.excess.sum(),
                Loads.counted(stack, cold.ledger.expectation().plus(hot.ledger.expectation())));
    }

    Phase hotAlone(String name, String configuration) throws InterruptedException {
        Traffic hot = hotLoad(name);
        RunResult result = hot.ledgered(Loads.closed(stack, load.hotConnections(), name + " hot"))
                .bound(Bound.requests(load.hotRequests())).run();
        return new Phase(name, configuration, null, result, hot.ledger.acceptedTotal(), hot.excess.sum(),
                Loads.counted(stack, hot.ledger.expectation()));
    }

    /** The cold keys of a phase, round robin over enough keys of the hot key's partition that none turns hot. */
    private Traffic coldLoad(String phase) {
        long total = Math.round(load.coldRate() * (load.seconds() + HEAD_START.toSeconds()));
        List<String> keys = ColdKeys.onPartition(run.prefix("hotkey", "cold-" + slug(phase)), partition, partitions,
                ColdKeys.keysFor(total));
        return new Traffic(IncrementLedger.sameRequestPerKey(keys, KeyChoice.ROUND_ROBIN, Loads::increment),
                timed(Loads.open(stack, load.coldRate(), phase + " cold")));
    }

    private Traffic hotLoad(String phase) {
        String key = ColdKeys.onPartition(run.prefix("hotkey", "hot-" + slug(phase)), partition, partitions, 1).get(0);
        return new Traffic(IncrementLedger.sameRequestPerKey(List.of(key), KeyChoice.ROUND_ROBIN, Loads::increment), null);
    }

    private LoadGenerator timed(LoadGenerator generator) {
        return generator.warmUp(Bound.duration(HEAD_START)).bound(Bound.duration(Duration.ofMillis(Math.round(load.seconds() * 1000))));
    }

    private static String slug(String name) {
        return name.replaceAll("[^A-Za-z0-9]+", "-").toLowerCase(java.util.Locale.ROOT);
    }

    /** One traffic's requests and book, and how many of its 202s said the excess queue. */
    private static final class Traffic {
        final IncrementLedger ledger;
        final LongAdder excess = new LongAdder();
        private final LoadGenerator generator;

        Traffic(IncrementLedger ledger, LoadGenerator generator) {
            this.ledger = ledger;
            this.generator = generator == null ? null : ledgered(generator);
        }

        /** The generator sending this traffic's requests, its answers into the ledger and the excess count. */
        LoadGenerator ledgered(LoadGenerator generator) {
            return generator.requests(ledger).onResponse(response -> {
                ledger.onResponse(response);
                if (response.status() == 202 && response.bodyText().contains("\"queue\":\"excess\"")) {
                    excess.increment();
                }
            });
        }

        LoadGenerator generator() {
            return generator;
        }

        RunResult run() throws InterruptedException {
            return generator.run();
        }
    }
}
