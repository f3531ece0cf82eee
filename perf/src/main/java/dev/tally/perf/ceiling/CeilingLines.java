package dev.tally.perf.ceiling;

import dev.tally.client.api.Paths;
import dev.tally.perf.check.BatchLedger;
import dev.tally.perf.check.Expectation;
import dev.tally.perf.check.IncrementLedger;
import dev.tally.perf.check.KeyChoice;
import dev.tally.perf.check.RunId;
import dev.tally.perf.load.LoadRequest;
import dev.tally.perf.load.RequestSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The lines of one {@code perf ceiling} run, all on keys of its own run id:
 * <pre>
 *   (a) GET /health                          the same server with nothing behind it
 *   (b) POST /ceiling/counter/{key}/...      the increment endpoint without Kafka (BENCH_ENDPOINTS=true)
 *   (c) POST /counter/{key}/increment        single increments over many scattered keys
 *   (d) POST /counters/increments            batches of increments (NDJSON)
 *   (r) GET /counter/{key}                   reads of (c)'s keys
 * </pre>
 * (c) and (d) keep a ledger of every 202, for the exact-count checks; (b)'s keys must stay at 0.
 */
final class CeilingLines {

    /** How many of (b)'s keys are read back, each expected at 0: enough to catch an endpoint that writes. */
    static final int NO_KAFKA_KEYS_CHECKED = 32;

    final CeilingLine health;
    final CeilingLine noKafka;
    final CeilingLine single;
    final CeilingLine batch;
    final CeilingLine reads;
    private final IncrementLedger singleLedger;
    private final BatchLedger batchLedger;
    private final List<String> noKafkaKeys;

    CeilingLines(RunId run, int keys, int batchSize) {
        List<String> singleKeys = keys(run, "single", keys);
        noKafkaKeys = keys(run, "nokafka", keys);
        singleLedger = IncrementLedger.sameRequestPerKey(singleKeys, KeyChoice.SCATTERED, CeilingLines::increment);
        // Enough bodies that the batches cover every key once, so batch items spread like (c)'s.
        batchLedger = new BatchLedger(keys(run, "batch", keys), batchSize, Math.max(1, (keys + batchSize - 1) / batchSize));
        health = new CeilingLine("(a)", "health", "GET /health", "req/s", 1,
                RequestSource.always(LoadRequest.get("/health")), null);
        noKafka = new CeilingLine("(b)", "no Kafka", "POST /ceiling/counter/{key}/increment (no Kafka)", "req/s", 1,
                scattered(noKafkaKeys, key -> LoadRequest.post("/ceiling/counter/" + Paths.segment(key) + "/increment")), null);
        single = new CeilingLine("(c)", "single", "POST /counter/{key}/increment", "incr/s", 1, singleLedger, singleLedger);
        batch = new CeilingLine("(d)", "batch", "POST /counters/increments x" + batchSize, "incr/s", batchSize,
                batchLedger, batchLedger);
        reads = new CeilingLine("(r)", "reads", "GET /counter/{key}", "reads/s", 1,
                scattered(singleKeys, key -> LoadRequest.get("/counter/" + Paths.segment(key))), null);
    }

    /** Every HTTP line, in the order they are measured. */
    List<CeilingLine> all() {
        return List.of(health, noKafka, single, batch, reads);
    }

    /** Every (c) increment answered so far, and (b)'s sampled keys at 0: that endpoint must never write. */
    Expectation singleExpectation() {
        Map<String, Long> zero = new HashMap<>();
        noKafkaKeys.stream().limit(NO_KAFKA_KEYS_CHECKED).forEach(key -> zero.put(key, 0L));
        return singleLedger.expectation().plus(Expectation.exactly(zero));
    }

    Expectation batchExpectation() {
        return batchLedger.expectation();
    }

    /** Bytes of one record as tally writes a batch item: what ProducerPerformance is given. */
    int recordSize() {
        return batchLedger.recordSize();
    }

    private static LoadRequest increment(String key) {
        return LoadRequest.post("/counter/" + Paths.segment(key) + "/increment");
    }

    private static List<String> keys(RunId run, String phase, int count) {
        String prefix = run.prefix("ceiling", phase);
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    private static RequestSource scattered(List<String> keys, java.util.function.Function<String, LoadRequest> request) {
        LoadRequest[] built = keys.stream().map(request).toArray(LoadRequest[]::new);
        return index -> built[KeyChoice.SCATTERED.slot(index, built.length)];
    }
}
