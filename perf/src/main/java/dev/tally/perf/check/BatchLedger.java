package dev.tally.perf.check;

import dev.tally.perf.load.LoadRequest;
import dev.tally.perf.load.LoadResponse;
import dev.tally.perf.load.RequestSource;
import dev.tally.perf.load.ResponseListener;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The requests of a batch load ({@code POST /counters/increments}, NDJSON) and the book of how each
 * ended. A fixed set of bodies is built once and sent in turn, body {@code n % bodies} as request n,
 * so sending costs no building and a 202 is counted as one array increment per request: the keys it
 * wrote follow from which body it was.
 *
 * <p>A 202 writes every item; a 207 or 5xx may have written some, no answer any; anything else
 * (4xx, a final 429: the batch is admitted whole or not at all) wrote none.
 */
public final class BatchLedger implements RequestSource, ResponseListener {

    public static final String PATH = "/counters/increments";

    private final int batchSize;
    /** Key slots of each body's items, in order. */
    private final int[][] items;
    private final List<String> keys;
    private final LoadRequest[] requests;
    private final AtomicLongArray issued;
    private final AtomicLongArray accepted;
    private final AtomicLongArray refused;

    /**
     * @param keys      the counters; body b holds the items {@code b * batchSize ...} of the key cycle, so the
     *                  bodies cover every key once {@code bodies * batchSize >= keys.size()}
     * @param batchSize increments per request
     * @param bodies    distinct bodies sent in turn
     */
    public BatchLedger(List<String> keys, int batchSize, int bodies) {
        if (keys.isEmpty() || batchSize < 1 || bodies < 1) {
            throw new IllegalArgumentException("a batch load needs keys, a batch size and bodies");
        }
        this.keys = List.copyOf(keys);
        this.batchSize = batchSize;
        this.items = new int[bodies][batchSize];
        this.requests = new LoadRequest[bodies];
        for (int body = 0; body < bodies; body++) {
            StringBuilder ndjson = new StringBuilder(batchSize * 48);
            for (int item = 0; item < batchSize; item++) {
                int slot = (int) (((long) body * batchSize + item) % keys.size());
                items[body][item] = slot;
                ndjson.append("{\"key\":\"").append(keys.get(slot)).append("\",\"by\":1}\n");
            }
            requests[body] = new LoadRequest("POST", PATH, Map.of("Content-Type", "application/x-ndjson"),
                    ndjson.toString().getBytes(StandardCharsets.UTF_8));
        }
        this.issued = new AtomicLongArray(bodies);
        this.accepted = new AtomicLongArray(bodies);
        this.refused = new AtomicLongArray(bodies);
    }

    public int batchSize() {
        return batchSize;
    }

    /** Bytes of one increment record as the API writes it (the key, and the delta "1"), averaged over the keys. */
    public int recordSize() {
        return (int) Math.round(keys.stream().mapToInt(k -> k.getBytes(StandardCharsets.UTF_8).length + 1).average().orElse(1));
    }

    @Override
    public LoadRequest request(long index) {
        int body = body(index);
        issued.incrementAndGet(body);
        return requests[body];
    }

    @Override
    public void onResponse(LoadResponse response) {
        int body = body(response.index());
        int status = response.status();
        if (status == 202) {
            accepted.incrementAndGet(body);
        } else if (status < 500 && status != 207) {
            refused.incrementAndGet(body);
        }
    }

    /** A batch that never left the generator is certainly not written. */
    @Override
    public void notSent(long index) {
        refused.incrementAndGet(body(index));
    }

    /** Increments of the batches answered 202 so far. */
    public long acceptedIncrements() {
        long batches = 0;
        for (int body = 0; body < requests.length; body++) {
            batches += accepted.get(body);
        }
        return batches * batchSize;
    }

    /** Per key, the increments of the batches answered 202, and of those that may have been written in part. */
    public Expectation expectation() {
        Map<String, Long> sure = new HashMap<>();
        Map<String, Long> maybe = new HashMap<>();
        for (int body = 0; body < requests.length; body++) {
            long uncertain = issued.get(body) - accepted.get(body) - refused.get(body);
            if (issued.get(body) == 0) {
                continue;
            }
            for (int slot : items[body]) {
                sure.merge(keys.get(slot), accepted.get(body), Long::sum);
                if (uncertain > 0) {
                    maybe.merge(keys.get(slot), uncertain, Long::sum);
                }
            }
        }
        return new Expectation(sure, maybe);
    }

    /** The keys of the bodies, in body order (for tests and reports). */
    List<String> keysOf(int body) {
        List<String> of = new ArrayList<>();
        for (int slot : items[body]) {
            of.add(keys.get(slot));
        }
        return of;
    }

    private int body(long index) {
        return (int) Math.floorMod(index, (long) requests.length);
    }
}
