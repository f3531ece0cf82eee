package dev.tally.api;

import dev.tally.ingest.IngestStatus;
import dev.tally.ingest.PartitionReading;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Brokers and topics as {@code GET /status} summarises them, from the ingest API's last Kafka
 * reading (at most ~250 ms old): each broker known from the replica lists, whether it is registered,
 * how many partitions it leads; each topic's partitions and how many are under-replicated.
 */
public record KafkaView(List<Broker> brokers, List<Topic> topics) {

    public record Broker(int id, boolean up, int partitionsLed) {
    }

    public record Topic(String topic, int partitions, int underReplicated, int belowWriteQuorum) {
    }

    public static KafkaView of(IngestStatus status) {
        TreeSet<Integer> known = new TreeSet<>(status.liveBrokers());
        Map<Integer, Integer> led = new TreeMap<>();
        List<Topic> topics = status.queues().stream().map(queue -> {
            int under = 0;
            int belowQuorum = 0;
            for (PartitionReading p : queue.partitions().values()) {
                known.addAll(p.replicas());
                if (p.leader() >= 0) {
                    led.merge(p.leader(), 1, Integer::sum);
                }
                under += p.underReplicated() ? 1 : 0;
                belowQuorum += p.acceptsQuorumWrites() ? 0 : 1;
            }
            return new Topic(queue.topic(), queue.partitions().size(), under, belowQuorum);
        }).toList();
        List<Broker> brokers = known.stream()
                .map(id -> new Broker(id, status.liveBrokers().contains(id), led.getOrDefault(id, 0)))
                .toList();
        return new KafkaView(brokers, topics);
    }
}
