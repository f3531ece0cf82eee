package dev.tally.processor.topology;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * What windows cost the processors: the production topology and settings (RocksDB stores, EOS,
 * changelogs captured by the driver) on one thread, fed the same increments with WINDOWS off and on,
 * timed after a warm-up. Not a test (no assertion, and slow): run it by hand, see docs/performance.md.
 * Arguments: increments per run (default 200000), distinct keys (default 10000), WINDOWS (default 1m,1h).
 */
public final class ApplierCost {

    private ApplierCost() {
    }

    public static void main(String[] args) throws Exception {
        int increments = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        String windows = args.length > 2 ? args[2] : "1m,1h";
        for (int round = 0; round < 3; round++) {
            double off = run(Map.of(), increments, keys);
            double on = run(Map.of("WINDOWS", windows), increments, keys);
            System.out.printf("round %d: WINDOWS off %,.0f increments/s, WINDOWS=%s %,.0f increments/s (%.0f %%)%n",
                    round + 1, off, windows, on, 100.0 * on / off);
        }
    }

    /** @return increments applied per second, after a warm-up of a tenth of them */
    private static double run(Map<String, String> env, int increments, int keys) throws Exception {
        Path dir = Files.createTempDirectory("applier-cost");
        try (TopologyFixture fixture = new TopologyFixture(dir, env)) {
            int warmUp = increments / 10;
            long at = TopologyFixture.START.toEpochMilli();
            for (int i = 0; i < warmUp; i++) {
                fixture.increments.pipeInput("warm-" + (i % keys), "1", Instant.ofEpochMilli(at + i));
            }
            long start = System.nanoTime();
            for (int i = 0; i < increments; i++) {
                // Acceptance times spread over about 3 minutes, so the 1m windows roll over as they do live.
                fixture.increments.pipeInput("key-" + (i % keys), "1", Instant.ofEpochMilli(at + warmUp + i));
            }
            return increments / ((System.nanoTime() - start) / 1e9);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
