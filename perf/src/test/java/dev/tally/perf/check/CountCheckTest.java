package dev.tally.perf.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

class CountCheckTest {

    private static CountCheck check(ToLongFunction<String> value, Duration within) {
        CounterReader reader = keys -> {
            Map<String, Long> values = new HashMap<>();
            keys.forEach(key -> values.put(key, value.applyAsLong(key)));
            return values;
        };
        return new CountCheck(reader, within, Duration.ofMillis(1));
    }

    @Test
    void waitsForCountersThatLagBehindTheAcceptedIncrements() throws Exception {
        Map<String, Integer> reads = new HashMap<>();
        // "hot" catches up on its third read, "cold" is right at once.
        CountCheck check = check(key -> {
            int n = reads.merge(key, 1, Integer::sum);
            return key.equals("hot") ? Math.min(n, 3) * 10 : 5;
        }, Duration.ofSeconds(5));

        CountCheck.Outcome outcome = check.await(Expectation.exactly(Map.of("hot", 30L, "cold", 5L)));

        assertThat(outcome.exact()).isTrue();
        assertThat(outcome.withinBounds()).isTrue();
        assertThat(outcome.keys()).isEqualTo(2);
        assertThat(outcome.acceptedTotal()).isEqualTo(35);
        assertThat(outcome.countedTotal()).isEqualTo(35);
        assertThat(outcome.mismatches()).isEmpty();
        assertThat(outcome.verdict()).isEqualTo("exact");
        assertThat(reads).containsEntry("cold", 2); // once, then once more in the final pass
    }

    @Test
    void aCounterThatNeverGetsThereIsAMismatchAfterTheDeadline() throws Exception {
        CountCheck.Outcome outcome = check(key -> 7, Duration.ofMillis(50)).await(Expectation.exactly(Map.of("hot", 9L)));

        assertThat(outcome.exact()).isFalse();
        assertThat(outcome.withinBounds()).isFalse();
        assertThat(outcome.mismatches()).containsExactly(new CountCheck.Mismatch("hot", 9, 0, 7));
        assertThat(outcome.countedTotal()).isEqualTo(7);
        assertThat(outcome.mismatches().get(0)).hasToString("hot: 7 counted, 9 accepted (-2)");
    }

    @Test
    void aDuplicateAppliedAfterAKeyFirstMatchedIsCaughtByTheFinalPass() throws Exception {
        Map<String, Integer> reads = new HashMap<>();
        CountCheck check = check(key -> reads.merge(key, 1, Integer::sum) == 1 ? 4 : 5, Duration.ofSeconds(5));

        CountCheck.Outcome outcome = check.await(Expectation.exactly(Map.of("k", 4L)));

        assertThat(outcome.exact()).isFalse();
        assertThat(outcome.mismatches()).containsExactly(new CountCheck.Mismatch("k", 4, 0, 5));
    }

    @Test
    void uncertainIncrementsMayOrMayNotHaveBeenCounted() throws Exception {
        Expectation expected = new Expectation(Map.of("a", 10L, "b", 10L, "c", 10L), Map.of("a", 2L, "b", 2L, "c", 2L));

        CountCheck.Outcome outcome = check(key -> switch (key) {
            case "a" -> 10;
            case "b" -> 12;
            default -> 13;
        }, Duration.ofMillis(50)).await(expected);

        // a: none of its 2 uncertain ones was written, b: both were; c: one more than could have been.
        assertThat(outcome.exact()).isFalse();
        assertThat(outcome.withinBounds()).isFalse();
        assertThat(outcome.uncertainTotal()).isEqualTo(6);
        assertThat(outcome.mismatches()).containsExactly(new CountCheck.Mismatch("c", 10, 2, 13));
        assertThat(outcome.verdict()).isEqualTo("WRONG");
    }

    @Test
    void unansweredIncrementsThatWereWrittenOnceLeaveTheCountsBoundedNotWrong() throws Exception {
        Expectation expected = new Expectation(Map.of("a", 10L, "b", 10L), Map.of("a", 2L, "b", 2L));

        CountCheck.Outcome outcome = check(key -> key.equals("a") ? 10 : 11, Duration.ofMillis(50)).await(expected);

        assertThat(outcome.exact()).isFalse();
        assertThat(outcome.withinBounds()).isTrue();
        assertThat(outcome.verdict()).isEqualTo("bounded");
        assertThat(outcome.uncertainWritten()).isEqualTo(1);
    }

    @Test
    void anUnreadableKeyIsReadAgainUntilTheDeadline() throws Exception {
        Map<String, Integer> reads = new HashMap<>();
        CountCheck check = check(key -> reads.merge(key, 1, Integer::sum) < 3 ? CounterReader.UNREADABLE : 3,
                Duration.ofSeconds(5));

        assertThat(check.await(Expectation.exactly(Map.of("k", 3L))).exact()).isTrue();
    }
}
