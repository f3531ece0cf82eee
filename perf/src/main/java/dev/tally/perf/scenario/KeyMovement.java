package dev.tally.perf.scenario;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.common.utils.Utils;

/**
 * How many keys change owner when a node joins: tally's answer (keys stay on their partition, only
 * whole partitions change owner) beside the two placements a public reference compares, computed on the same
 * keys so the three shares are comparable.
 */
final class KeyMovement {

    /** Points per node on the consistent-hashing ring; enough that each node's share is near 1/N. */
    static final int VIRTUAL_NODES = 100;

    private KeyMovement() {
    }

    /** The share of {@code keys} (0..1) whose owner differs between {@code before} and {@code after}. */
    static double shareMoved(List<String> keys, Function<String, String> before, Function<String, String> after) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no keys to compare");
        }
        long moved = keys.stream().filter(key -> !before.apply(key).equals(after.apply(key))).count();
        return (double) moved / keys.size();
    }

    /** {@code hash(key) mod nodes}: almost every key moves when a node joins. */
    static Function<String, String> modulo(int nodes) {
        return key -> "node-" + Utils.toPositive(hash(key)) % nodes;
    }

    /** A ring of {@link #VIRTUAL_NODES} points per node: a key belongs to the first point at or after its hash. */
    static Function<String, String> consistentHashing(int nodes) {
        TreeMap<Integer, String> ring = new TreeMap<>();
        for (int node = 0; node < nodes; node++) {
            for (int point = 0; point < VIRTUAL_NODES; point++) {
                ring.put(hash("node-" + node + "#" + point), "node-" + node);
            }
        }
        return key -> {
            Map.Entry<Integer, String> owner = ring.ceilingEntry(hash(key));
            return (owner != null ? owner : ring.firstEntry()).getValue();
        };
    }

    private static int hash(String s) {
        return Utils.murmur2(s.getBytes(StandardCharsets.UTF_8));
    }
}
