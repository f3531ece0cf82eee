package dev.tally.systemtest.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.client.api.Reply;
import dev.tally.client.api.TallyClient;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Every increment a test had answered 202, per key: what the counters must come to, exactly. */
public final class Ledger {

    private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();

    /** A ledger that expects one counter at this value, for a test that counted its 202s itself. */
    public static Ledger expecting(String key, long value) {
        Ledger ledger = new Ledger();
        ledger.acknowledged.put(key, value);
        return ledger;
    }

    /** Counts {@code by} more acknowledged for the key, from 202s counted elsewhere (a load generator's). */
    public void add(String key, long by) {
        acknowledged.merge(key, by, Long::sum);
    }

    /** Counts the increment if the reply is a 202; returns the reply. */
    public Reply record(String key, long by, Reply reply) {
        if (reply.status() == 202) {
            acknowledged.merge(key, by, Long::sum);
        }
        return reply;
    }

    public Reply record(String key, Reply reply) {
        return record(key, 1, reply);
    }

    public long of(String key) {
        return acknowledged.getOrDefault(key, 0L);
    }

    public long total() {
        return acknowledged.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Reads every key until it shows exactly its acknowledged increments, failing with the last answer after the deadline. */
    public void awaitCounted(TallyClient client, Duration within) {
        for (Map.Entry<String, Long> key : new TreeMap<>(acknowledged).entrySet()) {
            await(key.getKey() + " counted").atMost(within).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                Reply read = client.read(key.getKey());
                assertThat(read.status()).as("read of %s: %s", key.getKey(), read.describe()).isEqualTo(200);
                assertThat(read.value()).as("%s", key.getKey()).isEqualTo(key.getValue());
            });
        }
    }
}
