package dev.tally.processor.http;

import dev.tally.domain.wire.IdempotentWrite;
import dev.tally.domain.wire.InstanceInfo;
import dev.tally.domain.wire.LocalCount;
import dev.tally.domain.wire.LocalDump;
import dev.tally.domain.wire.LocalWindows;
import dev.tally.domain.wire.ProcessorHealth;
import dev.tally.domain.wire.RoutingSnapshot;
import dev.tally.processor.store.IdempotencyLookup;
import dev.tally.processor.store.LocalQueries;
import dev.tally.server.http.ApiException;
import dev.tally.server.http.WindowParams;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Answers like a processor that is active for partitions 1 and 5, standby for 4. */
final class StubQueries implements LocalQueries {
    volatile String state = "RUNNING";
    /** The store lag per partition held: the active 1 and 5 restored, the standby 4 behind. */
    final Map<Integer, Long> storeLags = new java.util.TreeMap<>(Map.of(1, 0L, 4, 3L, 5, 0L));
    volatile ApiException refusal;
    final List<String> lookedUp = new ArrayList<>();
    final List<List<Integer>> dumped = new ArrayList<>();
    /** What {@link #idempotentWrite} finds, keyed by counter key + "|" + idempotency key. */
    final Map<String, IdempotentWrite> idempotent = new LinkedHashMap<>();
    final List<String> idempotencyAsked = new ArrayList<>();
    /** Which copy answers the idempotency lookups. */
    volatile String idempotencyRole = LocalCount.ACTIVE;

    @Override
    public ProcessorHealth health() {
        return new ProcessorHealth("processor-1", state);
    }

    @Override
    public LocalCount lookup(String key) {
        if (refusal != null) {
            throw refusal;
        }
        lookedUp.add(key);
        return new LocalCount(key, 42L, 4, LocalCount.STANDBY, "processor-1", 7L);
    }

    @Override
    public IdempotencyLookup idempotentWrite(String counterKey, String idempotencyKey) {
        if (refusal != null) {
            throw refusal;
        }
        idempotencyAsked.add(counterKey + "|" + idempotencyKey);
        return new IdempotencyLookup(idempotent.get(counterKey + "|" + idempotencyKey), idempotencyRole);
    }

    @Override
    public Map<Integer, Long> storeLags() {
        return storeLags;
    }

    @Override
    public List<Integer> activePartitions() {
        return List.of(1, 5);
    }

    @Override
    public LocalDump dump(Collection<Integer> partitions) {
        dumped.add(List.copyOf(partitions));
        Map<Integer, Map<String, Long>> result = new LinkedHashMap<>();
        partitions.forEach(p -> result.put(p, Map.of("key-" + p, (long) p)));
        return new LocalDump("processor-1", result);
    }

    /** The ranges {@link #windows} was asked for, and the (window, n) pairs {@link #top} was. */
    final List<WindowParams.Range> windowsAsked = new ArrayList<>();
    final List<String> topAsked = new ArrayList<>();

    @Override
    public LocalWindows windows(String key, WindowParams.Range range) {
        if (refusal != null) {
            throw refusal;
        }
        windowsAsked.add(range);
        return new LocalWindows(key, range.size(), range.sizeMs(), 1, LocalCount.ACTIVE, "processor-1", 0L,
                List.of(new LocalWindows.WindowCount(range.firstStart(), 3)));
    }

    @Override
    public LocalDump top(Collection<Integer> partitions, String window, int n) {
        if (refusal != null) {
            throw refusal;
        }
        topAsked.add(window + " " + n + " " + partitions);
        Map<Integer, Map<String, Long>> result = new LinkedHashMap<>();
        partitions.forEach(p -> result.put(p, Map.of("busy-" + p, 10L * p)));
        return new LocalDump("processor-1", result);
    }

    @Override
    public RoutingSnapshot routing() {
        return new RoutingSnapshot("processor-1", "RUNNING", 6, List.of(
                new InstanceInfo("127.0.0.1:8101", List.of(1, 5), List.of(4)),
                new InstanceInfo("127.0.0.1:8102", List.of(0, 2, 3, 4), List.of(1, 5))));
    }
}
