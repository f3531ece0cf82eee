package dev.tally.perf.chaos;

import dev.tally.compose.stack.Instance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The resident memory of every process of a stack, read from {@code /proc/<pid>/status} (VmRSS) at a
 * fixed period on a thread of its own, by instance: a process killed and started again goes on under
 * its instance with a new pid, which its samples record.
 */
final class RssSampler implements AutoCloseable {

    /** One reading of one process. */
    record Sample(double atSeconds, long pid, long rssKb) {
    }

    private final List<Instance> instances;
    private final Function<Instance, OptionalLong> pidOf;
    private final long periodMillis;
    private final long startNanos;
    private final Map<Instance, List<Sample>> samples = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    RssSampler(List<Instance> instances, Function<Instance, OptionalLong> pidOf, long periodMillis, long startNanos) {
        this.instances = List.copyOf(instances);
        this.pidOf = pidOf;
        this.periodMillis = periodMillis;
        this.startNanos = startNanos;
        instances.forEach(i -> samples.put(i, new ArrayList<>()));
        this.thread = new Thread(this::run, "rss-sampler");
        thread.setDaemon(true);
    }

    RssSampler start() {
        thread.start();
        return this;
    }

    /** Reads every process once now. */
    void sampleNow() {
        double at = (System.nanoTime() - startNanos) / 1e9;
        for (Instance instance : instances) {
            OptionalLong pid = pidOf.apply(instance);
            if (pid.isPresent()) {
                OptionalLong rss = rssKb(pid.getAsLong());
                if (rss.isPresent()) {
                    synchronized (samples) {
                        samples.get(instance).add(new Sample(at, pid.getAsLong(), rss.getAsLong()));
                    }
                }
            }
        }
    }

    /** Every sample so far, by instance. */
    Map<Instance, List<Sample>> samples() {
        synchronized (samples) {
            Map<Instance, List<Sample>> copy = new LinkedHashMap<>();
            samples.forEach((instance, list) -> copy.put(instance, List.copyOf(list)));
            return copy;
        }
    }

    /** VmRSS of a live process in KiB; empty once it has gone. */
    static OptionalLong rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return OptionalLong.of(Long.parseLong(line.substring(6).replace("kB", "").strip()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone between the look-up and the read
        }
        return OptionalLong.empty();
    }

    private void run() {
        while (running) {
            sampleNow();
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        sampleNow();
    }
}
