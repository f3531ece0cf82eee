package dev.tally.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.wire.IdempotentWrite;
import dev.tally.processor.ProcessorMetrics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DuplicateReporterTest {

    private final ProcessorMetrics metrics = new ProcessorMetrics();
    private final List<String> lines = new ArrayList<>();
    private final DuplicateReporter reporter = new DuplicateReporter(metrics, lines::add);
    private final IdempotentWrite first = new IdempotentWrite("retry-1", "apples", 5, "tally-increments", 3, 17);

    @Test
    void aDuplicateIsCountedAndLoggedWithTheWriteItRepeats() {
        reporter.skipped(5, first, 1_000_000);

        assertThat(metrics.duplicates()).isEqualTo(1);
        assertThat(lines).containsExactly("duplicate increment of key \"apples\" by 5 skipped: idempotency key "
                + "\"retry-1\" was applied by tally-increments-3@17 (by 5); "
                + "1 duplicates skipped by this instance since it started");
    }

    @Test
    void aFloodIsLoggedOncePerIntervalWithHowManyWentUnlogged() {
        for (int i = 0; i < 5; i++) {
            reporter.skipped(5, first, 1_000_000 + i);
        }
        reporter.skipped(5, first, 1_000_000 + DuplicateReporter.LOG_INTERVAL_MS);

        assertThat(metrics.duplicates()).isEqualTo(6);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains("; 4 further duplicates not logged since the previous line; 6 duplicates");
    }
}
