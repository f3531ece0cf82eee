package dev.tally.ingest;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Picks the salt of a hot key's next increment on the excess topic. Sticky, like Kafka's own
 * partitioner: every increment within one {@link #STICKY} slice of time gets the same salt, so the
 * concurrent requests of a hot key share one partition's batch (one produce request, one replication
 * round) instead of scattering one record to each partition; the next slice moves to the next salt,
 * so over a flush interval the key's load still spreads over partitions and processor threads.
 *
 * <p>Measured on the 2-core machine ({@code bin/tally perf hotkey}): a random salt per increment
 * cost more CPU in produce requests and replication than the pre-aggregation saved.
 */
final class SaltPicker {

    /** Several producer lingers (2 ms) long, and a small part of a flush (100 ms). */
    static final Duration STICKY = Duration.ofMillis(20);

    private final int salts;
    private final LongSupplier nanoTime;
    /** Where this API replica starts, so replicas of one stack do not all write the same salt at once. */
    private final long offset;

    SaltPicker(int salts, LongSupplier nanoTime, long offset) {
        this.salts = salts;
        this.nanoTime = nanoTime;
        this.offset = offset;
    }

    static SaltPicker sticky(int salts) {
        return new SaltPicker(salts, System::nanoTime, ThreadLocalRandom.current().nextInt(salts));
    }

    int next() {
        return (int) Math.floorMod(nanoTime.getAsLong() / STICKY.toNanos() + offset, salts);
    }
}
