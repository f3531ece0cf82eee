package dev.tally.perf;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
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

    @Option(names = "--key", defaultValue = "latency-probe", description = "Prefix of the counter keys to use. Default ${DEFAULT-VALUE}.")
    String key;

    @Option(names = "--keys", defaultValue = "200",
            description = "Keys the requests go round; enough that none turns hot (EXCESS_THRESHOLD) at a sequential pace. Default ${DEFAULT-VALUE}.")
    int keys;

    private static final int WARM_UP = 20;
    private static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(10);

    @Override
    public Integer call() throws Exception {
        if (requests < 1 || keys < 1) {
            throw new IllegalArgumentException("--requests and --keys must be positive");
        }
        ApiClient api = new ApiClient(url);
        String prefix = this.key + "-" + System.currentTimeMillis() + "-";
        IntFunction<String> keyOf = i -> prefix + (i % keys);
        Map<String, Long> sent = new HashMap<>();
        warmUp(api, keyOf, sent);

        long[] writes = new long[requests];
        long[] reads = new long[requests];
        long[] visible = new long[requests];
        long[] afterToken = new long[requests];
        Progress progress = new Progress("increments", requests);
        for (int i = 0; i < requests; i++) {
            writes[i] = api.increment(keyOf.apply(i)).expect(202, "POST increment").micros();
            sent.merge(keyOf.apply(i), 1L, Long::sum);
            progress.step(i + 1);
        }
        progress = new Progress("reads", requests);
        for (int i = 0; i < requests; i++) {
            reads[i] = api.read(keyOf.apply(i)).expect(200, "GET counter").micros();
            progress.step(i + 1);
        }
        progress = new Progress("202-to-visible", requests);
        for (int i = 0; i < requests; i++) {
            String k = keyOf.apply(i);
            long expected = sent.merge(k, 1L, Long::sum);
            api.increment(k).expect(202, "POST increment");
            long acknowledged = System.nanoTime();
            while (api.value(k) < expected) {
                if (System.nanoTime() - acknowledged > VISIBILITY_TIMEOUT.toNanos()) {
                    throw new IllegalStateException("increment " + expected + " of " + k + " was not visible after "
                            + VISIBILITY_TIMEOUT.toSeconds() + " s");
                }
            }
            visible[i] = (System.nanoTime() - acknowledged) / 1_000;
            progress.step(i + 1);
        }
        progress = new Progress("read ?after=", requests);
        for (int i = 0; i < requests; i++) {
            String k = keyOf.apply(i);
            long expected = sent.merge(k, 1L, Long::sum);
            String token = api.increment(k).expect(202, "POST increment").json().get("token").asText();
            ApiClient.Reply read = api.readAfter(k, token).expect(200, "GET counter?after=" + token);
            if (read.json().get("value").asLong() < expected) {
                throw new IllegalStateException("GET " + k + "?after=" + token + " answered " + read.body()
                        + " without the write (expected at least " + expected + ")");
            }
            afterToken[i] = read.micros();
            progress.step(i + 1);
        }
        long mismatches = sent.entrySet().stream().filter(e -> api.value(e.getKey()) != e.getValue()).count();

        System.out.println();
        System.out.println(Percentiles.header());
        System.out.println(new Percentiles(writes).row("POST increment (202)"));
        System.out.println(new Percentiles(reads).row("GET counter (200)"));
        System.out.println(new Percentiles(visible).row("202 -> visible in read"));
        System.out.println(new Percentiles(afterToken).row("GET ?after=token"));
        long total = sent.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("%d keys (%s0..%d): %d increments sent, %s%n", sent.size(), prefix, keys - 1, total,
                mismatches == 0 ? "every counter exact" : mismatches + " counters WRONG");
        return mismatches == 0 ? 0 : 1;
    }

    /** JIT and connection warm-up: increments and reads not counted in the samples. */
    private static void warmUp(ApiClient api, IntFunction<String> keyOf, Map<String, Long> sent) throws Exception {
        for (int i = 0; i < WARM_UP; i++) {
            api.increment(keyOf.apply(i)).expect(202, "POST increment");
            sent.merge(keyOf.apply(i), 1L, Long::sum);
            api.read(keyOf.apply(i)).expect(200, "GET counter");
        }
        Thread.sleep(500);
    }
}
