package dev.tally.systemtest.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.client.api.Reply;
import dev.tally.client.api.TallyClient;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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

    /**
     * Reads every key until each shows exactly its acknowledged increments. After the deadline it fails
     * with every key still off and the last answer for each (value, instance, role, lag, partition), so a
     * lost increment can be told from a copy that stopped following.
     */
    public void awaitCounted(TallyClient client, Duration within) {
        Set<String> pending = new TreeSet<>(acknowledged.keySet());
        await("every key counted").atMost(within).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Map<String, String> off = new TreeMap<>();
            for (Iterator<String> keys = pending.iterator(); keys.hasNext(); ) {
                String key = keys.next();
                Reply read = client.read(key);
                if (read.status() == 200 && read.value() == acknowledged.get(key)) {
                    keys.remove();
                } else {
                    off.put(key, "expected " + acknowledged.get(key) + ", read " + summary(read));
                }
            }
            assertThat(off).as("keys not at their acknowledged count").isEmpty();
        });
    }

    /** The value and which copy gave it (instance, role, how far behind its changelog), or the error. */
    private static String summary(Reply read) {
        if (read.status() != 200) {
            return read.describe();
        }
        JsonNode body = read.json();
        return body.path("value").asText() + " from " + body.path("instance").asText() + " (" + body.path("role").asText()
                + ", lag " + body.path("lag").asText() + ", partition " + body.path("partition").asText() + ")";
    }
}
