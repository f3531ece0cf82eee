package dev.tally.perf.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An open loop against a test server: its schedule, its connections, and latency counted from due time. */
class OpenLoopTest {

    /** Two loops take every other index of the one schedule. */
    @ParameterizedTest(name = "{0} event loops")
    @ValueSource(ints = {1, 2})
    void sendsTheScheduledCountOnTheScheduleAndNoRequestBeforeItsTime(int eventLoops) throws Exception {
        Map<Long, LoadResponse> seen = new ConcurrentHashMap<>();
        try (TestTarget target = TestTarget.answering(TestTarget.OK)) {
            RunResult result = LoadGenerator.openLoop(target.uri("/health"), 400)
                    .eventLoops(eventLoops)
                    .bound(Bound.requests(400))
                    .onResponse(response -> seen.put(response.index(), response))
                    .run();

            assertThat(target.requests).hasValue(400);
            assertThat(result.requests()).isEqualTo(400);
            assertThat(result.statuses()).isEqualTo(Map.of(200, 400L));
            assertThat(seen).hasSize(400);
            // Request n was due n / 400 s after the first, whatever the lanes were doing...
            long first = seen.get(0L).dueNanos();
            assertThat(seen.values()).allMatch(response -> response.dueNanos() - first == response.index() * 2_500_000L);
            // ...and none was sent before its time (the service time is within the latency counted from due time),
            assertThat(seen.values()).allMatch(response -> response.latencyNanos() >= response.serviceTimeNanos());
            // so the rate cannot beat the schedule's: 400 requests over the 0.9975 s from the first due time to the last.
            assertThat(result.requestsPerSecond()).isPositive().isLessThanOrEqualTo(400.0 * 400 / 399);
        }
    }

    @Test
    void aTimedRunTakesTheRequestsDueWithinIt() throws Exception {
        try (TestTarget target = TestTarget.answering(TestTarget.OK)) {
            RunResult result = LoadGenerator.openLoop(target.uri("/health"), 200)
                    .eventLoops(2)
                    .warmUp(Bound.duration(Duration.ofMillis(100)))
                    .bound(Bound.duration(Duration.ofMillis(500)))
                    .run();

            // Due every 5 ms: 20 in the first 100 ms, then 100 in the next 500 ms.
            assertThat(result.warmUpRequests()).isEqualTo(20);
            assertThat(result.requests()).isEqualTo(100);
            assertThat(target.requests).hasValue(120);
        }
    }

    @Test
    void opensConnectionsUpToItsCapAndQueuesTheRequestsBeyond() throws Exception {
        // Every answer takes 50 ms: at 400/s, 20 requests are in flight unless the cap holds them back.
        TestTarget.Behaviour slow = (ctx, request, n) -> ctx.executor().schedule(
                () -> TargetServer.reply(ctx, HttpResponseStatus.OK, "{}"), 50, TimeUnit.MILLISECONDS);
        try (TestTarget target = TestTarget.answering(slow)) {
            RunResult result = LoadGenerator.openLoop(target.uri("/health"), 400)
                    .eventLoops(2)
                    .maxConnections(4)
                    .bound(Bound.requests(100))
                    .run();

            assertThat(result.statuses()).isEqualTo(Map.of(200, 100L));
            assertThat(target.connections).hasSize(4);
            assertThat(result.connectionsOpened()).isEqualTo(4);
        }
    }

    @Test
    void aStallShowsInTheLatencyOfEveryRequestDueDuringItButNotInTheirServiceTime() throws Exception {
        // One connection, a request due every 5 ms; the server holds its 40th answer for 300 ms.
        TestTarget.Behaviour stallOnce = (ctx, request, n) -> ctx.executor().schedule(
                () -> TargetServer.reply(ctx, HttpResponseStatus.OK, "{}"), n == 40 ? 300 : 0, TimeUnit.MILLISECONDS);
        List<LoadResponse> seen = new CopyOnWriteArrayList<>();
        try (TestTarget target = TestTarget.answering(stallOnce)) {
            RunResult result = LoadGenerator.openLoop(target.uri("/health"), 200)
                    .maxConnections(1)
                    .bound(Bound.requests(200))
                    .onResponse(seen::add)
                    .run();

            long nanos150 = TimeUnit.MILLISECONDS.toNanos(150);
            // The 30 requests due in the stall's first 150 ms waited for its end: at least 150 ms each, from due time.
            assertThat(seen.stream().filter(response -> response.latencyNanos() >= nanos150).count())
                    .isGreaterThanOrEqualTo(30);
            // Only the held answer's own service took that long; the ones behind it were served when sent.
            assertThat(seen.stream().filter(response -> response.serviceTimeNanos() >= nanos150).count()).isOne();
            assertThat(result.latency().maxMs()).isGreaterThanOrEqualTo(300);
            assertThat(result.latency().p90Ms()).isGreaterThan(result.serviceTime().p90Ms());
        }
    }
}
