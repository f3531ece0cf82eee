package dev.tally.perf;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load of {@code perf chaos}: {@code total} increments over {@code keys} counters from
 * {@code clients} closed-loop threads, each increment with an Idempotency-Key of its own and sent
 * again, with that same key, after any failure that might have written it (5xx, timeout, no
 * answer, 429) until it is answered 202 or {@link RetryPolicy#maxAttempts} is reached. So every
 * increment is either acknowledged exactly once, however many times it was sent, or left
 * {@link Unresolved} for a later pass.
 */
final class ChaosLoad {

    /** An increment that got no 202 within the retry policy; {@code maybeWritten} unless it was only ever refused with a 4xx. */
    record Unresolved(String key, String idempotencyKey, String lastError, boolean maybeWritten) {
    }

    /**
     * What the load saw.
     *
     * @param replays         202s with {@code Idempotent-Replay: true}: a retry of an increment that was already counted
     * @param retriesByCause  every failed attempt that was sent again, by its answer ("HTTP 503 kafka_timeout", "no answer", …)
     * @param ackNanos        when each 202 arrived, in nanoseconds from the start, sorted
     */
    record Outcome(LoadResult load, long replays, Map<String, Long> retriesByCause, List<Unresolved> unresolved,
                   long[] ackNanos) {
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final ApiClient api;
    private final String run;
    private final int keys;
    private final int clients;
    private final long total;
    private final RetryPolicy policy;
    private final AtomicLong issued = new AtomicLong();
    private final AtomicLong finished = new AtomicLong();
    private final List<Trace> traces = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Progress progress;
    private long startNanos;
    private long startCpu;

    /** @param run makes keys and idempotency keys unique to this run, so counters start at 0 and no old key replays */
    ChaosLoad(ApiClient api, String run, int keys, int clients, long total, RetryPolicy policy) {
        this.api = api;
        this.run = run;
        this.keys = keys;
        this.clients = clients;
        this.total = total;
        this.policy = policy;
        this.progress = new Progress("chaos", (int) total);
    }

    String keyOf(long n) {
        return "chaos-" + run + "-" + (n % keys);
    }

    ChaosLoad start() {
        startNanos = System.nanoTime();
        startCpu = OS.getProcessCpuTime();
        for (int i = 0; i < clients; i++) {
            Trace trace = new Trace();
            traces.add(trace);
            Thread thread = new Thread(() -> run(trace), "chaos-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        return this;
    }

    /** Increments acknowledged or given up so far: the progress the fault schedule keys on. */
    long finished() {
        return finished.get();
    }

    long startNanos() {
        return startNanos;
    }

    Outcome await() throws InterruptedException {
        for (Thread thread : threads) {
            thread.join();
        }
        long elapsed = System.nanoTime() - startNanos;
        double cores = (OS.getProcessCpuTime() - startCpu) / (double) elapsed;
        return outcome(LoadResult.of("chaos increments", traces.stream().map(t -> t.record).toList(), elapsed, cores), traces);
    }

    /**
     * Sends the unresolved increments again, one at a time with their own idempotency keys, once
     * the faults are over: each comes back acknowledged (a replay if an earlier send was written)
     * or stays unresolved.
     */
    Outcome resolve(List<Unresolved> unresolved) throws InterruptedException {
        Trace trace = new Trace();
        long start = System.nanoTime();
        for (Unresolved u : unresolved) {
            send(u.key(), u.idempotencyKey(), trace);
        }
        return outcome(LoadResult.of("resolution pass", List.of(trace.record), System.nanoTime() - start, 0), List.of(trace));
    }

    private static Outcome outcome(LoadResult load, List<Trace> all) {
        long replays = 0;
        Map<String, Long> causes = new TreeMap<>();
        List<Unresolved> unresolved = new ArrayList<>();
        long[] acks = new long[0];
        for (Trace t : all) {
            replays += t.replays;
            t.retries.forEach((cause, n) -> causes.merge(cause, n, Long::sum));
            unresolved.addAll(t.unresolved);
            int at = acks.length;
            acks = Arrays.copyOf(acks, at + t.acks);
            System.arraycopy(t.ackNanos, 0, acks, at, t.acks);
        }
        Arrays.sort(acks);
        return new Outcome(load, replays, causes, unresolved, acks);
    }

    private void run(Trace trace) {
        try {
            for (long n = issued.getAndIncrement(); n < total; n = issued.getAndIncrement()) {
                send(keyOf(n), "chaos-" + run + "-" + n, trace);
                progress.step((int) finished.incrementAndGet());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(String key, String idempotencyKey, Trace trace) throws InterruptedException {
        long first = System.nanoTime();
        boolean maybeWritten = false;
        String lastError = null;
        for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
            ApiClient.Answer answer = api.incrementIdempotent(key, idempotencyKey, policy.requestTimeout());
            ApiClient.Reply reply = answer.reply();
            if (reply.status() == 202) {
                // Latency of the increment as its client saw it: from the first send to the 202, retries included.
                trace.record.accepted(key, (System.nanoTime() - first) / 1_000, reply.excess());
                trace.acked(System.nanoTime() - startNanos, answer.replay());
                return;
            }
            lastError = cause(reply);
            // A 429 and a 4xx were not written; anything else might have been.
            maybeWritten |= reply.status() != 429 && RetryPolicy.retryable(reply.status());
            if (!RetryPolicy.retryable(reply.status())) {
                break;
            }
            if (reply.status() == 429) {
                trace.record.rejected();
            }
            trace.retries.merge(lastError, 1L, Long::sum);
            if (attempt < policy.maxAttempts()) {
                Thread.sleep(policy.backoff(attempt, answer.retryAfter()).toMillis());
            }
        }
        trace.record.failed(0, lastError);
        trace.unresolved.add(new Unresolved(key, idempotencyKey, lastError, maybeWritten));
    }

    /** "HTTP 503 kafka_timeout", "HTTP 429 queue_full", "no answer (HttpTimeoutException)": what a retry was for. */
    static String cause(ApiClient.Reply reply) {
        if (reply.status() < 0) {
            String body = reply.body();
            int colon = body.indexOf(':');
            String exception = colon > 0 ? body.substring(0, colon) : body;
            return "no answer (" + exception.substring(exception.lastIndexOf('.') + 1) + ")";
        }
        try {
            JsonNode error = reply.json().get("error");
            return "HTTP " + reply.status() + (error == null ? "" : " " + error.asText());
        } catch (IllegalStateException notJson) {
            return "HTTP " + reply.status();
        }
    }

    /** What one client thread saw, beyond the LoadResult's figures; owned by that thread until await. */
    private static final class Trace {
        final ClientRecord record = new ClientRecord();
        final Map<String, Long> retries = new HashMap<>();
        final List<Unresolved> unresolved = new ArrayList<>();
        long[] ackNanos = new long[1024];
        int acks;
        long replays;

        void acked(long atNanos, boolean replay) {
            if (acks == ackNanos.length) {
                ackNanos = Arrays.copyOf(ackNanos, acks * 2);
            }
            ackNanos[acks++] = atNanos;
            if (replay) {
                replays++;
            }
        }
    }
}
