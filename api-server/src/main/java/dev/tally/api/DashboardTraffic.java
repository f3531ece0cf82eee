package dev.tally.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * This API replica's traffic for the dashboard: increments accepted, reads answered, 429s and 503s,
 * in total since the process started and per second over the last {@link #WINDOW_SECONDS}. The
 * figures are read from the process's registry (the same meters {@code GET /metrics} exports), once a
 * second, so the chart has a history from the moment the process starts and not from when a page opened.
 */
final class DashboardTraffic {

    /** How much history the chart shows: a few minutes, 181 cumulative readings a second apart. */
    static final int WINDOW_SECONDS = 180;

    /** Cumulative figures since the process started. */
    record Totals(long increments, long reads, long tooMany, long unavailable) {

        static final Totals ZERO = new Totals(0, 0, 0, 0);

        Totals plus(Totals other) {
            return new Totals(increments + other.increments, reads + other.reads, tooMany + other.tooMany,
                    unavailable + other.unavailable);
        }
    }

    /** The rates of one second (epoch seconds), averaged over the gap to the reading before it. */
    record Second(long second, double increments, double reads, double tooMany, double unavailable) {

        Second plus(Second other) {
            return new Second(second, increments + other.increments, reads + other.reads, tooMany + other.tooMany,
                    unavailable + other.unavailable);
        }
    }

    /** A replica's traffic as the dashboard sends it: its totals and its last minutes, oldest second first. */
    record Traffic(Totals totals, List<Second> perSecond) {

        static final Traffic NONE = new Traffic(Totals.ZERO, List.of());

        /** Two replicas' traffic together: totals added, and the rates of the same second added. */
        Traffic plus(Traffic other) {
            Map<Long, Second> bySecond = new TreeMap<>();
            for (Second s : perSecond) {
                bySecond.merge(s.second(), s, Second::plus);
            }
            for (Second s : other.perSecond) {
                bySecond.merge(s.second(), s, Second::plus);
            }
            return new Traffic(totals.plus(other.totals), List.copyOf(bySecond.values()));
        }
    }

    private record Reading(long second, Totals totals) {
    }

    private final MeterRegistry registry;
    private final Deque<Reading> readings = new ArrayDeque<>();

    DashboardTraffic(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The figures in the registry now. */
    Totals totals() {
        // Increment requests the API answered, less those answered 5xx: what was accepted with a 202.
        long writes = count(registry.find("tally.requests").tag("operation", "WRITE"));
        long failedWrites = (long) registry.find("tally.failures").tag("operation", "WRITE").counters().stream()
                .mapToDouble(c -> c.count()).sum();
        return new Totals(writes - failedWrites, count(registry.find("tally.requests").tag("operation", "READ")),
                answeredToClients("429"), answeredToClients("503"));
    }

    private static long count(Search search) {
        return search.timers().stream().mapToLong(t -> t.count()).sum();
    }

    /**
     * Answers of this status to clients: a probe's 503 {@code not_ready} (the launcher's and the load
     * balancer's health checks while a stack starts) refused no one.
     */
    private long answeredToClients(String status) {
        return registry.find("http.server.requests").tag("status", status).timers().stream()
                .filter(timer -> !String.valueOf(timer.getId().getTag("route")).startsWith("/health"))
                .mapToLong(t -> t.count()).sum();
    }

    /** Takes this second's reading (called once a second; a second already read is not read again). */
    synchronized void sample(long epochSecond) {
        if (!readings.isEmpty() && readings.peekLast().second() >= epochSecond) {
            return;
        }
        readings.addLast(new Reading(epochSecond, totals()));
        while (readings.size() > WINDOW_SECONDS + 1) {
            readings.removeFirst();
        }
    }

    /** The totals now and the rate of each second read so far in the window. */
    synchronized Traffic traffic() {
        List<Second> seconds = new ArrayList<>();
        Reading previous = null;
        for (Reading reading : readings) {
            if (previous != null) {
                double gap = reading.second() - previous.second();
                Totals a = previous.totals();
                Totals b = reading.totals();
                seconds.add(new Second(reading.second(), rate(b.increments() - a.increments(), gap),
                        rate(b.reads() - a.reads(), gap), rate(b.tooMany() - a.tooMany(), gap),
                        rate(b.unavailable() - a.unavailable(), gap)));
            }
            previous = reading;
        }
        return new Traffic(totals(), seconds);
    }

    private static double rate(long delta, double seconds) {
        return Math.max(0, delta) / seconds;
    }
}
