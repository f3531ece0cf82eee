package dev.tally.perf;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One request at a time, so each sample is the latency of one request and nothing else: N
 * increments, N reads, and N "write then poll until the read shows it" (202-to-visible).
 */
@Command(name = "latency", description = "Sequential increment, read and 202-to-visible latency against a running stack.")
final class LatencyCommand implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "http://localhost:8000", description = "Base URL. Default ${DEFAULT-VALUE}.")
    String url;

    @Option(names = "--requests", defaultValue = "1000", description = "Requests per operation. Default ${DEFAULT-VALUE}.")
    int requests;

    @Option(names = "--key", defaultValue = "latency-probe", description = "Counter key to use. Default ${DEFAULT-VALUE}.")
    String key;

    private static final int WARM_UP = 20;
    private static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(10);

    @Override
    public Integer call() throws Exception {
        ApiClient api = new ApiClient(url);
        String key = this.key + "-" + System.currentTimeMillis();
        warmUp(api, key);
        long base = api.value(key);

        long[] writes = new long[requests];
        long[] reads = new long[requests];
        long[] visible = new long[requests];
        Progress progress = new Progress("increments", requests);
        for (int i = 0; i < requests; i++) {
            writes[i] = api.increment(key).expect(202, "POST increment").micros();
            progress.step(i + 1);
        }
        progress = new Progress("reads", requests);
        for (int i = 0; i < requests; i++) {
            reads[i] = api.read(key).expect(200, "GET counter").micros();
            progress.step(i + 1);
        }
        progress = new Progress("202-to-visible", requests);
        long expected = base + requests;
        for (int i = 0; i < requests; i++) {
            expected++;
            api.increment(key).expect(202, "POST increment");
            long acknowledged = System.nanoTime();
            while (api.value(key) < expected) {
                if (System.nanoTime() - acknowledged > VISIBILITY_TIMEOUT.toNanos()) {
                    throw new IllegalStateException("increment " + expected + " of " + key + " was not visible after "
                            + VISIBILITY_TIMEOUT.toSeconds() + " s");
                }
            }
            visible[i] = (System.nanoTime() - acknowledged) / 1_000;
            progress.step(i + 1);
        }
        long finalValue = api.value(key);

        System.out.println();
        System.out.println(Percentiles.header());
        System.out.println(new Percentiles(writes).row("POST increment (202)"));
        System.out.println(new Percentiles(reads).row("GET counter (200)"));
        System.out.println(new Percentiles(visible).row("202 -> visible in read"));
        long sent = WARM_UP + 2L * requests;
        System.out.printf("key %s: %d increments sent, counter reads %d%s%n", key, sent,
                finalValue, finalValue == sent ? " (exact)" : " (MISMATCH)");
        return finalValue == sent ? 0 : 1;
    }

    /** JIT and connection warm-up: increments and reads not counted in the samples. */
    private static void warmUp(ApiClient api, String key) throws Exception {
        for (int i = 0; i < WARM_UP; i++) {
            api.increment(key).expect(202, "POST increment");
            api.read(key).expect(200, "GET counter");
        }
        Thread.sleep(500);
    }
}
