package dev.tally.compose.net;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The network faults in force, per instance name: a lag (every chunk held a random time in a range)
 * or a partition (nothing moves). Connections register to hear of every change, so a partition
 * stalls the connections already open and a heal resumes them.
 */
public final class Faults {

    /** Every chunk is held between {@code minMs} and {@code maxMs} milliseconds. */
    public record Lag(int minMs, int maxMs) {
        public Lag {
            if (minMs < 0 || maxMs < minMs || maxMs > 600_000) {
                throw new IllegalArgumentException("a lag is MIN-MAX milliseconds with 0 <= MIN <= MAX <= 600000, got "
                        + minMs + "-" + maxMs);
            }
        }

        public static Lag parse(String range) {
            String[] parts = range.strip().split("-");
            try {
                if (parts.length == 1) {
                    int ms = Integer.parseInt(parts[0]);
                    return new Lag(ms, ms);
                }
                if (parts.length == 2) {
                    return new Lag(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
                }
            } catch (NumberFormatException e) {
                // the message below says what is expected
            }
            throw new IllegalArgumentException("a lag is MIN-MAX milliseconds, e.g. 0-1000, got \"" + range + "\"");
        }

        int draw() {
            return minMs == maxMs ? minMs : ThreadLocalRandom.current().nextInt(minMs, maxMs + 1);
        }

        @Override
        public String toString() {
            return minMs + "-" + maxMs + " ms";
        }
    }

    private final Map<String, Lag> lags = new TreeMap<>();
    private final Set<String> partitioned = new TreeSet<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public synchronized void lag(String end, Lag lag) {
        lags.put(end, lag);
        changed();
    }

    public synchronized void partition(String end) {
        partitioned.add(end);
        changed();
    }

    /** Lifts every fault. */
    public synchronized void heal() {
        lags.clear();
        partitioned.clear();
        changed();
    }

    /** Lifts the faults of one instance, leaving the others'. */
    public synchronized void heal(String end) {
        lags.remove(end);
        partitioned.remove(end);
        changed();
    }

    public synchronized boolean isPartitioned(ProxyRoute route) {
        return route.ends().stream().anyMatch(partitioned::contains);
    }

    /** A fresh delay for one chunk on this route: the lags of both its ends add up, as two slow links would. */
    public synchronized long delayMs(ProxyRoute route) {
        long total = 0;
        for (String end : route.ends()) {
            Lag lag = lags.get(end);
            if (lag != null) {
                total += lag.draw();
            }
        }
        return total;
    }

    /** What is in force, for {@code bin/tally net status}: {@code {"lag": {...}, "partitioned": [...]}}. */
    public synchronized Map<String, Object> describe() {
        Map<String, String> lagText = new TreeMap<>();
        lags.forEach((end, lag) -> lagText.put(end, lag.minMs() + "-" + lag.maxMs()));
        return Map.of("lag", lagText, "partitioned", List.copyOf(partitioned));
    }

    void onChange(Runnable listener) {
        listeners.add(listener);
    }

    void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }
}
