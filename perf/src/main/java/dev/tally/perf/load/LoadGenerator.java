package dev.tally.perf.load;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;

/**
 * HTTP/1.1 load from Netty event loops (one unless told otherwise) over keep-alive connections, cheap enough that
 * what it measures is the service, not itself. Configure one, then {@link #run} it:
 *
 * <pre>{@code
 * // Closed loop: 256 connections, each sending its next increment as soon as the last was answered.
 * RunResult closed = LoadGenerator.closedLoop(URI.create("http://localhost:8000"), 256)
 *         .requests(index -> LoadRequest.post("/counter/k" + index % 1000 + "/increment"))
 *         .warmUp(Bound.requests(10_000))
 *         .bound(Bound.requests(100_000))
 *         .run();
 *
 * // Open loop: 5,000 reads/s for 15 s, latency counted from when each request was due.
 * RunResult open = LoadGenerator.openLoop(URI.create("http://localhost:8000/health"), 5_000)
 *         .warmUp(Bound.duration(Duration.ofSeconds(2)))
 *         .bound(Bound.duration(Duration.ofSeconds(15)))
 *         .run();
 * }</pre>
 *
 * A generator is a configuration: each {@link #run} is a new run with its own threads and connections.
 */
public final class LoadGenerator {

    final URI target;
    /** An open loop's timetable; null for a closed loop. */
    final RateSchedule schedule;
    /** A closed loop's concurrency, or an open loop's cap on connections. */
    int connections;
    /** Unless told otherwise, GET the target's own path, e.g. {@code /health}. */
    RequestSource requests;
    Bound bound;
    Bound warmUp = Bound.NONE;
    ResponseListener listener;
    /** Every answer and failure is final unless {@link #retryWhen} or {@link #retry429} says otherwise. */
    RetryCondition retryCondition = RetryCondition.NEVER;
    int maxRetries;
    Duration retryBackOff = Duration.ZERO;
    /** Longer than any answer a healthy service gives under load, short enough that a lost one does not stall a run. */
    Duration requestTimeout = Duration.ofSeconds(10);
    /** A connect on one machine either completes at once or is refused: a slow one means a backlog overflow. */
    Duration connectTimeout = Duration.ofSeconds(5);
    /**
     * One loop: at 5,000 requests/s on 2 cores it used 7 % of the machine where two loops used 13 %
     * (each wake-up has more to do); more loops are for loads beyond one core's worth.
     */
    int eventLoops = 1;
    /** Larger answers than any the service gives fail as {@link ErrorKind#BAD_RESPONSE} instead of filling memory. */
    int maxResponseBytes = 1 << 20;
    String name = "load";
    /** Where the progress lines and the summary go; null for nowhere. */
    PrintStream progress = System.err;

    private LoadGenerator(URI target, RateSchedule schedule, int connections) {
        if (!"http".equals(target.getScheme()) || target.getHost() == null) {
            throw new IllegalArgumentException("the target is an http:// URL with a host, not " + target);
        }
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be positive, not " + connections);
        }
        this.target = target;
        this.schedule = schedule;
        this.connections = connections;
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        this.requests = RequestSource.always(LoadRequest.get(target.getRawQuery() == null ? path : path + "?" + target.getRawQuery()));
    }

    /** {@code connections} connections, each sending its next request as soon as the last one was answered. */
    public static LoadGenerator closedLoop(URI target, int connections) {
        return new LoadGenerator(target, null, connections);
    }

    /**
     * The n-th request due at {@code start + n / ratePerSecond}, sent then on an idle connection or a
     * new one (up to {@link #maxConnections}, 1,024 unless set; beyond that it waits for one to come free).
     */
    public static LoadGenerator openLoop(URI target, double ratePerSecond) {
        // Enough for 20,000 requests/s at 50 ms each.
        return new LoadGenerator(target, new RateSchedule(ratePerSecond), 1024);
    }

    public LoadGenerator maxConnections(int maxConnections) {
        if (isClosedLoop()) {
            throw new IllegalStateException("a closed loop's connections are its concurrency, given when it is made");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max connections must be positive, not " + maxConnections);
        }
        this.connections = maxConnections;
        return this;
    }

    public LoadGenerator requests(RequestSource requests) {
        this.requests = requests;
        return this;
    }

    /** How long the measured run lasts; required. */
    public LoadGenerator bound(Bound bound) {
        this.bound = bound;
        return this;
    }

    /** An unmeasured start, e.g. for the JIT and connections to settle; none unless set. */
    public LoadGenerator warmUp(Bound warmUp) {
        this.warmUp = warmUp;
        return this;
    }

    public LoadGenerator onResponse(ResponseListener listener) {
        this.listener = listener;
        return this;
    }

    /** Retries a 429 up to {@code maxRetries} times after {@code backOff}; a request's latency then covers its retries. */
    public LoadGenerator retry429(Duration backOff, int maxRetries) {
        return retryWhen(RetryCondition.TOO_MANY_REQUESTS, backOff, maxRetries);
    }

    /**
     * Sends a request again, the same request, {@code backOff} after an answer or a failure that
     * {@code condition} accepts, up to {@code maxRetries} times; its last ending is then final. The
     * listener sees only that final answer, and the request's latency covers every attempt.
     */
    public LoadGenerator retryWhen(RetryCondition condition, Duration backOff, int maxRetries) {
        if (backOff.isNegative() || maxRetries < 0) {
            throw new IllegalArgumentException("a back-off and a number of retries are >= 0");
        }
        this.retryCondition = condition;
        this.retryBackOff = backOff;
        this.maxRetries = maxRetries;
        return this;
    }

    public LoadGenerator requestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
        return this;
    }

    public LoadGenerator connectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
        return this;
    }

    public LoadGenerator eventLoops(int eventLoops) {
        if (eventLoops < 1) {
            throw new IllegalArgumentException("a run needs an event loop at least, not " + eventLoops);
        }
        this.eventLoops = eventLoops;
        return this;
    }

    public LoadGenerator maxResponseBytes(int maxResponseBytes) {
        this.maxResponseBytes = maxResponseBytes;
        return this;
    }

    /** Names the run in its progress lines, summary and result. */
    public LoadGenerator name(String name) {
        this.name = name;
        return this;
    }

    /** Where the progress lines (every 2 s) and the summary go: stderr unless set, null for nowhere. */
    public LoadGenerator progress(PrintStream progress) {
        this.progress = progress;
        return this;
    }

    /**
     * Runs the load on this thread's behalf and returns once every request ended.
     *
     * @throws RuntimeException what the request source or the listener threw, if one did (the run stops there)
     */
    public RunResult run() throws InterruptedException {
        if (bound == null) {
            throw new IllegalStateException("a run needs a bound: bound(Bound.requests(n)) or bound(Bound.duration(d))");
        }
        return new LoadRun(this).execute();
    }

    boolean isClosedLoop() {
        return schedule == null;
    }
}
