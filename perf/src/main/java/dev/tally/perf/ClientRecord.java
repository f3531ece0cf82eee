package dev.tally.perf;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * What one load-generating thread saw. Each thread owns one, so recording takes no lock and the
 * threads do not contend on a shared counter; {@link LoadResult#of} merges them at the end.
 */
final class ClientRecord {

    private long[] micros = new long[1024];
    private int samples;
    long excess;
    long retried429;
    long errors;
    String firstError;
    final Map<String, Long> acceptedByKey = new HashMap<>();

    /** A 202: its latency, its key (for the exact-count check) and whether it took the excess queue. */
    void accepted(String key, long latencyMicros, boolean excessQueue) {
        if (samples == micros.length) {
            micros = Arrays.copyOf(micros, samples * 2);
        }
        micros[samples++] = latencyMicros;
        acceptedByKey.merge(key, 1L, Long::sum);
        if (excessQueue) {
            excess++;
        }
    }

    /** A 429: the queue was full, the client will try again. */
    void rejected() {
        retried429++;
    }

    /** Anything else (5xx, 4xx, no answer): not retried, since a 503 may or may not have been written. */
    void failed(int status, String body) {
        errors++;
        if (firstError == null) {
            firstError = "HTTP " + status + ": " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }
    }

    long accepted() {
        return samples;
    }

    long[] latencies() {
        return Arrays.copyOf(micros, samples);
    }
}
