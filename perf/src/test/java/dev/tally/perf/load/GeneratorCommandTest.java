package dev.tally.perf.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code perf generator}, briefly: against a URL, and against the target server it starts in a JVM of its own. */
class GeneratorCommandTest {

    @Test
    void runsAgainstAUrlAndReportsItsCpuShare() throws Exception {
        try (TestTarget target = TestTarget.answering(TestTarget.OK)) {
            String out = run("--url", target.uri("/health").toString(), "--rate", "500", "--seconds", "0.5",
                    "--warm-up-seconds", "0.2");

            assertThat(out).contains("generator, measured part: its threads").contains("requests/s, latency p50");
            assertThat(target.requests).hasValue(350);
        }
    }

    @Test
    void startsItsOwnTargetServerInAnotherJvmForASelfCheck() throws Exception {
        String out = run("--rate", "200", "--seconds", "0.5", "--warm-up-seconds", "0");

        assertThat(out).contains("target server (its own JVM)").contains("requests/s, latency p50");
    }

    private static String run(String... args) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(new CommandLine(new GeneratorCommand()).execute(args)).isZero();
        } finally {
            System.setOut(stdout);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
