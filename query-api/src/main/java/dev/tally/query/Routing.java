package dev.tally.query;

import dev.tally.domain.wire.InstanceInfo;
import dev.tally.domain.wire.LocalCount;
import dev.tally.domain.wire.RoutingSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * One routing snapshot, immutable, read as "who holds partition P". Compared by identity: a reader
 * that failed with this snapshot invalidates exactly it, not a newer one another thread already fetched.
 */
public final class Routing {

    private final RoutingSnapshot snapshot;
    private final String source;
    /** Every partition's copies, worked out once: every read asks for its partition's. */
    private final List<List<Candidate>> byPartition;

    /** @param source the processor URL that reported the snapshot */
    public Routing(RoutingSnapshot snapshot, String source) {
        this.snapshot = snapshot;
        this.source = source;
        List<List<Candidate>> copies = new ArrayList<>();
        for (int partition = 0; partition < snapshot.partitions(); partition++) {
            copies.add(copiesOf(partition));
        }
        this.byPartition = List.copyOf(copies);
    }

    public RoutingSnapshot snapshot() {
        return snapshot;
    }

    public String source() {
        return source;
    }

    public int partitions() {
        return snapshot.partitions();
    }

    /** The copies of a partition: the active first, then the standbys, in the snapshot's order. Immutable. */
    public List<Candidate> candidatesFor(int partition) {
        return partition >= 0 && partition < byPartition.size() ? byPartition.get(partition) : copiesOf(partition);
    }

    private List<Candidate> copiesOf(int partition) {
        List<Candidate> actives = new ArrayList<>();
        List<Candidate> standbys = new ArrayList<>();
        for (InstanceInfo instance : instances()) {
            if (contains(instance.active(), partition)) {
                actives.add(new Candidate(instance.url(), instance.endpoint(), LocalCount.ACTIVE));
            } else if (contains(instance.standby(), partition)) {
                standbys.add(new Candidate(instance.url(), instance.endpoint(), LocalCount.STANDBY));
            }
        }
        actives.addAll(standbys);
        return List.copyOf(actives);
    }

    /** The partitions no instance of the snapshot holds the active copy of. */
    public List<Integer> withoutActive() {
        List<Integer> missing = new ArrayList<>();
        for (int partition = 0; partition < partitions(); partition++) {
            int p = partition;
            if (instances().stream().noneMatch(instance -> contains(instance.active(), p))) {
                missing.add(partition);
            }
        }
        return missing;
    }

    /** The internal API URL of every instance the snapshot names. */
    public List<String> urls() {
        return instances().stream().map(InstanceInfo::url).toList();
    }

    private List<InstanceInfo> instances() {
        return snapshot.instances() == null ? List.of() : snapshot.instances();
    }

    private static boolean contains(List<Integer> partitions, int partition) {
        return partitions != null && partitions.contains(partition);
    }
}
