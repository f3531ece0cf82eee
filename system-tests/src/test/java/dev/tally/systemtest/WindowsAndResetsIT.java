package dev.tally.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.client.api.IncrementOptions;
import dev.tally.client.api.Reply;
import dev.tally.compose.stack.Instance;
import dev.tally.systemtest.support.OnSharedStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Resets and windowed counting (the DEFAULT stack runs WINDOWS=1m,1h) while the processor of the keys'
 * partitions is killed and restarted: afterwards every counter is exactly what was acknowledged after
 * its last reset, and every 1m and 1h window exactly what was acknowledged in it, by the record
 * timestamp Kafka holds for each 202's offset (the acceptance time the processors window by). Hot keys
 * (EXCESS_THRESHOLD=3) take the excess path, so merged sums and their window splits are covered too.
 */
class WindowsAndResetsIT extends OnSharedStack {

    private static final int KEYS = 6;
    private static final int ROUNDS = 30;
    private static final long MINUTE = 60_000;
    private static final long HOUR = 3_600_000;

    /** One acknowledged increment: where the API wrote it, and by how much. */
    private record Acknowledged(String key, long by, String topic, int partition, long offset) {
    }

    @Test
    void everyCounterAndEveryWindowIsExactAfterAProcessorDiesDuringResetsAndWindowedCounting() throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            keys.add(key("k" + i));
        }
        List<Acknowledged> written = new ArrayList<>();
        Map<String, Long> sinceReset = new HashMap<>();
        Instance victim = stack.activeProcessorOf(keys.get(0));
        try {
            for (int round = 0; round < ROUNDS; round++) {
                if (round == ROUNDS / 3) {
                    stack.stack().kill(victim);
                }
                if (round == 2 * ROUNDS / 3) {
                    stack.stack().start(victim);
                }
                for (int i = 0; i < KEYS; i++) {
                    String key = keys.get(i);
                    if (round % 7 == 6 && i % 3 == 0) { // keys 0 (keyed increments) and 3 (hot)
                        reset(key);
                        sinceReset.put(key, 0L);
                    }
                    long by = 1 + (round + i) % 4;
                    Reply accepted = i % 2 == 0 ? idempotentIncrement(key, by) : plainIncrement(key, by);
                    written.add(new Acknowledged(key, by, accepted.field("topic"), accepted.partition(),
                            accepted.json().path("offset").asLong()));
                    sinceReset.merge(key, by, Long::sum);
                }
            }
        } finally {
            stack.stack().start(victim);
        }

        Map<String, Map<Long, Long>> minutes = new HashMap<>();
        Map<String, Map<Long, Long>> hours = new HashMap<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        Map<String, Long> acceptedAt = timestampsOf(written);
        for (Acknowledged increment : written) {
            long at = acceptedAt.get(increment.topic() + "-" + increment.partition() + "@" + increment.offset());
            minutes.computeIfAbsent(increment.key(), k -> new TreeMap<>()).merge(Math.floorDiv(at, MINUTE) * MINUTE, increment.by(), Long::sum);
            hours.computeIfAbsent(increment.key(), k -> new TreeMap<>()).merge(Math.floorDiv(at, HOUR) * HOUR, increment.by(), Long::sum);
            first = Math.min(first, at);
            last = Math.max(last, at);
        }
        long from = first;
        long to = last;
        for (String key : keys) {
            await(key + " counted and windowed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                Reply read = stack.client().read(key);
                assertThat(read.status()).as("read of %s: %s", key, read.describe()).isEqualTo(200);
                assertThat(read.value()).as("%s since its last reset", key).isEqualTo(sinceReset.get(key));
                assertThat(windows(key, "1m", from, to)).as("%s per minute", key).isEqualTo(minutes.get(key));
                assertThat(windows(key, "1h", from, to)).as("%s per hour", key).isEqualTo(hours.get(key));
            });
        }
        long excess = written.stream().filter(w -> w.topic().equals(dev.tally.domain.Topics.EXCESS)).count();
        assertThat(excess).as("increments on the excess path").isPositive();
        System.out.printf("%d increments (%d on the excess path) and resets of %d keys around a kill of %s:"
                + " every counter and window exact%n", written.size(), excess, KEYS, victim);
    }

    /**
     * Without an Idempotency-Key, so that the key turns hot and takes the excess path (the API routes keyed
     * increments to the main queue). Not retried: a processor's death does not touch the ingest path.
     */
    private Reply plainIncrement(String key, long by) {
        Reply reply = stack.client().increment(key, IncrementOptions.by(by));
        assertThat(reply.status()).as("increment of %s: %s", key, reply.describe()).isEqualTo(202);
        return reply;
    }

    /** Retried with one Idempotency-Key until a 202: a 503 during the kill may or may not have been written. */
    private Reply idempotentIncrement(String key, long by) {
        IncrementOptions options = IncrementOptions.by(by).withIdempotencyKey(UUID.randomUUID().toString());
        return await().atMost(Duration.ofSeconds(20)).until(() -> stack.client().increment(key, options), r -> r.status() == 202);
    }

    private void reset(String key) {
        String idempotencyKey = UUID.randomUUID().toString();
        await().atMost(Duration.ofSeconds(20)).until(() -> stack.client().reset(key, idempotencyKey), r -> r.status() == 202);
    }

    /** The non-zero windows of a series, start (ms) → value. */
    private Map<Long, Long> windows(String key, String size, long from, long to) {
        Reply series = stack.client().windows(key, size, Long.toString(from), Long.toString(to));
        assertThat(series.status()).as("windows of %s: %s", key, series.describe()).isEqualTo(200);
        Map<Long, Long> windows = new TreeMap<>();
        for (JsonNode window : series.json().path("windows")) {
            if (window.path("value").asLong() != 0) {
                windows.put(java.time.Instant.parse(window.path("start").asText()).toEpochMilli(), window.path("value").asLong());
            }
        }
        return windows;
    }

    /** The record timestamp of every acknowledged increment, read back from its topic, partition and offset. */
    private Map<String, Long> timestampsOf(List<Acknowledged> written) {
        Map<TopicPartition, long[]> ranges = new HashMap<>();
        for (Acknowledged increment : written) {
            ranges.merge(new TopicPartition(increment.topic(), increment.partition()), new long[] {increment.offset(), increment.offset()},
                    (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.spec().bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, Long> timestamps = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(ranges.keySet());
            ranges.forEach((partition, range) -> consumer.seek(partition, range[0]));
            await("the acknowledged records read back").atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    timestamps.put(record.topic() + "-" + record.partition() + "@" + record.offset(), record.timestamp());
                }
                return written.stream().allMatch(w -> timestamps.containsKey(w.topic() + "-" + w.partition() + "@" + w.offset()));
            });
        }
        return timestamps;
    }
}
