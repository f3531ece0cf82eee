package dev.tally.perf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.common.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Override
    public Integer call() throws Exception {
        String key = this.key + "-" + System.currentTimeMillis();
        URI increment = URI.create(url + "/counter/" + key + "/increment");
        URI read = URI.create(url + "/counter/" + key);
        warmUp(increment, read);
        long base = value(send(read, false));

        long[] writes = new long[requests];
        long[] reads = new long[requests];
        long[] visible = new long[requests];
        Progress progress = new Progress("increments", requests);
        for (int i = 0; i < requests; i++) {
            writes[i] = timed(increment, true, 202);
            progress.step(i + 1);
        }
        progress = new Progress("reads", requests);
        for (int i = 0; i < requests; i++) {
            reads[i] = timed(read, false, 200);
            progress.step(i + 1);
        }
        progress = new Progress("202-to-visible", requests);
        long expected = base + requests;
        for (int i = 0; i < requests; i++) {
            expected++;
            send(increment, true);
            long acknowledged = System.nanoTime();
            while (value(send(read, false)) < expected) {
                if (System.nanoTime() - acknowledged > VISIBILITY_TIMEOUT.toNanos()) {
                    throw new IllegalStateException("increment " + expected + " of " + key + " was not visible after "
                            + VISIBILITY_TIMEOUT.toSeconds() + " s");
                }
            }
            visible[i] = (System.nanoTime() - acknowledged) / 1_000;
            progress.step(i + 1);
        }
        long finalValue = value(send(read, false));

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
    private void warmUp(URI increment, URI read) throws Exception {
        for (int i = 0; i < WARM_UP; i++) {
            send(increment, true);
            send(read, false);
        }
        Thread.sleep(500);
    }

    private long timed(URI uri, boolean post, int expectedStatus) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = send(uri, post);
        long micros = (System.nanoTime() - start) / 1_000;
        if (response.statusCode() != expectedStatus) {
            throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return micros;
    }

    private HttpResponse<String> send(URI uri, boolean post) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        request = post ? request.POST(HttpRequest.BodyPublishers.noBody()) : request.GET();
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long value(HttpResponse<String> response) throws Exception {
        JsonNode body = Json.MAPPER.readTree(response.body());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("read answered " + response.statusCode() + ": " + response.body());
        }
        return body.get("value").asLong();
    }
}
