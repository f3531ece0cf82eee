package dev.tally.domain.wire;

import java.util.List;

/**
 * Where every partition of the counts store lives, as one processor sees it.
 *
 * @param reporter   the instance that answered, e.g. {@code processor-2}
 * @param state      its Kafka Streams state (RUNNING, REBALANCING, …)
 * @param partitions how many partitions the increments topic has
 */
public record RoutingSnapshot(String reporter, String state, int partitions, List<InstanceInfo> instances) {
}
