package dev.tally.query;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reads of {@code GET /counter/{key}} in the process's registry:
 * <ul>
 *   <li>{@code tally_reads_total{role,outcome}}: role {@code active} or {@code standby} (the copy that answered,
 *       {@code none} when none did), outcome {@code ok} or the error code answered ({@code no_replica_available}, …);</li>
 *   <li>{@code tally_token_read_wait_seconds{outcome}}: reads with a read-your-writes token ({@code after=}), how long
 *       they waited for a copy that had applied the write; a histogram, outcome as above.</li>
 * </ul>
 */
final class ReadMeters {

    static final String OK = "ok";
    static final String NO_ROLE = "none";
    private static final Duration[] WAIT_BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    private final Map<String, Counter> reads = new ConcurrentHashMap<>();
    private final Map<String, Timer> tokenWaits = new ConcurrentHashMap<>();

    ReadMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param role    the answering copy's role, or null when no copy answered
     * @param outcome {@link #OK} or the error code of the answer
     * @param waited  the read's duration, recorded as a token wait when it carried a token
     */
    void record(String role, String outcome, boolean withToken, Duration waited) {
        String shownRole = role == null ? NO_ROLE : role;
        reads.computeIfAbsent(shownRole + ' ' + outcome, k -> Counter.builder("tally.reads")
                .tag("role", shownRole).tag("outcome", outcome).register(registry)).increment();
        if (withToken) {
            tokenWaits.computeIfAbsent(outcome, k -> Timer.builder("tally.token.read.wait")
                    .description("reads with after=<token>: the wait for a copy that applied the write")
                    .tag("outcome", outcome).serviceLevelObjectives(WAIT_BUCKETS).register(registry)).record(waited);
        }
    }
}
