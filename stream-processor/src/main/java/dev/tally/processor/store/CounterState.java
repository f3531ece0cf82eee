package dev.tally.processor.store;

import dev.tally.domain.ResetRecords;
import dev.tally.domain.wire.AppliedPosition;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One counter in the {@code counts} store: its value and how far it has got in the logs that feed
 * it ({@link AppliedPosition}). Keeping the position with the value, in the same record, is what
 * lets a standby answer a read-your-writes token: the changelog carries both together, so no copy
 * can show a value without the position it belongs to, or the other way round.
 *
 * @param resetCuts excess partition → the offset of the marker of the last reset applied there
 *                  ({@link ResetRecords}): a merged hot-key sum below it was cleared by that reset
 */
public record CounterState(long count, AppliedPosition applied, Map<Integer, Long> resetCuts) {

    public static final CounterState ZERO = new CounterState(0, AppliedPosition.NONE);

    public CounterState {
        resetCuts = resetCuts == null ? Map.of() : Map.copyOf(resetCuts);
    }

    /** A counter never reset. */
    public CounterState(long count, AppliedPosition applied) {
        this(count, applied, Map.of());
    }

    /** After a record of the increments topic at {@code offset}, applied or not. */
    public CounterState withCount(long newCount, long offset) {
        return new CounterState(newCount, new AppliedPosition(Math.max(applied.main(), offset), applied.excess()), resetCuts);
    }

    /** After a merged hot-key sum that covers its excess partition up to {@code excessOffset}. */
    public CounterState withExcess(int excessPartition, long excessOffset) {
        Map<Integer, Long> excess = new HashMap<>(applied.excess());
        excess.merge(excessPartition, excessOffset, Math::max);
        return new CounterState(count, new AppliedPosition(applied.main(), excess), resetCuts);
    }

    /**
     * After a reset at {@code offset} whose markers sit at {@code cuts}: the count is 0, and merged
     * sums below the cuts will be dropped. Cuts only move forward: of two resets racing each other,
     * the later one's markers may be lower on some partition, and what lies between was appended
     * before the 202 of the earlier-marked one, so it is not after both.
     */
    public CounterState reset(long offset, Map<Integer, Long> cuts) {
        Map<Integer, Long> merged = new HashMap<>(resetCuts);
        cuts.forEach((partition, cut) -> merged.merge(partition, cut, Math::max));
        return new CounterState(0, applied, merged).withCount(0, offset);
    }

    /** Whether a merged sum ending at that excess offset holds only increments a reset cleared. */
    public boolean clearedByReset(int excessPartition, long lastExcessOffset) {
        return lastExcessOffset < resetCuts.getOrDefault(excessPartition, -1L);
    }

    /**
     * {@code count|mainOffset|excessPartition:offset,…[|resetCuts]} as text, readable with the console
     * consumer like every other tally value; the reset cuts only once the counter was reset. A value
     * of the first format (a bare 8-byte long, before positions were kept) still reads, with no
     * position, so an existing store upgrades in place.
     */
    public static Serde<CounterState> serde() {
        return Serdes.serdeFrom(
                (topic, state) -> state == null ? null : state.encode().getBytes(StandardCharsets.UTF_8),
                (topic, bytes) -> bytes == null ? null : decode(bytes));
    }

    String encode() {
        // Most counters never had a hot-key sum: no positions on the excess topic to sort and join.
        String excess = applied.excess().isEmpty() ? "" : new TreeMap<>(applied.excess()).entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(","));
        String text = count + "|" + applied.main() + "|" + excess;
        return resetCuts.isEmpty() ? text : text + "|" + ResetRecords.encodeCuts(resetCuts);
    }

    static CounterState decode(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (bytes.length == Long.BYTES && text.indexOf('|') < 0) {
            return new CounterState(ByteBuffer.wrap(bytes).getLong(), AppliedPosition.NONE);
        }
        String[] parts = text.split("\\|", -1);
        if (parts.length != 3 && parts.length != 4) {
            throw new IllegalArgumentException("not a counter state: \"" + text + "\"");
        }
        try {
            Map<Integer, Long> excess = new HashMap<>();
            for (String entry : parts[2].isEmpty() ? new String[0] : parts[2].split(",")) {
                String[] partitionOffset = entry.split(":", -1);
                excess.put(Integer.parseInt(partitionOffset[0]), Long.parseLong(partitionOffset[1]));
            }
            Map<Integer, Long> cuts = parts.length == 4 ? ResetRecords.decodeCuts(parts[3]) : Map.of();
            return new CounterState(Long.parseLong(parts[0]), new AppliedPosition(Long.parseLong(parts[1]), excess), cuts);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("not a counter state: \"" + text + "\"", e);
        }
    }
}
