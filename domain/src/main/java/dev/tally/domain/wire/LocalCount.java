package dev.tally.domain.wire;

/**
 * A processor's answer for one key from its own RocksDB store.
 *
 * @param role     {@code active} or {@code standby}: which copy of the partition answered
 * @param instance the answering processor, e.g. {@code processor-1}
 * @param lag      how many changelog records this copy is behind the active one (0 when caught
 *                 up; an active copy that is still restoring lags too), or null when unknown
 * @param applied  how far this copy's value of the key has got in the logs, for read-your-writes
 *                 tokens; {@link AppliedPosition#NONE} for a key never written
 */
public record LocalCount(String key, long value, int partition, String role, String instance, Long lag,
                         AppliedPosition applied) {

    public static final String ACTIVE = "active";
    public static final String STANDBY = "standby";

    public LocalCount {
        applied = applied == null ? AppliedPosition.NONE : applied;
    }

    /** An answer whose position is not known. */
    public LocalCount(String key, long value, int partition, String role, String instance, Long lag) {
        this(key, value, partition, role, instance, lag, AppliedPosition.NONE);
    }

    /** An answer whose lag and position are not known. */
    public LocalCount(String key, long value, int partition, String role, String instance) {
        this(key, value, partition, role, instance, null, AppliedPosition.NONE);
    }
}
