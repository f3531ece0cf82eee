package dev.tally.ingest;

import dev.tally.domain.WriteToken;
import dev.tally.query.TokenHorizon;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Refuses a token whose offset lies past its partition's log end, from the ends the cluster view reads
 * about every poll, but only after the partition's leader confirmed it: the reading is up to a poll
 * old, so a token handed out since then is past the end it saw. A look-up that does not answer in time
 * (broker down, leader moving) refuses nothing; the read then waits for its write as before.
 *
 * <p>The published end is the high watermark. A leader-only ({@code consistency=eventual}) write is
 * answered before its followers copied it, so its offset can be past the watermark for the moment
 * they take to fetch it (milliseconds); the confirmation therefore asks again for up to
 * {@code confirmWithin} before it refuses.
 */
final class LogEndHorizon implements TokenHorizon {

    /** How long the confirming look-ups may take in all: a bogus token is answered within about this long. */
    static final Duration CONFIRM_WITHIN = Duration.ofMillis(500);
    private static final Duration PAUSE = Duration.ofMillis(50);

    private final ClusterView cluster;
    private final Duration confirmWithin;

    LogEndHorizon(ClusterView cluster, Duration confirmWithin) {
        this.cluster = cluster;
        this.confirmWithin = confirmWithin;
    }

    @Override
    public Optional<String> pastLogEnd(WriteToken token) {
        IngestQueue queue = token.excess() ? IngestQueue.EXCESS : IngestQueue.MAIN;
        PartitionReading cached = cluster.partitions(queue).get(token.partition());
        if (cached == null || cached.logEnd() < 0 || token.offset() < cached.logEnd()) {
            return Optional.empty();
        }
        long giveUpAt = System.nanoTime() + confirmWithin.toNanos();
        while (true) {
            long left = giveUpAt - System.nanoTime();
            OptionalLong end = cluster.freshLogEnd(queue, token.partition(), Duration.ofNanos(Math.max(left, PAUSE.toNanos())));
            if (end.isEmpty() || token.offset() < end.getAsLong()) {
                return Optional.empty();
            }
            if (System.nanoTime() + PAUSE.toNanos() >= giveUpAt) {
                return Optional.of("the token " + token + " names offset " + token.offset() + " of partition " + token.partition()
                        + " of " + queue.topic() + ", whose log ends at " + end.getAsLong()
                        + ": no write has that offset yet, so this stack did not hand the token out");
            }
            if (!pause()) {
                return Optional.empty();
            }
        }
    }

    private static boolean pause() {
        try {
            Thread.sleep(PAUSE.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
