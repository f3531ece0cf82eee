package dev.tally.query;

import java.time.Duration;

/** Monotonic time and sleeping, replaceable so that retry deadlines are tested without waiting. */
public interface TimeSource {

    TimeSource SYSTEM = new TimeSource() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            Thread.sleep(duration.toMillis());
        }
    };

    long nanoTime();

    void sleep(Duration duration) throws InterruptedException;
}
