package dev.tally.processor.topology;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test class on a fresh {@link TopologyFixture} per test whose hot-key sums flush every 100 ms of
 * stream time, so a test moves a key's excess to its counter by advancing the clock past that.
 */
abstract class OnTopologyWithFlushes {

    @TempDir
    Path stateDir;

    TopologyFixture fixture;

    @BeforeEach
    void startDriver() {
        fixture = new TopologyFixture(stateDir, Map.of("EXCESS_FLUSH_MS", "100"));
    }

    @AfterEach
    void closeDriver() {
        fixture.close();
    }
}
