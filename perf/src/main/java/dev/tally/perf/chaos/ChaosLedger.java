package dev.tally.perf.chaos;

import dev.tally.perf.check.Expectation;
import dev.tally.perf.check.KeyChoice;
import dev.tally.perf.load.LoadRequest;
import dev.tally.perf.load.LoadResponse;
import dev.tally.perf.load.RequestSource;
import dev.tally.perf.load.ResponseListener;
import dev.tally.perf.scenario.Loads;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The increments of {@code perf chaos} and what became of each: increment n goes to key
 * {@code n % keys} with an Idempotency-Key of its own, so that however often it is sent (the
 * generator retries it after a 5xx or no answer) it counts once. Per increment, when it was
 * answered 202; so which were never acknowledged, to send again once the faults are over.
 */
final class ChaosLedger implements RequestSource, ResponseListener {

    private static final long NOT_YET = 0;

    private final List<String> keys;
    private final String idempotencyPrefix;
    private final AtomicLongArray ackNanos;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong replays = new AtomicLong();
    private final long startNanos;
    /** The resolution pass's request n is increment {@code resend[n]}; null in the main run. */
    private volatile long[] resend;

    ChaosLedger(List<String> keys, String idempotencyPrefix, long increments) {
        this.keys = List.copyOf(keys);
        this.idempotencyPrefix = idempotencyPrefix;
        this.ackNanos = new AtomicLongArray((int) increments);
        this.startNanos = System.nanoTime();
    }

    long startNanos() {
        return startNanos;
    }

    /** Increments answered 202 so far: the progress the fault schedule keys on. */
    long acknowledged() {
        return acknowledged.get();
    }

    /** 202s that said {@code Idempotent-Replay: true}: a retry of an increment already counted. */
    long replays() {
        return replays.get();
    }

    @Override
    public LoadRequest request(long index) {
        long increment = increment(index);
        return Loads.increment(keyOf(increment)).withHeader("Idempotency-Key", idempotencyPrefix + increment);
    }

    @Override
    public void onResponse(LoadResponse response) {
        if (response.status() != 202) {
            return;
        }
        int increment = (int) increment(response.index());
        // A second 202 for one increment (a replay of a retry that had been answered) changes nothing.
        if (ackNanos.compareAndSet(increment, NOT_YET, Math.max(1, System.nanoTime() - startNanos))) {
            acknowledged.incrementAndGet();
        }
        if ("true".equalsIgnoreCase(response.header("Idempotent-Replay"))) {
            replays.incrementAndGet();
        }
    }

    /** The increments never answered 202, to be sent again; from now on request n is the n-th of them. */
    int prepareResend() {
        List<Long> missing = new ArrayList<>();
        for (int increment = 0; increment < ackNanos.length(); increment++) {
            if (ackNanos.get(increment) == NOT_YET) {
                missing.add((long) increment);
            }
        }
        resend = missing.stream().mapToLong(Long::longValue).toArray();
        return missing.size();
    }

    /** Per key, the increments acknowledged (each once), and those never acknowledged, which may have been written. */
    Expectation expectation() {
        Map<String, Long> accepted = new HashMap<>();
        Map<String, Long> uncertain = new HashMap<>();
        for (int increment = 0; increment < ackNanos.length(); increment++) {
            String key = keyOf(increment);
            accepted.merge(key, ackNanos.get(increment) == NOT_YET ? 0L : 1L, Long::sum);
            if (ackNanos.get(increment) == NOT_YET) {
                uncertain.merge(key, 1L, Long::sum);
            }
        }
        return new Expectation(accepted, uncertain);
    }

    /** When each 202 came, in nanoseconds from the start, sorted. */
    long[] ackTimes() {
        long[] times = new long[(int) acknowledged.get()];
        int at = 0;
        for (int increment = 0; increment < ackNanos.length() && at < times.length; increment++) {
            if (ackNanos.get(increment) != NOT_YET) {
                times[at++] = ackNanos.get(increment);
            }
        }
        Arrays.sort(times, 0, at);
        return Arrays.copyOf(times, at);
    }

    private long increment(long index) {
        long[] pass = resend;
        return pass == null ? index : pass[(int) index];
    }

    private String keyOf(long increment) {
        return keys.get(KeyChoice.ROUND_ROBIN.slot(increment, keys.size()));
    }
}
