package dev.tally.processor.history;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which buckets of time the top keys are kept in, and which of them a {@code GET /top} adds up.
 * Without {@code window}: "recently", the current minute and the {@value #RECENT_MINUTES} before it
 * (so 5 to 6 minutes, by acceptance time); with {@code window=1m}: the current window of that size.
 * The {@value #STORE} store holds one {@link TopKeysSketch} per period and bucket, under
 * {@code period@bucketStart}.
 */
public final class TopKeyPeriods {

    public static final String STORE = "top-keys";
    public static final String RECENT = "recent";
    static final long MINUTE_MS = 60_000;
    static final int RECENT_MINUTES = 5;

    /** One period: buckets of {@code bucketMs}, of which the current one and {@code previous} before it are read. */
    public record Period(String name, long bucketMs, int previous) {

        long bucketOf(long timestampMs) {
            return Math.floorDiv(timestampMs, bucketMs) * bucketMs;
        }

        /** The earliest bucket start still read at {@code nowMs}. */
        long oldestRead(long nowMs) {
            return bucketOf(nowMs) - previous * bucketMs;
        }

        String storeKey(long bucketStart) {
            return name + "@" + bucketStart;
        }

        /** Whether this store key is one of this period's buckets read at {@code nowMs}. */
        boolean reads(String storeKey, long nowMs) {
            Optional<Long> start = startOf(storeKey);
            return start.isPresent() && start.get() >= oldestRead(nowMs) && start.get() <= bucketOf(nowMs);
        }

        Optional<Long> startOf(String storeKey) {
            if (!storeKey.startsWith(name + "@")) {
                return Optional.empty();
            }
            try {
                return Optional.of(Long.parseLong(storeKey.substring(name.length() + 1)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    private final List<Period> periods;

    public TopKeyPeriods(List<WindowSize> windows) {
        this.periods = java.util.stream.Stream.concat(
                java.util.stream.Stream.of(new Period(RECENT, MINUTE_MS, RECENT_MINUTES)),
                windows.stream().map(w -> new Period(w.name(), w.sizeMs(), 0))).toList();
    }

    List<Period> all() {
        return periods;
    }

    /** @param window null for "recently", else a configured window size */
    public Optional<Period> named(String window) {
        String name = window == null ? RECENT : window;
        return periods.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The busiest {@code n} keys of the period's buckets read at {@code nowMs}, from a partition's stored sketches. */
    public static List<Map.Entry<String, Long>> top(Iterable<Map.Entry<String, String>> stored, Period period, long nowMs, int n) {
        TopKeysSketch sum = new TopKeysSketch();
        for (Map.Entry<String, String> entry : stored) {
            if (period.reads(entry.getKey(), nowMs)) {
                sum.addAll(TopKeysSketch.decode(entry.getValue()));
            }
        }
        return sum.top(n);
    }
}
