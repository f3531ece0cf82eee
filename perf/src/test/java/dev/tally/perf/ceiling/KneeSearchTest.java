package dev.tally.perf.ceiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KneeSearchTest {

    /** Feeds the search these throughputs, one per step it asks for, and tells which concurrencies it asked for. */
    private static List<Integer> run(KneeSearch search, double... throughputs) {
        List<Integer> asked = new ArrayList<>();
        for (double throughput : throughputs) {
            if (!search.hasNext()) {
                break;
            }
            asked.add(search.next());
            search.measured(throughput);
        }
        return asked;
    }

    @Test
    void theLadderDoublesFromItsStartUpToItsEnd() {
        assertThat(KneeSearch.doubling(64, 4096)).containsExactly(64, 128, 256, 512, 1024, 2048, 4096);
        assertThat(KneeSearch.doubling(3, 20)).containsExactly(3, 6, 12);
        assertThat(KneeSearch.doubling(8, 8)).containsExactly(8);
        assertThatThrownBy(() -> KneeSearch.doubling(64, 32)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void itStopsAfterTwoStepsInARowThatGainLessThanFivePercentOverTheBest() {
        KneeSearch search = new KneeSearch(KneeSearch.doubling(64, 4096), 0.05, 2);

        List<Integer> asked = run(search, 5_000, 8_000, 9_000, 9_200, 9_100, 12_000);

        assertThat(asked).containsExactly(64, 128, 256, 512, 1024);
        assertThat(search.hasNext()).isFalse();
        assertThat(search.levelledOff()).isTrue();
        // 9,200 gained under 5 % but is still the best step measured: the knee.
        assertThat(search.knee()).isEqualTo(3);
    }

    @Test
    void aStepThatGrowsAgainResetsTheMisses() {
        KneeSearch search = new KneeSearch(KneeSearch.doubling(64, 4096), 0.05, 2);

        List<Integer> asked = run(search, 5_000, 5_100, 6_000, 6_000, 5_000);

        assertThat(asked).containsExactly(64, 128, 256, 512, 1024);
        assertThat(search.knee()).isEqualTo(2);
    }

    @Test
    void aLadderThatRunsOutBeforeThroughputLevelsOffSaysSo() {
        KneeSearch search = new KneeSearch(KneeSearch.doubling(64, 256), 0.05, 2);

        run(search, 1_000, 2_000, 4_000, 8_000);

        assertThat(search.hasNext()).isFalse();
        assertThat(search.levelledOff()).isFalse();
        assertThat(search.knee()).isEqualTo(2);
    }

    @Test
    void theKneeIsTheBestStepEvenWhenALaterOneDropsFarBelowIt() {
        KneeSearch search = new KneeSearch(List.of(1, 2, 4, 8), 0.05, 2);

        run(search, 100, 300, 50, 10);

        assertThat(search.knee()).isEqualTo(1);
        assertThatThrownBy(search::next).isInstanceOf(IllegalStateException.class);
    }
}
