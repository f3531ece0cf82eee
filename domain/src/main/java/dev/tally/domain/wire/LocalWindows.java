package dev.tally.domain.wire;

import java.util.List;

/**
 * A processor's answer for one key's windows of one size, from its own copy of the key's partition:
 * every window whose start lies in the range asked for, in time order, 0 where nothing was counted.
 *
 * @param role, instance, lag as in {@link LocalCount}
 */
public record LocalWindows(String key, String size, long sizeMs, int partition, String role, String instance, Long lag,
                           List<WindowCount> windows) {

    /** One window: its start in epoch milliseconds, and the sum of the increments accepted in it. */
    public record WindowCount(long start, long value) {
    }
}
