package dev.tally.ingest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds hot keys: a key with more than EXCESS_THRESHOLD increments within one EXCESS_WINDOW is hot
 * until its window ends. A window opens at a key's first increment and expires with its cache
 * entry, so each key pays one small counter while it is active and nothing after.
 *
 * <p>Counted per API replica: with N replicas behind one URL a key spills after at most N times
 * the threshold, which only delays the spill; no increment is lost either way.
 */
public final class HotKeyDetector {

    private static final Logger log = LoggerFactory.getLogger(HotKeyDetector.class);
    /** Enough for every key active in a window at a high rate; the least used are forgotten first. */
    private static final long MAX_TRACKED_KEYS = 500_000;

    private final int threshold;
    private final Duration window;
    private final Cache<String, Window> windows;

    public HotKeyDetector(int threshold, Duration window, Ticker ticker) {
        this.threshold = threshold;
        this.window = window;
        this.windows = Caffeine.newBuilder()
                .expireAfterWrite(window)
                .maximumSize(MAX_TRACKED_KEYS)
                .ticker(ticker)
                .build();
    }

    /**
     * Counts one increment of the key.
     *
     * @return true if the key is hot: this increment is beyond the threshold within the window
     */
    public boolean recordAndCheck(String key) {
        Window w = windows.get(key, k -> new Window());
        long count = w.increments.incrementAndGet();
        if (count <= threshold) {
            return false;
        }
        w.spilled.incrementAndGet();
        if (w.announced.compareAndSet(false, true)) {
            // Once per key and window: a grep for the key finds it, a hot key does not flood the log.
            log.info("moved hotkey to excess queue: key=\"{}\" had {} increments within {} s (EXCESS_THRESHOLD={})",
                    key, count, window.toSeconds(), threshold);
        }
        return true;
    }

    /**
     * Takes back one increment {@link #recordAndCheck} counted, for an increment that was then refused
     * (429, 503): a key is hot by the increments it had accepted. Counting refusals made every key
     * that clients retry into a full queue hot, and sent its accepted increments the longer way,
     * through the excess queue, just when the processors had least to spare.
     *
     * @param spilled what {@link #recordAndCheck} answered for it
     */
    public void forget(String key, boolean spilled) {
        Window w = windows.getIfPresent(key);
        if (w == null) {
            return; // its window ended meanwhile, and the count with it
        }
        w.increments.decrementAndGet();
        if (spilled) {
            w.spilled.decrementAndGet();
        }
    }

    /** The keys hot right now, hottest first. */
    public List<HotKey> hotKeys() {
        windows.cleanUp();
        return windows.asMap().entrySet().stream()
                .filter(e -> e.getValue().increments.get() > threshold)
                .map(e -> new HotKey(e.getKey(), e.getValue().increments.get(), e.getValue().spilled.get()))
                .sorted(Comparator.comparingLong(HotKey::incrementsInWindow).reversed())
                .toList();
    }

    private static final class Window {
        final AtomicLong increments = new AtomicLong();
        final AtomicLong spilled = new AtomicLong();
        final AtomicBoolean announced = new AtomicBoolean();
    }

    /** A hot key as {@code GET /status} shows it: its increments in the current window, and how many of them spilled. */
    public record HotKey(String key, long incrementsInWindow, long spilledToExcess) {
    }
}
