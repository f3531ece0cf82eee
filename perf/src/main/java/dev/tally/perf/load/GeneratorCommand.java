package dev.tally.perf.load;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/tally perf generator}: the load generator on its own, to show what it costs. By
 * default an open loop at 5,000 requests/s for 15 s against a trivial target server that it starts
 * in a JVM of its own; with {@code --url}, against any service.
 */
@Command(name = "generator", mixinStandardHelpOptions = true,
        description = "Runs the load generator against a URL (or a trivial server it starts in another JVM) "
                + "and reports throughput, latencies and the generator's own CPU share.")
public final class GeneratorCommand implements Callable<Integer> {

    @Option(names = "--url", description = "Target URL, e.g. http://localhost:8000/health. "
            + "Default: a trivial GET /health server started in a JVM of its own.")
    URI url;

    @Option(names = "--rate", defaultValue = "5000", description = "Open loop: requests per second. Default ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--connections", description = "Run a closed loop of this many connections instead of the open loop.")
    Integer connections;

    @Option(names = "--max-connections", defaultValue = "1024",
            description = "Open loop: most connections it opens. Default ${DEFAULT-VALUE}.")
    int maxConnections;

    @Option(names = "--seconds", defaultValue = "15", description = "Measured seconds. Default ${DEFAULT-VALUE}.")
    double seconds;

    @Option(names = "--warm-up-seconds", defaultValue = "5",
            description = "Unmeasured seconds before, for the connections and the JIT, which compiles Netty's "
                    + "pipeline over the first ~10 s. Default ${DEFAULT-VALUE}.")
    double warmUpSeconds;

    @Option(names = "--event-loops", defaultValue = "1", description = "The generator's threads. Default ${DEFAULT-VALUE}.")
    int eventLoops;

    @Option(names = "--target-threads", defaultValue = "1",
            description = "Event loops of the self-check server (no --url). Default ${DEFAULT-VALUE}.")
    int targetThreads;

    @Override
    public Integer call() throws Exception {
        if (url != null) {
            report(generator(url).run(), null);
            return 0;
        }
        try (SelfCheckTarget target = SelfCheckTarget.start(targetThreads)) {
            Duration before = target.cpu();
            RunResult result = generator(target.uri("/health")).run();
            report(result, target.cpu().minus(before));
        }
        return 0;
    }

    private LoadGenerator generator(URI target) {
        LoadGenerator generator = connections != null
                ? LoadGenerator.closedLoop(target, connections)
                : LoadGenerator.openLoop(target, rate).maxConnections(maxConnections);
        return generator
                .name("generator")
                .eventLoops(eventLoops)
                .warmUp(Bound.duration(Duration.ofMillis((long) (warmUpSeconds * 1000))))
                .bound(Bound.duration(Duration.ofMillis((long) (seconds * 1000))));
    }

    /** @param targetCpu what the self-check server used over the whole run; null for an outside target */
    private static void report(RunResult result, Duration targetCpu) {
        System.out.printf("generator, measured part: %s%n", shareLine(result.cpu()));
        System.out.printf("generator, warm-up included: %s%n", shareLine(result.cpuWithWarmUp()));
        if (targetCpu != null) {
            CpuShare run = result.cpuWithWarmUp();
            System.out.printf("target server (its own JVM), warm-up included: %.1f%% of the machine%n",
                    100.0 * targetCpu.toNanos() / (run.seconds() * 1e9 * run.cores()));
        }
        System.out.printf("at %.0f requests/s, latency p50 %.2f ms, p99 %.2f ms%n",
                result.requestsPerSecond(), result.latency().p50Ms(), result.latency().p99Ms());
    }

    private static String shareLine(CpuShare cpu) {
        return String.format("its threads %.1f%% of the machine, its whole JVM %.1f%% (%.1f s)",
                cpu.generatorPercent(), cpu.processPercent(), cpu.seconds());
    }
}
