package dev.tally.perf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * The end-of-phase exactness check: every key's counter must come to exactly the number of 202s
 * it got. Counters lag the 202s (and the excess path merges hot keys after a delay), so it reads
 * again until they match or the deadline passes; only then is a difference a mismatch.
 */
final class CountCheck {

    /** A key whose counter did not reach exactly what was accepted ({@code actual} -1: it could not be read). */
    record Mismatch(String key, long expected, long actual) {
        @Override
        public String toString() {
            return key + ": " + actual + " counted, " + expected + " accepted (" + (actual - expected > 0 ? "+" : "")
                    + (actual - expected) + ")";
        }
    }

    /**
     * The outcome, as the JSON file records it.
     *
     * @param countedTotal the sum of the values last read back, one per key (an unreadable key adds 0):
     *                     read from the API, not derived from {@code expectedTotal}, so a report's
     *                     "counted = sent" is a second, independent check
     */
    record Outcome(int keys, long expectedTotal, long countedTotal, boolean exact, double waitedSeconds,
                   List<Mismatch> mismatches) {
    }

    static final long UNREADABLE = -1;

    private final ToLongFunction<String> reader;
    private final Duration within;
    private final Duration pause;

    /** @param reader a key's current counter value (GET /counter/{key}) */
    CountCheck(ToLongFunction<String> reader, Duration within, Duration pause) {
        this.reader = reader;
        this.within = within;
        this.pause = pause;
    }

    Outcome await(Map<String, Long> expected) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + within.toNanos();
        Map<String, Long> pending = new TreeMap<>(expected);
        Map<String, Long> last = new TreeMap<>();
        while (true) {
            // Keys already right are not read again while others catch up; the final pass below re-reads them.
            pending.entrySet().removeIf(e -> {
                long value = read(e.getKey());
                last.put(e.getKey(), value);
                return value == e.getValue();
            });
            if (pending.isEmpty() || System.nanoTime() >= deadline) {
                break;
            }
            Thread.sleep(pause.toMillis());
        }
        List<Mismatch> mismatches = new ArrayList<>();
        pending.forEach((key, want) -> mismatches.add(new Mismatch(key, want, last.get(key))));
        if (mismatches.isEmpty()) {
            // Once more, all of them: a duplicate applied after a key first matched would show only now.
            for (Map.Entry<String, Long> e : new TreeMap<>(expected).entrySet()) {
                long value = read(e.getKey());
                last.put(e.getKey(), value);
                if (value != e.getValue()) {
                    mismatches.add(new Mismatch(e.getKey(), e.getValue(), value));
                }
            }
        }
        long total = expected.values().stream().mapToLong(Long::longValue).sum();
        long counted = last.values().stream().mapToLong(value -> Math.max(0, value)).sum();
        return new Outcome(expected.size(), total, counted, mismatches.isEmpty(), (System.nanoTime() - start) / 1e9,
                mismatches);
    }

    /** A failed read (say a 503 while a partition moves) is not a verdict: -1, and read again until the deadline. */
    private long read(String key) {
        try {
            return reader.applyAsLong(key);
        } catch (RuntimeException e) {
            return UNREADABLE;
        }
    }
}
