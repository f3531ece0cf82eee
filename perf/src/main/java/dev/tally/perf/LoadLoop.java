package dev.tally.perf;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Load from {@code clients} platform threads, each sending one request, waiting for its answer,
 * then sending the next, until {@code total} were sent or {@link #stop} is called.
 *
 * <p>By default the loop is closed: the next request goes as soon as a client is free, so it cannot
 * overload the API by itself and measures what the API sustains. {@link #paced} opens it (as wrk2
 * does): the n-th request is due at {@code start + n / rate}, and its latency counts from when it
 * was due, not from when a free client sent it, so a stall shows in the latencies of every request
 * it delayed (no coordinated omission). The clients bound the requests in flight.
 *
 * <p>A 429 is retried after {@link #BACK_OFF_MILLIS}, as a well-behaved client does, so the
 * number of 202s is what the exact-count check expects.
 */
final class LoadLoop {

    static final long UNTIL_STOPPED = Long.MAX_VALUE;
    /** Shorter than the API's Retry-After (1 s): a benchmark wants to know when the queue has room again. */
    static final long BACK_OFF_MILLIS = 20;
    private static final long NOT_PACED = Long.MIN_VALUE;

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final String name;
    private final int clients;
    private final long total;
    private final LongFunction<String> keyOf;
    private final Function<String, ApiClient.Reply> request;
    private final int success;
    private final Progress progress;
    private final AtomicLong issued = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final List<ClientRecord> records = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;
    private double ratePerSecond;
    private long startNanos;
    private long startCpu;

    /** @param keyOf the key of the n-th increment (n from 0), e.g. always the hot key, or cold keys round robin */
    LoadLoop(String name, ApiClient api, int clients, long total, LongFunction<String> keyOf) {
        this(name, clients, total, keyOf, api::increment, 202);
    }

    /**
     * The same loop over any request, e.g. {@code GET /health} or a batch.
     *
     * @param request sends the request of one operation, given {@code keyOf}'s string for it
     * @param success the status that counts an operation done (429 is retried, anything else is an error)
     */
    LoadLoop(String name, int clients, long total, LongFunction<String> keyOf,
               Function<String, ApiClient.Reply> request, int success) {
        this.request = request;
        this.success = success;
        this.name = name;
        this.clients = clients;
        this.total = total;
        this.keyOf = keyOf;
        this.progress = total == UNTIL_STOPPED ? null : new Progress(name, (int) total);
    }

    /** Sends at {@code ratePerSecond} requests per second at most, latencies counted from each request's due time. */
    LoadLoop paced(double ratePerSecond) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("a rate must be positive, not " + ratePerSecond);
        }
        this.ratePerSecond = ratePerSecond;
        return this;
    }

    LoadLoop start() {
        startNanos = System.nanoTime();
        startCpu = OS.getProcessCpuTime();
        for (int i = 0; i < clients; i++) {
            ClientRecord record = new ClientRecord();
            records.add(record);
            Thread thread = new Thread(() -> run(record), name + "-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        return this;
    }

    /** Lets each client finish the request it is in, then sends no more. */
    void stop() {
        stopped = true;
    }

    /** Waits for every client thread and merges what they saw. */
    LoadResult await() throws InterruptedException {
        for (Thread thread : threads) {
            thread.join();
        }
        long elapsed = System.nanoTime() - startNanos;
        double cores = (OS.getProcessCpuTime() - startCpu) / (double) elapsed;
        return LoadResult.of(name, records, elapsed, cores);
    }

    private void run(ClientRecord record) {
        try {
            for (long n = issued.getAndIncrement(); n < total && !stopped; n = issued.getAndIncrement()) {
                String key = keyOf.apply(n);
                sendUntilTaken(key, record, ratePerSecond > 0 ? awaitDue(n) : NOT_PACED);
                long done = answered.incrementAndGet();
                if (progress != null) {
                    progress.step((int) done);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sleeps until the n-th request of a paced loop is due, and tells when that was. */
    private long awaitDue(long n) throws InterruptedException {
        long due = startNanos + (long) (n * 1e9 / ratePerSecond);
        long early = due - System.nanoTime();
        if (early > 0) {
            Thread.sleep(early / 1_000_000, (int) (early % 1_000_000));
        }
        return due;
    }

    /** @param due when a paced request was due (its latency counts from then), or {@link #NOT_PACED} */
    private void sendUntilTaken(String key, ClientRecord record, long due) throws InterruptedException {
        while (true) {
            ApiClient.Reply reply = request.apply(key);
            if (reply.status() == success) {
                long micros = due == NOT_PACED ? reply.micros() : (System.nanoTime() - due) / 1_000;
                record.accepted(key, micros, reply.excess());
                return;
            }
            if (reply.status() != 429) {
                record.failed(reply.status(), reply.body());
                return;
            }
            record.rejected();
            if (stopped) {
                return; // never taken, so never counted: the exact-count check stays exact
            }
            Thread.sleep(BACK_OFF_MILLIS);
        }
    }
}
