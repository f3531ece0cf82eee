package dev.tally.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The loop's own logic, with requests that are functions (no HTTP): pacing, 429 retries, totals. */
class LoadLoopTest {

    @Test
    void aPacedLoopSendsNoFasterThanItsRate() throws Exception {
        LoadResult result = new LoadLoop("paced", 4, 50, n -> "k", key -> new ApiClient.Reply(202, "{}", 100), 202)
                .paced(100).start().await();

        assertThat(result.accepted()).isEqualTo(50);
        // The 50th request is due 0.49 s after the start.
        assertThat(result.seconds()).isGreaterThanOrEqualTo(0.49);
    }

    @Test
    void aPacedLoopCountsLatencyFromWhenARequestWasDueSoAStallDelaysEveryLaterRequest() throws Exception {
        AtomicInteger sent = new AtomicInteger();
        // One client, 100/s: the first request stalls 300 ms, so the next ones start late.
        LoadResult result = new LoadLoop("stall", 1, 10, n -> "k", key -> {
            if (sent.getAndIncrement() == 0) {
                sleep(300);
            }
            return new ApiClient.Reply(202, "{}", 1_000);
        }, 202).paced(100).start().await();

        // Request 1 was due at 10 ms and sent at ~300 ms: ~290 ms late, though the server took no time for it.
        assertThat(result.latenciesMicros()).hasSize(10);
        long lateOnes = java.util.Arrays.stream(result.latenciesMicros()).filter(micros -> micros >= 150_000).count();
        assertThat(lateOnes).isGreaterThanOrEqualTo(5);
    }

    @Test
    void anUnpacedLoopReportsTheRequestsOwnLatency() throws Exception {
        LoadResult result = new LoadLoop("closed", 2, 20, n -> "k", key -> new ApiClient.Reply(202, "{}", 1_234), 202)
                .start().await();

        assertThat(result.latenciesMicros()).containsOnly(1_234L);
    }

    @Test
    void a429IsRetriedAndCountedOnceAccepted() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        LoadResult result = new LoadLoop("busy", 1, 3, n -> "k",
                key -> new ApiClient.Reply(calls.getAndIncrement() % 2 == 0 ? 429 : 202, "{}", 10), 202).start().await();

        assertThat(result.accepted()).isEqualTo(3);
        assertThat(result.retried429()).isEqualTo(3);
        assertThat(result.errors()).isZero();
        assertThat(result.acceptedByKey()).containsEntry("k", 3L);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
