package dev.tally.perf.chaos;

import dev.tally.compose.net.NetworkFaults;
import dev.tally.compose.stack.Instance;
import dev.tally.compose.stack.Stack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The faults of {@code perf chaos}: each kills one process (SIGKILL, through the launcher's
 * {@link Stack#kill}, the code behind {@code bin/tally kill}) once the load has finished a given
 * share of its increments, and starts it again a while later; or partitions it at the fault
 * proxies ({@code bin/tally net partition}) and heals it a while later. Each fault runs on a thread of its
 * own beside the load (a slow restart must not delay the next kill) and records when each step happened.
 */
final class FaultSchedule {

    /**
     * Kill {@code instance} at {@code atShare} of the load and start it again {@code restartAfter} later
     * (null: never); or, with {@code partition}, cut its traffic at the fault proxies and heal it then.
     */
    record Fault(Instance instance, double atShare, Duration restartAfter, boolean partition) {
        Fault(Instance instance, double atShare, Duration restartAfter) {
            this(instance, atShare, restartAfter, false);
        }
    }

    /** One step as it happened: seconds since the load started, what, and how long the step took. */
    record Event(double atSeconds, String what, double tookSeconds) {
    }

    private final Stack stack;
    private final NetworkFaults net;
    private final List<Fault> faults;
    private final List<Event> events = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile Exception failure;

    FaultSchedule(Stack stack, List<Fault> faults) {
        this(stack, null, faults);
    }

    /** @param net the stack's network faults, for partitions (null: the faults only kill) */
    FaultSchedule(Stack stack, NetworkFaults net, List<Fault> faults) {
        this.stack = stack;
        this.net = net;
        this.faults = List.copyOf(faults);
    }

    /**
     * @param finished   increments the load has finished so far
     * @param total      increments it will send
     * @param startNanos when the load started, for the event times
     */
    FaultSchedule start(LongSupplier finished, long total, long startNanos) {
        for (Fault fault : faults) {
            Thread thread = new Thread(() -> run(fault, finished, total, startNanos), "chaos-" + fault.instance());
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        return this;
    }

    /** Waits for the last step (restarts included) and hands back what happened. */
    List<Event> await() throws Exception {
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure != null) {
            throw failure;
        }
        synchronized (events) {
            return events.stream().sorted(java.util.Comparator.comparingDouble(Event::atSeconds)).toList();
        }
    }

    private void run(Fault fault, LongSupplier finished, long total, long startNanos) {
        try {
            while (finished.getAsLong() < fault.atShare() * total) {
                Thread.sleep(20);
            }
            String name = fault.instance().name();
            if (fault.partition()) {
                step(startNanos, "partition " + name, () -> net.partition(name));
            } else {
                step(startNanos, "kill " + name, () -> stack.kill(fault.instance()));
            }
            if (fault.restartAfter() != null) {
                Thread.sleep(fault.restartAfter().toMillis());
                if (fault.partition()) {
                    step(startNanos, "heal " + name, () -> net.heal(name));
                } else {
                    step(startNanos, "start " + name, () -> stack.start(fault.instance()));
                }
            }
        } catch (Exception e) {
            failure = e;
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private void step(long startNanos, String what, Step step) throws Exception {
        long at = System.nanoTime();
        System.err.printf("%n%-10s %s at %.1f s%n", "chaos", what, (at - startNanos) / 1e9);
        step.run();
        synchronized (events) {
            events.add(new Event((at - startNanos) / 1e9, what, (System.nanoTime() - at) / 1e9));
        }
    }
}
