package dev.tally.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SaltPickerTest {

    private final AtomicLong now = new AtomicLong();
    private final SaltPicker picker = new SaltPicker(12, now::get, 5);

    @Test
    void incrementsWithinOneSliceShareTheirSalt() {
        int first = picker.next();
        now.addAndGet(SaltPicker.STICKY.toNanos() - 1);

        assertThat(picker.next()).isEqualTo(first);
    }

    @Test
    void overTwelveSlicesEverySaltIsUsed() {
        Set<Integer> used = new HashSet<>();
        for (int slice = 0; slice < 12; slice++) {
            used.add(picker.next());
            now.addAndGet(SaltPicker.STICKY.toNanos());
        }

        assertThat(used).hasSize(12).allSatisfy(salt -> assertThat(salt).isBetween(0, 11));
    }
}
