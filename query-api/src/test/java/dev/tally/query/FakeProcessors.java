package dev.tally.query;

import dev.tally.domain.Partitions;
import dev.tally.domain.wire.AppliedPosition;
import dev.tally.domain.wire.IdempotentWrite;
import dev.tally.domain.wire.InstanceInfo;
import dev.tally.domain.wire.LocalCount;
import dev.tally.domain.wire.LocalDump;
import dev.tally.domain.wire.LocalWindows;
import dev.tally.domain.wire.ProcessorStats;
import dev.tally.domain.wire.RoutingSnapshot;
import dev.tally.server.http.WindowParams;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * In-memory processors: each holds some partitions as active or standby, answers like the real
 * internal API (409 not_hosted for a partition it lacks), and can be made unreachable or to fail.
 * Every call is logged so tests can check who was asked.
 */
final class FakeProcessors implements ProcessorClient {

    static final int PARTITIONS = 4;

    private final List<Runnable> heldCounts = new CopyOnWriteArrayList<>();
    private volatile boolean holdCounts;

    final class Instance {
        final String id;
        final String endpoint;
        final TreeSet<Integer> active = new TreeSet<>();
        final TreeSet<Integer> standby = new TreeSet<>();
        /** Thrown by count and dump calls when set (routing too if unreachable): 503 store_unavailable, … */
        volatile RuntimeException failure;
        volatile String state = "RUNNING";
        /** How far behind this instance's standby copies say they are. */
        volatile long standbyLag;

        Instance(String id, String endpoint) {
            this.id = id;
            this.endpoint = endpoint;
        }

        String url() {
            return "http://" + endpoint;
        }

        Instance active(Integer... partitions) {
            active.clear();
            active.addAll(List.of(partitions));
            return this;
        }

        Instance standby(Integer... partitions) {
            standby.clear();
            standby.addAll(List.of(partitions));
            return this;
        }

        void unreachable() {
            failure = new ProcessorUnreachableException(url(), "connection refused", null);
        }

        void failWith(int status, String error) {
            failure = new ProcessorErrorException(url(), status, error, "fake");
        }

        void recover() {
            failure = null;
        }

        private String roleFor(int partition) {
            if (active.contains(partition)) {
                return LocalCount.ACTIVE;
            }
            if (standby.contains(partition)) {
                return LocalCount.STANDBY;
            }
            throw new ProcessorErrorException(url(), 409, ProcessorErrorException.NOT_HOSTED,
                    id + " holds no copy of partition " + partition);
        }
    }

    private final Map<String, Instance> byUrl = new LinkedHashMap<>();
    private final Map<String, Long> counts = new HashMap<>();
    final List<String> calls = new CopyOnWriteArrayList<>();

    Instance instance(String id, String endpoint) {
        Instance instance = new Instance(id, endpoint);
        byUrl.put(instance.url(), instance);
        return instance;
    }

    void set(String key, long value) {
        counts.put(key, value);
    }

    /** How far the active copies and the standby copies of a key have got (read-your-writes). */
    private final Map<String, AppliedPosition> activeApplied = new HashMap<>();
    private final Map<String, AppliedPosition> standbyApplied = new HashMap<>();

    void applied(String key, AppliedPosition active, AppliedPosition standby) {
        activeApplied.put(key, active);
        standbyApplied.put(key, standby);
    }

    /** What every processor would report right now. */
    RoutingSnapshot truth(String reporter, String state) {
        List<InstanceInfo> instances = byUrl.values().stream()
                .map(i -> new InstanceInfo(i.endpoint, List.copyOf(i.active), List.copyOf(i.standby)))
                .toList();
        return new RoutingSnapshot(reporter, state, PARTITIONS, instances);
    }

    List<String> callsTo(String prefix) {
        return calls.stream().filter(call -> call.startsWith(prefix)).toList();
    }

    private Instance reach(String url) {
        Instance instance = byUrl.get(url);
        if (instance == null) {
            throw new ProcessorUnreachableException(url, "no such host", null);
        }
        RuntimeException failure = instance.failure;
        if (failure != null) {
            throw failure;
        }
        return instance;
    }

    @Override
    public LocalCount count(String url, String key) {
        calls.add("count " + url + " " + key);
        return countOf(reach(url), key);
    }

    /** From now on an asynchronous count is answered only when the test calls {@link #answerHeldCounts}. */
    void holdCounts() {
        holdCounts = true;
    }

    /** Answers the held counts on the caller's thread, as a processor's answer arrives on a client thread. */
    void answerHeldCounts() {
        heldCounts.forEach(Runnable::run);
        heldCounts.clear();
    }

    @Override
    public CompletableFuture<LocalCount> countAsync(String url, String key) {
        if (!holdCounts) {
            return ProcessorClient.super.countAsync(url, key);
        }
        CompletableFuture<LocalCount> answer = new CompletableFuture<>();
        heldCounts.add(() -> answer.completeAsync(() -> count(url, key), Runnable::run));
        return answer;
    }

    private LocalCount countOf(Instance instance, String key) {
        int partition = Partitions.forKey(key, PARTITIONS);
        String role = instance.roleFor(partition);
        long lag = LocalCount.STANDBY.equals(role) ? instance.standbyLag : 0;
        AppliedPosition applied = (LocalCount.STANDBY.equals(role) ? standbyApplied : activeApplied)
                .getOrDefault(key, AppliedPosition.NONE);
        return new LocalCount(key, counts.getOrDefault(key, 0L), partition, role, instance.id, lag, applied);
    }

    /** Like the real {@code POST /internal/counters}: every key or none (409 for a partition not held). */
    @Override
    public List<LocalCount> counts(String url, List<String> keys) {
        calls.add("counts " + url + " " + keys);
        reach(url);
        List<LocalCount> answers = new ArrayList<>();
        for (String key : keys) {
            answers.add(countOf(byUrl.get(url), key));
        }
        return answers;
    }

    /** Writes the processors remember by Idempotency-Key, keyed "counterKey/idempotencyKey". */
    final Map<String, IdempotentWrite> writes = new HashMap<>();

    /**
     * Like the real lookup: a standby copy that lags ({@code standbyLag > 0}) has not copied the writes
     * yet, and a standby without the write answers 404 not_seen_yet, as it cannot tell.
     */
    @Override
    public Optional<IdempotentWrite> idempotency(String url, String idempotencyKey, String key) {
        calls.add("idempotency " + url + " " + idempotencyKey);
        Instance instance = reach(url);
        boolean standby = LocalCount.STANDBY.equals(instance.roleFor(Partitions.forKey(key, PARTITIONS)));
        IdempotentWrite write = standby && instance.standbyLag > 0 ? null : writes.get(key + "/" + idempotencyKey);
        if (write == null && standby) {
            throw new ProcessorErrorException(url, 404, ProcessorErrorException.NOT_SEEN_YET, "a standby copy without it");
        }
        return Optional.ofNullable(write);
    }

    @Override
    public LocalDump dump(String url, Collection<Integer> partitions) {
        calls.add("dump " + url + " " + partitions);
        Instance instance = reach(url);
        Map<Integer, Map<String, Long>> answer = new HashMap<>();
        for (int partition : partitions) {
            instance.roleFor(partition);
            Map<String, Long> inPartition = new HashMap<>();
            counts.forEach((key, value) -> {
                if (Partitions.forKey(key, PARTITIONS) == partition) {
                    inPartition.put(key, value);
                }
            });
            answer.put(partition, inPartition);
        }
        return new LocalDump(instance.id, answer);
    }

    /** Like the real top: per partition its busiest keys, here the keys by their count. */
    @Override
    public LocalDump top(String url, Collection<Integer> partitions, String window, int n) {
        calls.add("top " + url + " " + partitions + " " + window + " " + n);
        LocalDump all = dump(url, partitions);
        Map<Integer, Map<String, Long>> answer = new HashMap<>();
        all.partitions().forEach((partition, inPartition) -> {
            Map<String, Long> busiest = new LinkedHashMap<>();
            inPartition.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                    .forEach(e -> busiest.put(e.getKey(), e.getValue()));
            answer.put(partition, busiest);
        });
        return new LocalDump(all.instance(), answer);
    }

    /** A series whose every window holds the key's count. */
    @Override
    public LocalWindows windows(String url, String key, WindowParams.Range range) {
        calls.add("windows " + url + " " + key + " " + range.size());
        LocalCount count = countOf(reach(url), key);
        List<LocalWindows.WindowCount> series = new ArrayList<>();
        for (long start = range.firstStart(); start <= range.lastStart(); start += range.sizeMs()) {
            series.add(new LocalWindows.WindowCount(start, count.value()));
        }
        return new LocalWindows(key, range.size(), range.sizeMs(), count.partition(), count.role(), count.instance(),
                count.lag(), series);
    }

    @Override
    public ProcessorStats stats(String url) {
        calls.add("stats " + url);
        Instance instance = byUrl.get(url);
        if (instance == null || instance.failure instanceof ProcessorUnreachableException) {
            reach(url);
        }
        return new ProcessorStats(instance.id, 0, 0, 0, 0, 0, 10, Map.of());
    }

    @Override
    public RoutingSnapshot routing(String url) {
        calls.add("routing " + url);
        Instance instance = byUrl.get(url);
        if (instance == null || instance.failure instanceof ProcessorUnreachableException) {
            reach(url);
        }
        // An instance whose store is restoring still knows the routing.
        return truth(instance.id, instance.state);
    }

    /** A key of the given partition, found by trying names. */
    static String keyIn(int partition) {
        for (int i = 0; ; i++) {
            String key = "key-" + i;
            if (Partitions.forKey(key, PARTITIONS) == partition) {
                return key;
            }
        }
    }

    static List<String> keysIn(int partition, int howMany) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; keys.size() < howMany; i++) {
            if (Partitions.forKey("k" + i, PARTITIONS) == partition) {
                keys.add("k" + i);
            }
        }
        return keys;
    }
}
