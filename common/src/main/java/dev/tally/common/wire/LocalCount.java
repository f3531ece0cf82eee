package dev.tally.common.wire;

/**
 * A processor's answer for one key from its own RocksDB store.
 *
 * @param role     {@code active} or {@code standby}: which copy of the partition answered
 * @param instance the answering processor, e.g. {@code processor-1}
 * @param lag      how many changelog records this copy is behind the active one (0 when caught
 *                 up; an active copy that is still restoring lags too), or null when unknown
 */
public record LocalCount(String key, long value, int partition, String role, String instance, Long lag) {

    public static final String ACTIVE = "active";
    public static final String STANDBY = "standby";

    /** An answer whose lag is not known. */
    public LocalCount(String key, long value, int partition, String role, String instance) {
        this(key, value, partition, role, instance, null);
    }
}
