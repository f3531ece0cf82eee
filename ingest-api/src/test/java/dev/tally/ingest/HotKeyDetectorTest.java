package dev.tally.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HotKeyDetectorTest {

    private final AtomicLong nanos = new AtomicLong();
    private final HotKeyDetector detector = new HotKeyDetector(50, Duration.ofSeconds(10), nanos::get);

    @Test
    void fiftyTwoIncrementsOfOneKeySpillTheTwoBeyondTheThresholdOfFifty() {
        int spilled = 0;
        for (int i = 0; i < 52; i++) {
            spilled += detector.recordAndCheck("hotkey") ? 1 : 0;
        }
        for (int i = 0; i < 10; i++) {
            assertThat(detector.recordAndCheck("chill")).isFalse();
        }
        assertThat(spilled).isEqualTo(2);
        assertThat(detector.hotKeys()).extracting(HotKeyDetector.HotKey::key).containsExactly("hotkey");
    }

    @Test
    void aKeyCoolsDownWhenItsWindowEnds() {
        for (int i = 0; i < 51; i++) {
            detector.recordAndCheck("k");
        }
        assertThat(detector.recordAndCheck("k")).isTrue();

        nanos.addAndGet(Duration.ofSeconds(11).toNanos());
        assertThat(detector.recordAndCheck("k")).isFalse();
        assertThat(detector.hotKeys()).isEmpty();
    }

    @Test
    void anIncrementTakenBackNoLongerCountsTowardTheThreshold() {
        for (int i = 0; i < 60; i++) {
            boolean spilled = detector.recordAndCheck("retried");
            detector.forget("retried", spilled);
        }
        assertThat(detector.recordAndCheck("retried")).isFalse();
        assertThat(detector.hotKeys()).isEmpty();
    }
}
