package dev.tally.systemtest.support;

import dev.tally.compose.stack.StackSpec;
import java.util.Map;

/**
 * The stacks the system tests run on. Tests of one shape share one stack (see {@link SharedStacks}),
 * so a shape is started once per test run.
 */
public enum StackShape {

    /**
     * {@code bin/tally up}'s shape (3 controllers, 3 brokers, replication factor 3, min.insync.replicas
     * 2, 6 partitions, 2 processors with a standby each) with 2 API replicas on one port, so that every
     * test also crosses replicas.
     */
    DEFAULT(StackSpec.DEFAULT.withApiReplicas(2), false, Settings.SHARED),

    /**
     * The same shape with every process in a network namespace of its own, on its own address, as on
     * separate hosts ({@code bin/tally up --hosts}): nothing reaches a process at 127.0.0.1 there.
     */
    SEPARATE_HOSTS(StackSpec.DEFAULT.withApiReplicas(2), true, Settings.SHARED);

    private final StackSpec spec;
    private final boolean separateHosts;
    private final Map<String, String> settings;

    StackShape(StackSpec spec, boolean separateHosts, Map<String, String> settings) {
        this.spec = spec;
        this.separateHosts = separateHosts;
        this.settings = settings;
    }

    /** Whether each process runs in a network namespace of its own. */
    public boolean separateHosts() {
        return separateHosts;
    }

    private static final class Settings {
        static final Map<String, String> SHARED = Map.of(
                // Low, so that a test's key turns hot after a handful of increments and the excess path is
                // exercised wherever keys are written repeatedly (each replica counts what it sees).
                "EXCESS_THRESHOLD", "3",
                // The tests check what a token read answers, not how fast: with 2 API replicas, 2 processors,
                // 6 Kafka JVMs and the test sharing 2 cores, a hot key's token read took up to 2.9 s (over the
                // 3 s default in CI once). perf latency measures the speed.
                "READ_DEADLINE_MS", "8000",
                // POST /ceiling/counter/{key}/increment, for perf ceiling's smoke run.
                "BENCH_ENDPOINTS", "true",
                // Windows on, so that WindowsAndResetsIT checks them on this stack instead of a stack of its
                // own: two windowed-store writes per increment in every test, a few per cent of the
                // processors' capacity (docs/performance.md), which these tests never approach.
                "WINDOWS", "1m,1h");
    }

    /** The shape; its ports are placeholders, replaced by free ones when the stack starts. */
    public StackSpec spec() {
        return spec;
    }

    /** The service settings every process of the stack starts with. */
    public Map<String, String> settings() {
        return settings;
    }
}
