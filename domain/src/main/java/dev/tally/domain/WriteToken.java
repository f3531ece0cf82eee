package dev.tally.domain;

import dev.tally.domain.wire.AppliedPosition;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.common.utils.Utils;

/**
 * Read-your-writes: the position of one accepted increment, handed out in its 202 body and passed
 * back as {@code GET /counter/{key}?after=TOKEN}. A copy of the counter includes the write once its
 * {@link AppliedPosition} has reached the write's offset in the log it was appended to: on the
 * increments topic every record of a key is on the key's partition and applied in offset order; on
 * the excess topic the processor merges a key's records of one partition in offset order too.
 *
 * <p>Text form {@code m-<partition>-<offset>-<key hash>} (main queue) or {@code x-…} (excess queue).
 * The key hash lets a read refuse a token of another counter instead of waiting for a position that
 * says nothing about this one.
 */
public record WriteToken(boolean excess, int partition, long offset, int keyHash) {

    private static final String MAIN_QUEUE = "m";
    private static final String EXCESS_QUEUE = "x";

    public static WriteToken of(String key, boolean excess, int partition, long offset) {
        return new WriteToken(excess, partition, offset, hash(key));
    }

    /** @throws IllegalArgumentException with a message fit for a 400 when the text is not a token */
    public static WriteToken parse(String text) {
        String[] parts = text == null ? new String[0] : text.strip().split("-", -1);
        if (parts.length == 4 && (parts[0].equals(MAIN_QUEUE) || parts[0].equals(EXCESS_QUEUE))) {
            try {
                int partition = Integer.parseInt(parts[1]);
                long offset = Long.parseLong(parts[2]);
                int keyHash = Integer.parseUnsignedInt(parts[3], 16);
                if (partition >= 0 && offset >= 0) {
                    return new WriteToken(parts[0].equals(EXCESS_QUEUE), partition, offset, keyHash);
                }
            } catch (NumberFormatException e) {
                // answered below
            }
        }
        throw new IllegalArgumentException("after must be the token of a 202 answer (like m-3-1042-9f0c1a2b), got \""
                + (text == null ? "" : text.length() > 64 ? text.substring(0, 64) + "…" : text) + "\"");
    }

    /** Empty if the token was handed out for this key, else why not. */
    public Optional<String> problemWith(String key) {
        return keyHash == hash(key) ? Optional.empty()
                : Optional.of("the token " + this + " was handed out for another counter than \"" + key + "\"");
    }

    /**
     * Empty if a main-queue token names the key's own partition (every increment of a key is appended
     * there), else why not. An excess token names an excess partition, which any of a hot key's may be.
     */
    public Optional<String> problemWithPartition(int keyPartition) {
        return excess || partition == keyPartition ? Optional.empty()
                : Optional.of("the token " + this + " names partition " + partition + ", but the counter lives on partition "
                + keyPartition + ": it was not handed out for this counter");
    }

    /** Whether a copy whose value has reached {@code applied} includes this write. */
    public boolean isCoveredBy(AppliedPosition applied) {
        return applied != null && (excess ? applied.excessOffset(partition) : applied.main()) >= offset;
    }

    @Override
    public String toString() {
        return (excess ? EXCESS_QUEUE : MAIN_QUEUE) + "-" + partition + "-" + offset + "-"
                + String.format(Locale.ROOT, "%08x", keyHash);
    }

    private static int hash(String key) {
        return Utils.murmur2(key.getBytes(StandardCharsets.UTF_8));
    }
}
