package dev.tally.perf.check;

import dev.tally.perf.load.LoadRequest;
import dev.tally.perf.load.LoadResponse;
import dev.tally.perf.load.RequestSource;
import dev.tally.perf.load.ResponseListener;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The requests of a load of single increments (one counter each, {@code by} 1) and the book of how
 * each ended, per key: it is the generator's request source and its response listener at once.
 * Counting costs an array increment per request; no body is parsed. Warm-up requests count too:
 * they are written like any other.
 *
 * <p>An increment is accepted when answered 2xx, uncertain when answered 5xx or not at all (it may
 * have been written), and refused otherwise (4xx, a final 429, or never sent for want of a
 * connection: nothing was written).
 */
public final class IncrementLedger implements RequestSource, ResponseListener {

    /** The request that increments a key, given the index it is sent as (e.g. for an Idempotency-Key of its own). */
    @FunctionalInterface
    public interface RequestOfKey {
        LoadRequest request(long index, String key);
    }

    /** The request of the n-th increment, which goes to key slot {@code slot}. */
    @FunctionalInterface
    private interface RequestOfSlot {
        LoadRequest request(long index, int slot);
    }

    private final List<String> keys;
    private final KeyChoice choice;
    private final RequestOfSlot requests;
    private final AtomicLongArray issued;
    private final AtomicLongArray accepted;
    private final AtomicLongArray refused;

    private IncrementLedger(List<String> keys, KeyChoice choice, RequestOfSlot requests) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a load needs a key at least");
        }
        this.keys = List.copyOf(keys);
        this.choice = choice;
        this.requests = requests;
        this.issued = new AtomicLongArray(keys.size());
        this.accepted = new AtomicLongArray(keys.size());
        this.refused = new AtomicLongArray(keys.size());
    }

    /** The same request for a key every time (built once per key): a plain increment, say. */
    public static IncrementLedger sameRequestPerKey(List<String> keys, KeyChoice choice,
                                                    java.util.function.Function<String, LoadRequest> request) {
        LoadRequest[] built = keys.stream().map(request).toArray(LoadRequest[]::new);
        return new IncrementLedger(keys, choice, (index, slot) -> built[slot]);
    }

    /** A request built for each increment, e.g. with an Idempotency-Key of its own. */
    public static IncrementLedger requestPerIncrement(List<String> keys, KeyChoice choice, RequestOfKey request) {
        List<String> copy = List.copyOf(keys);
        return new IncrementLedger(copy, choice, (index, slot) -> request.request(index, copy.get(slot)));
    }

    /** The key the n-th request increments. */
    public String keyOf(long index) {
        return keys.get(choice.slot(index, keys.size()));
    }

    @Override
    public LoadRequest request(long index) {
        int slot = choice.slot(index, keys.size());
        issued.incrementAndGet(slot);
        return requests.request(index, slot);
    }

    @Override
    public void onResponse(LoadResponse response) {
        int slot = choice.slot(response.index(), keys.size());
        int status = response.status();
        if (status >= 200 && status < 300) {
            accepted.incrementAndGet(slot);
        } else if (status < 500) {
            refused.incrementAndGet(slot);
        }
    }

    /** An increment that never left the generator is certainly not written, like one refused with a 4xx. */
    @Override
    public void notSent(long index) {
        refused.incrementAndGet(choice.slot(index, keys.size()));
    }

    /** Increments answered 2xx so far, over every key. */
    public long acceptedTotal() {
        long total = 0;
        for (int slot = 0; slot < keys.size(); slot++) {
            total += accepted.get(slot);
        }
        return total;
    }

    /** Every key sent to (and only those), with its accepted and uncertain increments; call once the load is over. */
    public Expectation expectation() {
        Map<String, Long> sure = new HashMap<>();
        Map<String, Long> maybe = new HashMap<>();
        for (int slot = 0; slot < keys.size(); slot++) {
            if (issued.get(slot) == 0) {
                continue;
            }
            sure.merge(keys.get(slot), accepted.get(slot), Long::sum);
            long uncertain = issued.get(slot) - accepted.get(slot) - refused.get(slot);
            if (uncertain > 0) {
                maybe.merge(keys.get(slot), uncertain, Long::sum);
            }
        }
        return new Expectation(sure, maybe);
    }
}
