package dev.tally.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.Consistency;
import dev.tally.server.ConsistencyMetrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DashboardTrafficTest {

    private final ConsistencyMetrics metrics = new ConsistencyMetrics();
    private final DashboardTraffic traffic = new DashboardTraffic(metrics.registry());

    private void answered(int status, int times) {
        answered("/counter/{key}", status, times);
    }

    private void answered(String route, int status, int times) {
        Timer timer = Timer.builder("http.server.requests").tag("method", "GET").tag("route", route)
                .tag("status", Integer.toString(status)).register(metrics.registry());
        for (int i = 0; i < times; i++) {
            timer.record(Duration.ofMillis(1));
        }
    }

    @Test
    void incrementsAnswered5xxAreNotAcceptedAnd429sAnd503sAreThoseAnsweredToClients() {
        metrics.record(ConsistencyMetrics.Operation.WRITE, Consistency.STRONG, Duration.ofMillis(2), false);
        metrics.record(ConsistencyMetrics.Operation.WRITE, Consistency.STRONG, Duration.ofMillis(2), false);
        metrics.record(ConsistencyMetrics.Operation.WRITE, Consistency.STRONG, Duration.ofMillis(2), true);
        answered(429, 3);
        answered(503, 1);
        answered(200, 5);
        answered("/health/ready", 503, 4); // a starting stack's probes: no client was refused

        assertThat(traffic.totals()).isEqualTo(new DashboardTraffic.Totals(2, 0, 3, 1));
    }

    @Test
    void eachSecondIsTheRateSinceTheReadingBeforeAndTheWindowKeepsTheLastMinutes() {
        for (long second = 0; second <= DashboardTraffic.WINDOW_SECONDS + 10; second++) {
            traffic.sample(second);
            answered(429, 2);
        }
        traffic.sample(DashboardTraffic.WINDOW_SECONDS + 10); // the same second again: not a second reading

        List<DashboardTraffic.Second> seconds = traffic.traffic().perSecond();
        assertThat(seconds).hasSize(DashboardTraffic.WINDOW_SECONDS);
        assertThat(seconds.get(seconds.size() - 1).second()).isEqualTo(DashboardTraffic.WINDOW_SECONDS + 10);
        assertThat(seconds.get(0).second()).isEqualTo(11);
        assertThat(seconds).allSatisfy(s -> assertThat(s.tooMany()).isEqualTo(2.0));
    }

    @Test
    void theTrafficOfTwoReplicasAddsTheSameSecondsAndKeepsTheOthers() {
        var one = new DashboardTraffic.Traffic(new DashboardTraffic.Totals(10, 1, 0, 0),
                List.of(new DashboardTraffic.Second(5, 1, 0, 0, 0), new DashboardTraffic.Second(6, 2, 0, 0, 0)));
        var two = new DashboardTraffic.Traffic(new DashboardTraffic.Totals(5, 2, 1, 1),
                List.of(new DashboardTraffic.Second(6, 3, 1, 0, 0), new DashboardTraffic.Second(7, 4, 0, 0, 1)));

        var both = one.plus(two);
        assertThat(both.totals()).isEqualTo(new DashboardTraffic.Totals(15, 3, 1, 1));
        assertThat(both.perSecond()).containsExactly(new DashboardTraffic.Second(5, 1, 0, 0, 0),
                new DashboardTraffic.Second(6, 5, 1, 0, 0), new DashboardTraffic.Second(7, 4, 0, 0, 1));
    }
}
