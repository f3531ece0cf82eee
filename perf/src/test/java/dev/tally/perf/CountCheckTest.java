package dev.tally.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CountCheckTest {

    @Test
    void waitsForCountersThatLagBehindTheAcceptedIncrements() throws Exception {
        Map<String, Integer> reads = new HashMap<>();
        // "hot" catches up on its third read, "cold" is right at once.
        CountCheck check = new CountCheck(key -> {
            int n = reads.merge(key, 1, Integer::sum);
            return key.equals("hot") ? Math.min(n, 3) * 10 : 5;
        }, Duration.ofSeconds(5), Duration.ofMillis(1));

        CountCheck.Outcome outcome = check.await(Map.of("hot", 30L, "cold", 5L));

        assertThat(outcome.exact()).isTrue();
        assertThat(outcome.keys()).isEqualTo(2);
        assertThat(outcome.expectedTotal()).isEqualTo(35);
        assertThat(outcome.countedTotal()).isEqualTo(35);
        assertThat(outcome.mismatches()).isEmpty();
        assertThat(reads).containsEntry("cold", 2); // once, then once more in the final pass
    }

    @Test
    void aCounterThatNeverGetsThereIsAMismatchAfterTheDeadline() throws Exception {
        CountCheck check = new CountCheck(key -> 7, Duration.ofMillis(50), Duration.ofMillis(5));

        CountCheck.Outcome outcome = check.await(Map.of("hot", 9L));

        assertThat(outcome.exact()).isFalse();
        assertThat(outcome.mismatches()).containsExactly(new CountCheck.Mismatch("hot", 9, 7));
        assertThat(outcome.countedTotal()).isEqualTo(7);
        assertThat(outcome.mismatches().get(0)).hasToString("hot: 7 counted, 9 accepted (-2)");
    }

    @Test
    void aDuplicateAppliedAfterAKeyFirstMatchedIsCaughtByTheFinalPass() throws Exception {
        Map<String, Integer> reads = new HashMap<>();
        CountCheck check = new CountCheck(key -> reads.merge(key, 1, Integer::sum) == 1 ? 4 : 5,
                Duration.ofSeconds(1), Duration.ofMillis(1));

        CountCheck.Outcome outcome = check.await(Map.of("k", 4L));

        assertThat(outcome.mismatches()).containsExactly(new CountCheck.Mismatch("k", 4, 5));
        assertThat(outcome.mismatches().get(0)).hasToString("k: 5 counted, 4 accepted (+1)");
        assertThat(outcome.countedTotal()).as("the value the final pass read, not the first").isEqualTo(5);
    }

    @Test
    void aFailedReadIsRetriedAndOnlyCountsAgainstTheKeyIfItLasts() throws Exception {
        Map<String, Integer> reads = new HashMap<>();
        CountCheck check = new CountCheck(key -> {
            if (reads.merge(key, 1, Integer::sum) == 1) {
                throw new IllegalStateException("GET /counter/k answered 503");
            }
            return key.equals("k") ? 3 : fail();
        }, Duration.ofSeconds(1), Duration.ofMillis(1));
        assertThat(check.await(Map.of("k", 3L)).exact()).isTrue();

        CountCheck never = new CountCheck(key -> fail(), Duration.ofMillis(20), Duration.ofMillis(5));
        assertThat(never.await(Map.of("k", 3L)).mismatches()).containsExactly(new CountCheck.Mismatch("k", 3, CountCheck.UNREADABLE));
    }

    private static long fail() {
        throw new IllegalStateException("no answer");
    }
}
