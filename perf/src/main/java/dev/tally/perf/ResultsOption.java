package dev.tally.perf;

import dev.tally.perf.report.ResultFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.Option;

/** {@code --results DIR}, shared by every scenario: where its JSON file and charts go, named by the run's start time. */
public final class ResultsOption {

    @Option(names = "--results", defaultValue = "perf-results",
            description = "Directory for the JSON file and the PNG charts. Default ${DEFAULT-VALUE}/.")
    Path dir;

    private final String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();

    /** When the command started, ISO-8601 to the second: in every report, and in its file names. */
    public String startedAt() {
        return startedAt;
    }

    public Path writeJson(String scenario, Object report) throws IOException {
        return ResultFiles.json(dir, scenario, startedAt, report);
    }
}
