package dev.tally.perf.load;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The CPU time a run used, of the generator's own threads (the event loops it made, and the thread
 * that ran it) and of the whole JVM: over the whole run, and over its measured part alone, which
 * leaves out the warm-up's connects and most of the JIT's compiling.
 */
final class CpuMeter {

    /** Both parts of a run, as shares of the machine. */
    record Shares(CpuShare measured, CpuShare wholeRun) {}

    private record Sample(long wallNanos, long generatorNanos, long processNanos) {}

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final List<Thread> eventLoops = new CopyOnWriteArrayList<>();
    private final AtomicReference<Sample> measurementStart = new AtomicReference<>();
    private Thread caller;
    private Sample start;

    /** Makes the event-loop threads, and keeps them to read their CPU time. */
    ThreadFactory threadFactory(String name) {
        // Daemons: a run that went wrong must not keep the JVM alive.
        ThreadFactory netty = new DefaultThreadFactory(name, true);
        return task -> {
            Thread thread = netty.newThread(task);
            eventLoops.add(thread);
            return thread;
        };
    }

    /** On the thread that runs the generator, which counts as one of its own. */
    void start() {
        if (THREADS.isThreadCpuTimeSupported() && !THREADS.isThreadCpuTimeEnabled()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
        caller = Thread.currentThread();
        start = sample();
    }

    /** When the first measured request is issued; from any thread, and only the first call counts. */
    void measurementStarts() {
        if (measurementStart.get() == null) {
            measurementStart.compareAndSet(null, sample());
        }
    }

    /** Before the event loops end: a thread that ended has no CPU time to read. */
    Shares stop() {
        Sample end = sample();
        Sample measured = measurementStart.get();
        return new Shares(share(measured == null ? end : measured, end), share(start, end));
    }

    private Sample sample() {
        long generator = Math.max(0, THREADS.getThreadCpuTime(caller.getId()));
        for (Thread thread : eventLoops) {
            // An event loop that has not started yet reads -1.
            generator += Math.max(0, THREADS.getThreadCpuTime(thread.getId()));
        }
        return new Sample(System.nanoTime(), generator, OS.getProcessCpuTime());
    }

    private static CpuShare share(Sample from, Sample to) {
        return CpuShare.of(Runtime.getRuntime().availableProcessors(), to.wallNanos - from.wallNanos,
                to.generatorNanos - from.generatorNanos, to.processNanos - from.processNanos);
    }
}
