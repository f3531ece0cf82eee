package dev.tally.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The files a scenario wrote into its results directory, as the smoke tests check them. */
final class ResultFiles {

    private ResultFiles() {
    }

    /** The one JSON file, after checking that a PNG chart was written beside it. */
    static Path jsonWithChart(Path results) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(results)) {
            files = listing.toList();
        }
        Path png = files.stream().filter(f -> f.toString().endsWith(".png")).findFirst().orElseThrow();
        assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
        return files.stream().filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
    }
}
