package dev.tally.domain.wire;

import java.util.Map;

/**
 * How far one counter's stored value has got in the logs that feed it, kept with the value in the
 * processor's store (and so in its changelog and on every standby): the offset of the last record of
 * this key applied from its increments partition, and for each excess partition the last offset of
 * this key's increments summed and merged from there. A {@code WriteToken} compares against it.
 *
 * @param main   the increments-topic offset of the last record of this key applied, or -1 for none
 * @param excess excess partition → the last offset of this key's increments merged from it
 */
public record AppliedPosition(long main, Map<Integer, Long> excess) {

    public static final AppliedPosition NONE = new AppliedPosition(-1, Map.of());

    public AppliedPosition {
        excess = excess == null ? Map.of() : Map.copyOf(excess);
    }

    /** The last merged offset from this excess partition, or -1 for none. */
    public long excessOffset(int partition) {
        return excess.getOrDefault(partition, -1L);
    }
}
