package dev.tally.perf.ceiling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLadderTest {

    /** A service that keeps up to {@code capacity} per second with p99 {@code p99Ms}, and falls behind beyond. */
    private static List<Double> offered(RateLadder ladder, double capacity, double p99Ms) {
        List<Double> rates = new ArrayList<>();
        while (ladder.hasNext()) {
            double rate = ladder.next();
            rates.add(rate);
            ladder.measured(Math.min(rate, capacity), rate <= capacity ? p99Ms : 10 * p99Ms);
        }
        return rates;
    }

    @Test
    void ratesDoubleUpToAndPastTheKneeAndEndWhereTheServiceFellBehind() {
        RateLadder ladder = new RateLadder(250, 128_000, 20, 0.9, 1_000);

        List<Double> rates = offered(ladder, 9_000, 20);

        // 16,000 is the first the service did not keep up with: still a point, the last one.
        assertThat(rates).containsExactly(250.0, 500.0, 1_000.0, 2_000.0, 4_000.0, 8_000.0, 16_000.0);
        assertThat(ladder.why()).contains("fell behind");
    }

    @Test
    void aP99PastTheLimitEndsTheCurveEvenIfEveryRequestWasAnswered() {
        RateLadder ladder = new RateLadder(100, 100_000, 20, 0.9, 50);

        ladder.measured(100, 10);
        ladder.measured(200, 80);

        assertThat(ladder.hasNext()).isFalse();
    }

    @Test
    void itStopsAtTheMostPointsOrTheHighestRateAskedFor() {
        RateLadder two = new RateLadder(100, 100_000, 2, 0.9, 1_000);
        assertThat(offered(two, 1e9, 1)).containsExactly(100.0, 200.0);
        assertThat(two.why()).contains("2 rates");

        RateLadder capped = new RateLadder(100, 500, 20, 0.9, 1_000);
        assertThat(offered(capped, 1e9, 1)).containsExactly(100.0, 200.0, 400.0);
        assertThat(capped.why()).contains("500");
    }
}
