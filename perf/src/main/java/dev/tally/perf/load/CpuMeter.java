package dev.tally.perf.load;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;

/**
 * The CPU time a run used: of the generator's own threads (the event loops it made, and the thread
 * that ran it), and of the whole JVM, from {@link #start} to {@link #stop}.
 */
final class CpuMeter {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final List<Thread> eventLoops = new CopyOnWriteArrayList<>();
    private long startNanos;
    private long processStartNanos;
    private long callerStartNanos;

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

    void start() {
        if (THREADS.isThreadCpuTimeSupported() && !THREADS.isThreadCpuTimeEnabled()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
        startNanos = System.nanoTime();
        processStartNanos = OS.getProcessCpuTime();
        callerStartNanos = THREADS.getCurrentThreadCpuTime();
    }

    /** Call on the thread that called {@link #start}, before the event loops end (a dead thread has no CPU time). */
    CpuShare stop() {
        long elapsed = System.nanoTime() - startNanos;
        long process = OS.getProcessCpuTime() - processStartNanos;
        // The event loops were made for this run: all of their CPU time is the run's.
        long generator = THREADS.getCurrentThreadCpuTime() - callerStartNanos;
        for (Thread thread : eventLoops) {
            generator += Math.max(0, THREADS.getThreadCpuTime(thread.getId()));
        }
        return CpuShare.of(Runtime.getRuntime().availableProcessors(), elapsed, generator, process);
    }
}
