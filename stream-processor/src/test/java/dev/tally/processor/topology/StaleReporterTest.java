package dev.tally.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.processor.ProcessorMetrics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StaleReporterTest {

    private final ProcessorMetrics metrics = new ProcessorMetrics();
    private final List<String> lines = new ArrayList<>();
    private final StaleReporter reporter = new StaleReporter(10, metrics, lines::add);

    @Test
    void aStaleIncrementIsLoggedWithItsKeyWaitAndThreshold() {
        reporter.applied("k", 12_300, 1_000_000);

        assertThat(lines).containsExactly("STALE increment of key \"k\" applied 12.3 s after it was accepted "
                + "(STALE_THRESHOLD_SEC=10); applied anyway, tally never drops increments");
        assertThat(metrics.stale()).isEqualTo(1);
    }

    @Test
    void aWaitJustOverTheThresholdIsShownRoundedUp() {
        reporter.applied("k", 10_001, 1_000_000);

        assertThat(lines).singleElement().asString().contains("applied 10.1 s after");
    }

    @Test
    void aWaitUpToTheThresholdIsNeitherLoggedNorCounted() {
        reporter.applied("k", 10_000, 1_000_000);
        reporter.applied("k", -5_000, 1_000_000); // a producer clock ahead of ours

        assertThat(lines).isEmpty();
        assertThat(metrics.stale()).isZero();
    }

    @Test
    void atMostOneLinePerSecondSayingHowManyWereNotLogged() {
        long now = 1_000_000;
        reporter.applied("a", 11_000, now);
        reporter.applied("b", 11_000, now + 1);
        reporter.applied("c", 11_000, now + 500);
        reporter.applied("d", 11_000, now + 999);
        assertThat(lines).hasSize(1);

        reporter.applied("e", 11_000, now + 1_000);
        reporter.applied("f", 11_000, now + 1_001);
        reporter.applied("g", 11_000, now + 2_500);

        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("STALE increment of key \"e\"")
                .endsWith("; 3 further stale increments were not logged since the previous STALE line (see /internal/stats)");
        assertThat(lines.get(2)).startsWith("STALE increment of key \"g\"")
                .endsWith("; 1 further stale increment was not logged since the previous STALE line (see /internal/stats)");
        assertThat(metrics.stale()).isEqualTo(7);
    }

    @Test
    void aKeyIsShownOnOneLine() {
        reporter.applied("a\nb", 11_000, 0);

        assertThat(lines.get(0)).contains("key \"a\\u000ab\"").doesNotContain("\n");
    }
}
