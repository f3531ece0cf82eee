package dev.tally.perf.scenario;

import dev.tally.client.api.Paths;
import dev.tally.client.api.Reply;
import dev.tally.perf.check.CountCheck;
import dev.tally.perf.check.CounterReader;
import dev.tally.perf.check.Expectation;
import dev.tally.perf.check.RunId;
import dev.tally.perf.load.LoadGenerator;
import dev.tally.perf.load.LoadRequest;
import dev.tally.perf.stack.StackTarget;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/** What the scenarios share about driving the API with the load generator and checking what it wrote. */
public final class Loads {

    /**
     * Short: a benchmark wants to know when the queue has room again, and a 429 wrote nothing, so
     * the exact count holds whatever the back-off; 500 retries outlast any burst the queues take.
     */
    public static final Duration BACK_OFF_429 = Duration.ofMillis(20);
    public static final int MAX_429_RETRIES = 500;
    /** Counters lag their 202s; a busy 2-core machine applies a minute's backlog well within this. */
    public static final Duration COUNT_WAIT = Duration.ofSeconds(120);
    /** Up to this many keys are read back one by one (as a client reads them); more through one GET /dump. */
    static final int READ_EACH_UP_TO = 200;

    private Loads() {
    }

    /** A closed loop of {@code connections} against the stack's API, 429s retried: for throughput. */
    public static LoadGenerator closed(StackTarget stack, int connections, String name) {
        return LoadGenerator.closedLoop(URI.create(stack.apiUrl()), connections).name(name)
                .retry429(BACK_OFF_429, MAX_429_RETRIES);
    }

    /** An open loop at {@code ratePerSecond} against the stack's API, 429s retried: for latency at a given load. */
    public static LoadGenerator open(StackTarget stack, double ratePerSecond, String name) {
        return LoadGenerator.openLoop(URI.create(stack.apiUrl()), ratePerSecond).name(name)
                .retry429(BACK_OFF_429, MAX_429_RETRIES);
    }

    public static LoadRequest increment(String key) {
        return LoadRequest.post("/counter/" + Paths.segment(key) + "/increment");
    }

    /** An increment at a write consistency level: {@code strong} (acks=all) or {@code eventual} (acks=1). */
    public static LoadRequest increment(String key, String consistency) {
        return LoadRequest.post("/counter/" + Paths.segment(key) + "/increment?consistency=" + consistency);
    }

    /** A read; {@code query} such as {@code consistency=strong}, or empty. */
    public static LoadRequest read(String key, String query) {
        return LoadRequest.get("/counter/" + Paths.segment(key) + (query.isEmpty() ? "" : "?" + query));
    }

    /** {@code <command>-<run>-<phase>-0 ...}: keys no other run writes. */
    public static List<String> keys(RunId run, String command, String phase, int count) {
        String prefix = run.prefix(command, phase);
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    /** The reply, if it has the expected status; anything else is an error naming the request. */
    public static Reply expect(Reply reply, int status, String what) {
        if (reply.status() != status) {
            throw new IllegalStateException(what + " answered " + reply.describe());
        }
        return reply;
    }

    /** Waits until every counter came to what was accepted, or the deadline passed. */
    public static CountCheck.Outcome counted(StackTarget stack, Expectation expected) throws InterruptedException {
        return new CountCheck(CounterReader.of(stack.client(), READ_EACH_UP_TO), COUNT_WAIT, Duration.ofMillis(200))
                .await(expected);
    }
}
