package dev.tally.query;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Time that only moves when a test sleeps or advances it, so deadlines are exact and instant. */
final class FakeTime implements TimeSource {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private volatile Runnable onSleep = () -> { };

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public void sleep(Duration duration) {
        advance(duration);
        onSleep.run();
    }

    void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    long elapsedMillisSince(long startNanos) {
        return Duration.ofNanos(nanos.get() - startNanos).toMillis();
    }

    /** Runs after every sleep: lets a test change the world while a reader backs off. */
    void onSleep(Runnable action) {
        onSleep = action;
    }
}
