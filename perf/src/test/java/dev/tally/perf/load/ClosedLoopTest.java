package dev.tally.perf.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A closed loop against a test server: exact counts, every answer seen, warm-up apart, timed runs. */
class ClosedLoopTest {

    /** Three loops split the 64 connections 22, 21, 21 and share the count. */
    @ParameterizedTest(name = "{0} event loops")
    @ValueSource(ints = {1, 3})
    void sendsExactlyTheCountOverItsConnectionsAndSeesEveryAnswer(int eventLoops) throws Exception {
        Set<Long> indices = ConcurrentHashMap.newKeySet();
        try (TestTarget target = TestTarget.answering(TestTarget.OK)) {
            RunResult result = LoadGenerator.closedLoop(target.uri("/health"), 64)
                    .eventLoops(eventLoops)
                    .bound(Bound.requests(5_000))
                    .onResponse(response -> indices.add(response.index()))
                    .run();

            assertThat(target.requests).hasValue(5_000);
            assertThat(target.connections).hasSize(64);
            assertThat(result.requests()).isEqualTo(5_000);
            assertThat(result.statuses()).isEqualTo(Map.of(200, 5_000L));
            assertThat(result.errors()).isEmpty();
            assertThat(result.connectionsOpened()).isEqualTo(64);
            assertThat(result.latency().count()).isEqualTo(5_000);
            assertThat(indices).hasSize(5_000).allMatch(index -> index >= 0 && index < 5_000);
            assertThat(result.completionsPerSecond()).hasSizeGreaterThan(0);
            assertThat(java.util.Arrays.stream(result.completionsPerSecond()).sum()).isEqualTo(5_000);
        }
    }

    @Test
    void keepsThousandsOfConnectionsAlive() throws Exception {
        try (TestTarget target = TestTarget.answering(TestTarget.OK)) {
            RunResult result = LoadGenerator.closedLoop(target.uri("/health"), 4_096)
                    .bound(Bound.requests(3 * 4_096))
                    .run();

            assertThat(target.connections).hasSize(4_096);
            assertThat(result.statuses()).isEqualTo(Map.of(200, 3 * 4_096L));
            assertThat(result.errors()).isEmpty();
        }
    }

    @Test
    void aWarmUpIsSentButNotMeasured() throws Exception {
        AtomicInteger warmUpsSeen = new AtomicInteger();
        try (TestTarget target = TestTarget.answering(TestTarget.OK)) {
            RunResult result = LoadGenerator.closedLoop(target.uri("/health"), 8)
                    .warmUp(Bound.requests(100))
                    .bound(Bound.requests(400))
                    .onResponse(response -> {
                        if (response.warmUp()) {
                            warmUpsSeen.incrementAndGet();
                        }
                    })
                    .run();

            assertThat(target.requests).hasValue(500);
            assertThat(result.warmUpRequests()).isEqualTo(100);
            assertThat(warmUpsSeen).hasValue(100);
            assertThat(result.requests()).isEqualTo(400);
            assertThat(result.latency().count()).isEqualTo(400);
        }
    }

    @Test
    void aTimedRunStopsIssuingAndFollowsEveryRequestItSentToItsAnswer() throws Exception {
        try (TestTarget target = TestTarget.answering(TestTarget.OK)) {
            RunResult result = LoadGenerator.closedLoop(target.uri("/health"), 16)
                    .warmUp(Bound.duration(Duration.ofMillis(100)))
                    .bound(Bound.duration(Duration.ofMillis(300)))
                    .run();

            assertThat(result.requests()).isPositive();
            assertThat(result.warmUpRequests()).isPositive();
            assertThat(target.requests.get()).isEqualTo(result.warmUpRequests() + result.requests());
            assertThat(result.successes()).isEqualTo(result.requests());
        }
    }

    @Test
    void reportsTheGeneratorsCpuShareWithinTheProcesses() throws Exception {
        try (TestTarget target = TestTarget.answering(TestTarget.OK)) {
            RunResult result = LoadGenerator.closedLoop(target.uri("/health"), 4)
                    .warmUp(Bound.requests(500))
                    .bound(Bound.requests(2_000))
                    .run();

            for (CpuShare cpu : new CpuShare[] {result.cpu(), result.cpuWithWarmUp()}) {
                assertThat(cpu.cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
                assertThat(cpu.generatorCpuSeconds()).isPositive().isLessThanOrEqualTo(cpu.processCpuSeconds());
                assertThat(cpu.generatorPercent()).isPositive().isLessThanOrEqualTo(cpu.processPercent());
            }
            assertThat(result.cpu().seconds()).isLessThan(result.cpuWithWarmUp().seconds());
            assertThat(result.cpu().generatorCpuSeconds()).isLessThan(result.cpuWithWarmUp().generatorCpuSeconds());
        }
    }
}
