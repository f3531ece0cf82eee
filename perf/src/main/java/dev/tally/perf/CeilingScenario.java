package dev.tally.perf;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * The HTTP phases of {@code perf ceiling}, each a closed loop of the same clients:
 * (a) {@code GET /health}, the load generator's own ceiling through the same server;
 * (b) the no-Kafka twin of the increment endpoint; (c) the increment endpoint;
 * (d) the batch endpoint, {@code batchSize} increments per request. Keys cycle over {@code keys}
 * per phase, so the exact-count check reads a bounded number of counters.
 */
final class CeilingScenario {

    private final ApiClient api;
    private final String run;
    private final int clients;
    private final int keys;

    CeilingScenario(ApiClient api, String run, int clients, int keys) {
        this.api = api;
        this.run = run;
        this.clients = clients;
        this.keys = keys;
    }

    String key(String phase, long n) {
        return phase + "-" + run + "-" + (n % keys);
    }

    /**
     * One request of each kind (failing at once, clearly, if the API has no bench endpoints), then an
     * unmeasured pass of every phase's load on keys no check reads: the JIT of every process on the
     * path (API, brokers, processors) and the connections warm up under the load they will be measured
     * with. A stack measured cold answered (c) at a third of its warm rate.
     */
    void warmUp(long requests, long batches, int batchSize, int batchClients) throws InterruptedException {
        api.health().expect(200, "GET /health");
        api.ceilingIncrement(key("warm-ceiling", 0)).expect(202, "POST /ceiling/counter/{key}/increment (is the API started"
                + " with BENCH_ENDPOINTS=true?)");
        api.increment(key("warm", 0)).expect(202, "POST /counter/{key}/increment");
        api.incrementBatch(batchBody("warm", 0, batchSize)).expect(202, "POST /counters/increments");
        health("warm-up (a)", requests);
        noKafka("warm-up (b)", "warm-ceiling", requests);
        single("warm-up (c)", "warm", requests);
        batch("warm-up (d)", "warm", batches, batchSize, batchClients);
    }

    LoadResult loadGenerator(long requests) throws InterruptedException {
        return health("(a) GET /health", requests);
    }

    LoadResult noKafka(long requests) throws InterruptedException {
        return noKafka("(b) no-Kafka 202", "ceiling", requests);
    }

    LoadResult single(long requests) throws InterruptedException {
        return single("(c) increment", "single", requests);
    }

    /** The loop's "key" of a batch is its number, so the accepted batches say exactly which increments were written. */
    LoadResult batch(long batches, int batchSize, int batchClients) throws InterruptedException {
        return batch("(d) batch", "batch", batches, batchSize, batchClients);
    }

    private LoadResult health(String label, long requests) throws InterruptedException {
        return new LoadLoop(label, clients, requests, n -> "health", k -> api.health(), 200).start().await();
    }

    private LoadResult noKafka(String label, String phase, long requests) throws InterruptedException {
        return new LoadLoop(label, clients, requests, n -> key(phase, n), api::ceilingIncrement, 202).start().await();
    }

    private LoadResult single(String label, String phase, long requests) throws InterruptedException {
        return new LoadLoop(label, api, clients, requests, n -> key(phase, n)).start().await();
    }

    private LoadResult batch(String label, String phase, long batches, int batchSize, int batchClients) throws InterruptedException {
        return new LoadLoop(label, batchClients, batches, Long::toString,
                id -> api.incrementBatch(batchBody(phase, Long.parseLong(id), batchSize)), 202).start().await();
    }

    /** Batch n holds the increments n·size … n·size+size-1 of the phase's key cycle, each by 1, as NDJSON. */
    String batchBody(String phase, long n, int batchSize) {
        StringBuilder body = new StringBuilder(batchSize * 40);
        for (long i = n * batchSize; i < (n + 1) * batchSize; i++) {
            body.append("{\"key\":\"").append(key(phase, i)).append("\",\"by\":1}\n");
        }
        return body.toString();
    }

    /** Per key, the increments of the batches answered 202 (a 202 means every item of the batch was written). */
    Map<String, Long> expectedOfBatches(LoadResult batches, int batchSize) {
        Map<String, Long> expected = new HashMap<>();
        batches.acceptedByKey().forEach((id, times) -> {
            long n = Long.parseLong(id);
            for (long i = n * batchSize; i < (n + 1) * batchSize; i++) {
                expected.merge(key("batch", i), times, Long::sum);
            }
        });
        return expected;
    }

    /** Bytes of one increment record as tally writes it: the counter key and the decimal delta "1". */
    int recordSize() {
        return (int) Math.round(LongStream.range(0, keys)
                .mapToInt(i -> key("batch", i).getBytes(StandardCharsets.UTF_8).length + 1).average().orElse(1));
    }

    CountCheck.Outcome check(Map<String, Long> expected, Duration within) throws InterruptedException {
        return new CountCheck(api::value, within, Duration.ofMillis(200)).await(expected);
    }

    /** The no-Kafka phase's keys, all expected at 0: that endpoint must never have written. */
    Map<String, Long> untouchedCeilingKeys() {
        Map<String, Long> zero = new HashMap<>();
        for (long i = 0; i < Math.min(keys, 32); i++) {
            zero.put(key("ceiling", i), 0L);
        }
        return zero;
    }
}
