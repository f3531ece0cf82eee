package dev.tally.perf.stack;

import dev.tally.compose.net.NetSetup;
import dev.tally.compose.stack.Classpaths;
import dev.tally.compose.stack.Stack;
import dev.tally.compose.stack.StackHome;
import dev.tally.compose.stack.StackSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A throw-away stack for one benchmark run, started through the launcher's own code in a temporary
 * TALLY_HOME on a block of free ports (so it neither meets nor disturbs a `bin/tally up` stack or the
 * integration tests' stacks), and always removed: at {@link #close}, or on Ctrl-C by a shutdown hook.
 */
public final class BenchStack implements AutoCloseable {

    private final Stack stack;
    private final Path home;
    private final StackSpec spec;
    private final AtomicBoolean removed = new AtomicBoolean();
    private final Thread hook = new Thread(this::remove, "perf-stack-down");

    private BenchStack(Stack stack, Path home, StackSpec spec) {
        this.stack = stack;
        this.home = home;
        this.spec = spec;
    }

    /** The default shape (3 brokers, RF 3, min ISR 2, 2 processors, 1 standby) with this many partitions. */
    public static StackSpec defaultShape(int partitions) {
        StackSpec d = StackSpec.DEFAULT;
        return new StackSpec(d.brokers(), d.replicationFactor(), d.minInsyncReplicas(), partitions, d.processors(),
                d.standbys(), d.apiPort(), d.brokerPortBase(), d.controllerPortBase(), d.processorPortBase());
    }

    /**
     * Starts a stack of this shape, on free ports whatever ports the shape names, with these service
     * settings, and waits until it is healthy; removes what it started if that fails.
     */
    public static BenchStack up(StackSpec shape, Map<String, String> settings, PrintStream out) throws Exception {
        return up(shape, settings, false, out);
    }

    /** @param netFaults behind fault proxies, for scenarios that lag or cut a process's traffic */
    public static BenchStack up(StackSpec shape, Map<String, String> settings, boolean netFaults, PrintStream out) throws Exception {
        StackSpec spec = shape.onFreePorts();
        Path home = Files.createTempDirectory("tally-perf-");
        if (netFaults) {
            NetSetup.enable(new StackHome(home), spec);
        }
        Stack stack = new Stack(new StackHome(home), Classpaths.fromBuild(Classpaths.projectRoot()), out).withSettings(settings);
        BenchStack bench = new BenchStack(stack, home, spec);
        Runtime.getRuntime().addShutdownHook(bench.hook);
        try {
            stack.up(spec);
        } catch (Exception | Error e) {
            bench.close();
            throw e;
        }
        return bench;
    }

    public StackSpec spec() {
        return spec;
    }

    public Path home() {
        return home;
    }

    /** The launcher's handle on it, for scenarios that kill, start or reconfigure parts of it. */
    public Stack stack() {
        return stack;
    }

    @Override
    public void close() {
        remove();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or ran: nothing left to unregister
        }
    }

    private void remove() {
        if (removed.compareAndSet(false, true)) {
            try {
                stack.down(true);
            } catch (IOException | RuntimeException e) {
                System.err.println("perf: could not remove the benchmark stack in " + home + ": " + e);
            }
        }
    }
}
