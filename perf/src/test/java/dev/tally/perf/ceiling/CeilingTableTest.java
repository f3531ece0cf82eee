package dev.tally.perf.ceiling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.perf.check.CountCheck;
import dev.tally.perf.stack.ProducerPerf;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the summary words the count checks: exact, within bounds after unanswered requests, or wrong. */
class CeilingTableTest {

    @Test
    void unansweredIncrementsThatWereWrittenAfterAllAreReportedAsWithinBoundsNotAsAMismatch() {
        // 50 batches of 500 had no answer when the generator gave up; 44 of them were written.
        CountCheck.Outcome bounded = new CountCheck.Outcome(50_000, 4_224_500, 25_000, 4_246_500, false, true, 1.4, List.of());

        CeilingReport report = report(bounded);
        String printed = print(report);

        assertThat(report.withinBounds()).isTrue();
        assertThat(printed).contains("4224500 accepted, 4246500 counted: bounded, 25000 had no answer in time, 22000 of them written")
                .contains("every counter within bounds").doesNotContain("MISMATCH");
    }

    @Test
    void aCounterAboveItsBoundsIsAMismatch() {
        CountCheck.Outcome wrong = new CountCheck.Outcome(1, 10, 0, 11, false, false, 1.0,
                List.of(new CountCheck.Mismatch("k", 10, 0, 11)));

        CeilingReport report = report(wrong);

        assertThat(report.withinBounds()).isFalse();
        assertThat(print(report)).contains("counted: WRONG").contains("COUNT MISMATCH");
    }

    private static CeilingReport report(CountCheck.Outcome check) {
        ProducerPerf.Result producer = new ProducerPerf.Result(1, 1, 1, 1, 1, 1, 1, 1, 32, List.of());
        return new CeilingReport("2026-12-07T16:05:14Z", "http://127.0.0.1:8000", "url", Map.of(), null, 2, "17", List.of(), producer,
                List.of(), List.of(), List.of(), List.of(new CeilingReport.Count("(d) batch increments, all runs", check)),
                check.exact(), List.of());
    }

    private static String print(CeilingReport report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CeilingTable.print(report, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
