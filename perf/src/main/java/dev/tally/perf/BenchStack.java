package dev.tally.perf;

import dev.tally.compose.stack.Classpaths;
import dev.tally.compose.stack.Component;
import dev.tally.compose.stack.Instance;
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
 * TALLY_HOME on ports of its own (so it neither meets nor disturbs a `bin/tally up` stack or the
 * integration tests' stacks), and always removed: at {@link #close}, or on Ctrl-C by a shutdown hook.
 */
final class BenchStack implements AutoCloseable {

    static final int API_PORT = 18300;
    private static final Instance API = new Instance(Component.API, 1);

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

    /** The default shape (3 brokers, RF 3, min ISR 2, 2 processors, 1 standby) on the benchmark's ports. */
    static StackSpec spec(int partitions) {
        return new StackSpec(3, 3, 2, partitions, 2, 1, API_PORT, 29590, 29690, 18400);
    }

    /** Starts it with these API settings and waits until it is healthy; removes what it started if that fails. */
    static BenchStack up(StackSpec spec, Map<String, String> settings, PrintStream out) throws Exception {
        Path home = Files.createTempDirectory("tally-perf-");
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

    StackSpec spec() {
        return spec;
    }

    Path home() {
        return home;
    }

    /** The launcher's handle on it, for scenarios that kill, start or reconfigure parts of it. */
    Stack stack() {
        return stack;
    }

    /** The API again with other settings (processors and brokers keep running, and keep their data). */
    void restartApi(Map<String, String> settings) throws Exception {
        stack.withSettings(settings);
        stack.stop(API);
        stack.start(API);
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
