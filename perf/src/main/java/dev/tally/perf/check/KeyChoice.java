package dev.tally.perf.check;

/**
 * Which key slot (0 to {@code keys - 1}) the n-th request of a load writes: a pure function of the
 * request's index, so that a response listener knows a request's key from its index alone, without
 * parsing anything.
 */
@FunctionalInterface
public interface KeyChoice {

    int slot(long index, int keys);

    /** 0, 1, 2, ..., keys - 1, 0, ...: every key gets its share in turn. */
    KeyChoice ROUND_ROBIN = (index, keys) -> (int) Math.floorMod(index, (long) keys);

    /**
     * A key that looks random (a 64-bit mix of the index): concurrent requests hit scattered keys and
     * partitions, as many independent clients would, yet the same index always names the same key.
     */
    KeyChoice SCATTERED = (index, keys) -> (int) Math.floorMod(mix(index), (long) keys);

    /** MurmurHash3's 64-bit finalizer: every bit of the index moves every bit of the result. */
    static long mix(long value) {
        long z = value;
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
