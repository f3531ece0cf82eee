package dev.tally.processor.store;

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
 */
public record CounterState(long count, AppliedPosition applied) {

    public static final CounterState ZERO = new CounterState(0, AppliedPosition.NONE);

    /** After a record of the increments topic at {@code offset}, applied or not. */
    public CounterState withCount(long newCount, long offset) {
        return new CounterState(newCount, new AppliedPosition(Math.max(applied.main(), offset), applied.excess()));
    }

    /** After a merged hot-key sum that covers its excess partition up to {@code excessOffset}. */
    public CounterState withExcess(int excessPartition, long excessOffset) {
        Map<Integer, Long> excess = new HashMap<>(applied.excess());
        excess.merge(excessPartition, excessOffset, Math::max);
        return new CounterState(count, new AppliedPosition(applied.main(), excess));
    }

    /**
     * {@code count|mainOffset|excessPartition:offset,…} as text, readable with the console consumer
     * like every other tally value. A value of the first format (a bare 8-byte long, before positions
     * were kept) still reads, with no position, so an existing store upgrades in place.
     */
    public static Serde<CounterState> serde() {
        return Serdes.serdeFrom(
                (topic, state) -> state == null ? null : state.encode().getBytes(StandardCharsets.UTF_8),
                (topic, bytes) -> bytes == null ? null : decode(bytes));
    }

    String encode() {
        return count + "|" + applied.main() + "|" + new TreeMap<>(applied.excess()).entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(","));
    }

    static CounterState decode(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (bytes.length == Long.BYTES && text.indexOf('|') < 0) {
            return new CounterState(ByteBuffer.wrap(bytes).getLong(), AppliedPosition.NONE);
        }
        String[] parts = text.split("\\|", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a counter state: \"" + text + "\"");
        }
        try {
            Map<Integer, Long> excess = new HashMap<>();
            for (String entry : parts[2].isEmpty() ? new String[0] : parts[2].split(",")) {
                String[] partitionOffset = entry.split(":", -1);
                excess.put(Integer.parseInt(partitionOffset[0]), Long.parseLong(partitionOffset[1]));
            }
            return new CounterState(Long.parseLong(parts[0]), new AppliedPosition(Long.parseLong(parts[1]), excess));
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("not a counter state: \"" + text + "\"", e);
        }
    }
}
