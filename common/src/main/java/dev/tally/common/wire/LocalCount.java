package dev.tally.common.wire;

/**
 * A processor's answer for one key from its own RocksDB store.
 *
 * @param role     {@code active} or {@code standby}: which copy of the partition answered
 * @param instance the answering processor, e.g. {@code processor-1}
 */
public record LocalCount(String key, long value, int partition, String role, String instance) {

    public static final String ACTIVE = "active";
    public static final String STANDBY = "standby";
}
