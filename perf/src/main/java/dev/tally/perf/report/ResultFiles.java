package dev.tally.perf.report;

import dev.tally.domain.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a scenario's files go: {@code <results>/<scenario>-<start time>.json}, and its charts beside it. */
public final class ResultFiles {

    private ResultFiles() {
    }

    public static Path json(Path dir, String scenario, String startedAt, Object report) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(scenario + "-" + startedAt.replace(":", "").replace(".", "-") + ".json");
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), report);
        return file;
    }

    /** A chart's file beside the JSON: {@code replication-2026-…-throughput.png}. */
    public static Path chart(Path json, String name) {
        return json.resolveSibling(json.getFileName().toString().replace(".json", "-" + name + ".png"));
    }
}
