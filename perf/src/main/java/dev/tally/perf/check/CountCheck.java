package dev.tally.perf.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The end-of-phase exactness check: every key's counter must come to exactly the increments it had
 * answered 2xx, or, where some increments got a 5xx or no answer, to a value between the accepted
 * ones and the accepted plus those. Counters lag the 202s (and the excess path merges hot keys
 * after a delay), so it reads again until every key is within its bounds or the deadline passes;
 * only then is a difference a mismatch.
 */
public final class CountCheck {

    /** A key whose counter did not come within its bounds ({@code actual} -1: it could not be read). */
    public record Mismatch(String key, long accepted, long uncertain, long actual) {
        @Override
        public String toString() {
            long difference = actual - accepted;
            return key + ": " + actual + " counted, " + accepted + " accepted" + (uncertain > 0 ? " (+" + uncertain
                    + " uncertain)" : "") + " (" + (difference > 0 ? "+" : "") + difference + ")";
        }
    }

    /**
     * The outcome, as the JSON files record it.
     *
     * @param acceptedTotal  increments answered 2xx, over every key
     * @param uncertainTotal increments answered 5xx or not at all, which may or may not have been written
     * @param countedTotal   the sum of the values last read back (an unreadable key adds 0): read from
     *                       the API, not derived from {@code acceptedTotal}, so "counted = accepted" is a
     *                       second, independent check
     * @param exact          every counter equals its accepted increments
     * @param withinBounds   every counter is within [accepted, accepted + uncertain]: nothing lost, nothing
     *                       counted twice ({@code exact} implies it; they differ only where some were uncertain)
     */
    public record Outcome(int keys, long acceptedTotal, long uncertainTotal, long countedTotal, boolean exact,
                          boolean withinBounds, double waitedSeconds, List<Mismatch> mismatches) {

        /**
         * "exact"; "bounded" when some increments went unanswered and every counter is still within
         * [accepted, accepted + uncertain] (nothing lost, nothing counted twice); otherwise "WRONG".
         */
        public String verdict() {
            return exact ? "exact" : withinBounds ? "bounded" : "WRONG";
        }

        /** How many of the unanswered increments were written after all. */
        public long uncertainWritten() {
            return countedTotal - acceptedTotal;
        }

        /** What a "bounded" verdict means here, e.g. {@code 25000 had no answer in time, 22000 of them written}. */
        public String unansweredAndWritten() {
            return uncertainTotal + " had no answer in time, " + uncertainWritten() + " of them written";
        }
    }

    private final CounterReader reader;
    private final Duration within;
    private final Duration pause;

    public CountCheck(CounterReader reader, Duration within, Duration pause) {
        this.reader = reader;
        this.within = within;
        this.pause = pause;
    }

    public Outcome await(Expectation expected) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + within.toNanos();
        Map<String, Long> pending = new TreeMap<>(expected.accepted());
        Map<String, Long> last = new TreeMap<>();
        while (true) {
            // Keys already within bounds are not read again while others catch up; the final pass re-reads them.
            Map<String, Long> values = reader.read(pending.keySet());
            last.putAll(values);
            pending.keySet().removeIf(key -> withinBounds(expected, key, values.get(key)));
            if (pending.isEmpty() || System.nanoTime() >= deadline) {
                break;
            }
            Thread.sleep(pause.toMillis());
        }
        if (pending.isEmpty()) {
            // Once more, all of them: a duplicate applied after a key first matched would show only now.
            last.putAll(reader.read(expected.accepted().keySet()));
        }
        List<Mismatch> mismatches = new ArrayList<>();
        boolean exact = true;
        for (Map.Entry<String, Long> key : new TreeMap<>(expected.accepted()).entrySet()) {
            long value = last.get(key.getKey());
            exact &= value == key.getValue();
            if (!withinBounds(expected, key.getKey(), value)) {
                mismatches.add(new Mismatch(key.getKey(), key.getValue(), expected.uncertainOf(key.getKey()), value));
            }
        }
        long counted = last.values().stream().mapToLong(value -> Math.max(0, value)).sum();
        return new Outcome(expected.accepted().size(), expected.acceptedTotal(), expected.uncertainTotal(), counted,
                exact, mismatches.isEmpty(), (System.nanoTime() - start) / 1e9, mismatches);
    }

    private static boolean withinBounds(Expectation expected, String key, long value) {
        long accepted = expected.accepted().get(key);
        return value >= accepted && value <= accepted + expected.uncertainOf(key);
    }
}
