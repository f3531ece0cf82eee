package dev.tally.processor.history;

import dev.tally.domain.WindowDurations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One size of tumbling window the processors count in (WINDOWS), and how long its windows are kept
 * (WINDOW_RETENTION). Windows are aligned to the epoch: the 1m window of an increment accepted at
 * 12:03:59.999 is [12:03, 12:04).
 *
 * @param name        as configured and as asked for ({@code ?size=1m}): a number and s, m, h or d
 * @param sizeMs      the window's length
 * @param retentionMs how long after its start a window can still be read and counted into; an
 *                    increment accepted longer ago than this (by stream time) is counted, but not windowed
 */
public record WindowSize(String name, long sizeMs, long retentionMs) {

    /** A size kept for this many windows unless WINDOW_RETENTION says otherwise: a day of minutes, 60 days of hours. */
    public static final int DEFAULT_WINDOWS_KEPT = 1_440;

    public WindowSize {
        if (retentionMs < sizeMs) {
            throw new IllegalArgumentException("the retention of " + name + " windows must be at least one window");
        }
    }

    /** The store holding this size's windows; its changelog is {@code tally-processor-windows-<name>-changelog}. */
    public String storeName() {
        return "windows-" + name;
    }

    /** The start of the window holding {@code timestampMs}. */
    public long startOf(long timestampMs) {
        return Math.floorDiv(timestampMs, sizeMs) * sizeMs;
    }

    /**
     * @param sizes     WINDOWS, e.g. {@code 1m,1h} (empty: windows off)
     * @param retention WINDOW_RETENTION, e.g. {@code 1m=2d,1h=30d}; a size not named keeps {@value #DEFAULT_WINDOWS_KEPT} windows
     * @throws IllegalArgumentException naming the variable and the entry that is wrong
     */
    public static List<WindowSize> parse(List<String> sizes, List<String> retention) {
        Map<String, Long> kept = new LinkedHashMap<>();
        for (String entry : retention) {
            String[] parts = entry.split("=", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException("WINDOW_RETENTION entries are size=duration (e.g. 1m=2d), got \"" + entry + "\"");
            }
            kept.put(parts[0].strip(), durationMs("WINDOW_RETENTION", parts[1].strip()));
        }
        List<WindowSize> windows = new ArrayList<>();
        for (String name : sizes) {
            long size = durationMs("WINDOWS", name);
            if (windows.stream().anyMatch(w -> w.sizeMs() == size)) {
                throw new IllegalArgumentException("WINDOWS names the size " + name + " twice");
            }
            long retentionMs = kept.containsKey(name) ? kept.remove(name) : Math.multiplyExact(size, DEFAULT_WINDOWS_KEPT);
            if (retentionMs < size) {
                throw new IllegalArgumentException("WINDOW_RETENTION of " + name + " must be at least " + name);
            }
            windows.add(new WindowSize(name, size, retentionMs));
        }
        if (!kept.isEmpty()) {
            throw new IllegalArgumentException("WINDOW_RETENTION names sizes WINDOWS does not have: " + kept.keySet());
        }
        return List.copyOf(windows);
    }

    /** The largest bucket every window of every size is made of: their greatest common divisor; 0 without windows. */
    public static long grainMs(List<WindowSize> windows) {
        long grain = 0;
        for (WindowSize window : windows) {
            grain = gcd(grain, window.sizeMs());
        }
        return grain;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static long durationMs(String variable, String text) {
        return WindowDurations.parseMs(variable, text);
    }
}
