package dev.tally.domain;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition a counter key lives on: the same murmur2 hash Kafka's producer applies to a keyed
 * record, so the query API (not a Streams member) finds a key's partition without asking a broker.
 */
public final class Partitions {

    private Partitions() {
    }

    public static int forKey(String key, int partitionCount) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(bytes)) % partitionCount;
    }
}
