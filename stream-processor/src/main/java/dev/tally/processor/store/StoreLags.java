package dev.tally.processor.store;

import dev.tally.processor.LogThrottle;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far this instance's copy of each store partition is behind its changelog, for the {@code lag}
 * of a {@code LocalCount}: from {@link KafkaStreams#allLocalStorePartitionLags()} (metadata plus an
 * admin round trip for the changelog end offsets; not IQv2, so safe in kafka-streams 4.3.1).
 *
 * <p><b>Staleness:</b> the whole map is fetched at most once per {@value #MAX_AGE_MS} ms and shared
 * by all requests, so a lag is as of up to {@value #MAX_AGE_MS} ms (plus the fetch) before the read:
 * since then the copy may have caught up (the lag overstates) or the active copy may have written
 * more (it understates by what was written in that time), and a rebalance in between may have
 * changed the copy's role. A request that finds the map expired waits up to {@value #WAIT_MS} ms for a fresh
 * one (one fetch at a time, on a thread of its own); if the brokers are slower than that it gets the
 * previous map while that is younger than {@value #UNKNOWN_AFTER_MS} ms, and otherwise null
 * (unknown). A failed fetch also means null until the next one.
 *
 * <p><b>Values:</b> an active copy that is running reports 0; an active copy still restoring and a
 * standby report changelog records not yet applied. Under exactly_once_v2 the commit markers take
 * offsets too, so a caught-up standby may report a small lag (1-2) rather than 0. A store partition
 * this instance does not hold is null.
 */
final class StoreLags {

    static final long MAX_AGE_MS = 250;
    static final long WAIT_MS = 200;
    static final long UNKNOWN_AFTER_MS = 2_000;

    private static final Logger log = LoggerFactory.getLogger(StoreLags.class);

    private record Snapshot(Map<String, Map<Integer, Long>> lags, long fetchedAtMs) {
    }

    private final Supplier<Map<String, Map<Integer, LagInfo>>> source;
    private final LongSupplier clockMs;
    private final Executor fetcher;
    private final long waitMs;
    private final LogThrottle failures = new LogThrottle(60_000);
    private volatile Snapshot snapshot;
    private CompletableFuture<Snapshot> inFlight; // guarded by this

    /** Fetches on a daemon thread of its own: a slow admin call must not hold an HTTP thread long. */
    static StoreLags of(KafkaStreams streams) {
        Executor fetcher = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "store-lags");
            thread.setDaemon(true);
            return thread;
        });
        return new StoreLags(streams::allLocalStorePartitionLags, System::currentTimeMillis, fetcher, WAIT_MS);
    }

    /** @param fetcher runs the fetches; tests pass {@code Runnable::run} or one they drive by hand */
    StoreLags(Supplier<Map<String, Map<Integer, LagInfo>>> source, LongSupplier clockMs, Executor fetcher, long waitMs) {
        this.source = source;
        this.clockMs = clockMs;
        this.fetcher = fetcher;
        this.waitMs = waitMs;
    }

    /** @return partition → offset lag of every copy of that store this instance holds (empty if unknown) */
    Map<Integer, Long> offsetLags(String store) {
        return new TreeMap<>(current().getOrDefault(store, Map.of()));
    }

    /** @return the offset lag of this instance's copy of that store partition, or null if unknown */
    Long offsetLag(String store, int partition) {
        Map<Integer, Long> partitions = current().get(store);
        return partitions == null ? null : partitions.get(partition);
    }

    private Map<String, Map<Integer, Long>> current() {
        long now = clockMs.getAsLong();
        Snapshot last = snapshot;
        if (last != null && now - last.fetchedAtMs() <= MAX_AGE_MS) {
            return last.lags();
        }
        try {
            return refresh().get(waitMs, TimeUnit.MILLISECONDS).lags();
        } catch (TimeoutException e) {
            return last != null && now - last.fetchedAtMs() <= UNKNOWN_AFTER_MS ? last.lags() : Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        } catch (ExecutionException e) {
            return Map.of(); // fetch() catches its failures; kept for the compiler
        }
    }

    /** The fetch under way, or a new one: never two at a time. */
    private synchronized CompletableFuture<Snapshot> refresh() {
        if (inFlight == null || inFlight.isDone()) {
            inFlight = CompletableFuture.supplyAsync(this::fetch, fetcher);
        }
        return inFlight;
    }

    private Snapshot fetch() {
        long started = clockMs.getAsLong();
        Map<String, Map<Integer, Long>> lags;
        try {
            lags = offsetLags(source.get());
        } catch (RuntimeException e) {
            if (failures.admit(started) != LogThrottle.SUPPRESSED) {
                log.warn("cannot read the store lags (answers say lag=null until it works again): {}", e.toString());
            }
            lags = Map.of();
        }
        Snapshot fetched = new Snapshot(lags, started);
        snapshot = fetched;
        return fetched;
    }

    static Map<String, Map<Integer, Long>> offsetLags(Map<String, Map<Integer, LagInfo>> lagInfos) {
        Map<String, Map<Integer, Long>> lags = new TreeMap<>();
        lagInfos.forEach((store, partitions) -> {
            Map<Integer, Long> offsetLags = new TreeMap<>();
            partitions.forEach((partition, info) -> offsetLags.put(partition, info.offsetLag()));
            lags.put(store, Map.copyOf(offsetLags));
        });
        return Map.copyOf(lags);
    }
}
