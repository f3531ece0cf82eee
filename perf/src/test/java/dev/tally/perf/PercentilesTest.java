package dev.tally.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankPercentilesOfOneToAHundred() {
        long[] samples = new long[100];
        for (int i = 0; i < 100; i++) {
            samples[i] = 100 - i; // unsorted on purpose
        }
        Percentiles p = new Percentiles(samples);
        assertThat(p.percentile(50)).isEqualTo(50);
        assertThat(p.percentile(99)).isEqualTo(99);
        assertThat(p.percentile(100)).isEqualTo(100);
        assertThat(p.max()).isEqualTo(100);
        assertThat(p.mean()).isEqualTo(50.5);
    }

    @Test
    void aSingleSampleIsEveryPercentile() {
        Percentiles p = new Percentiles(new long[] {7});
        assertThat(p.percentile(1)).isEqualTo(7);
        assertThat(p.percentile(99)).isEqualTo(7);
    }

    @Test
    void noSamplesIsAnError() {
        assertThatThrownBy(() -> new Percentiles(new long[0])).hasMessage("no samples");
    }
}
