package dev.tally.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.domain.Json;
import dev.tally.domain.Partitions;
import dev.tally.perf.load.Bound;
import dev.tally.perf.load.LoadGenerator;
import dev.tally.perf.load.LoadRequest;
import dev.tally.perf.load.RunResult;
import dev.tally.systemtest.support.Ledger;
import dev.tally.systemtest.support.OnSharedStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The core slice on a real cluster started through the launcher's own code: concurrent increments
 * counted exactly while reads keep answering. (That a clean {@code down} leaves no process behind is
 * checked when the shared stack stops at the end of every run, see TestStack.)
 */
class StackIT extends OnSharedStack {

    private static final int KEYS = 50;
    private static final int INCREMENTS = 5_000;

    @Test
    void concurrentIncrementsOverFiftyKeysReadBackExactlyWhileReadsKeepAnswering() throws Exception {
        List<String> keys = IntStream.range(0, KEYS).mapToObj(i -> key("k" + i)).toList();
        Ledger ledger = new Ledger();
        List<String> misplaced = new CopyOnWriteArrayList<>();
        URI api = URI.create(stack.spec().apiUrl());
        LoadGenerator increments = LoadGenerator.closedLoop(api, 16).name("increments")
                .requests(i -> LoadRequest.post("/counter/" + keys.get((int) (i % KEYS)) + "/increment"))
                .onResponse(r -> {
                    String key = keys.get((int) (r.index() % KEYS));
                    if (r.status() != 202) {
                        return;
                    }
                    ledger.add(key, 1);
                    JsonNode body = json(r.bodyText());
                    // A hot key's increments go to the excess topic under a salted key, spread over its partitions.
                    if ("main".equals(body.path("queue").asText())
                            && body.path("partition").asInt() != Partitions.forKey(key, stack.spec().partitions())) {
                        misplaced.add(key + " on partition " + body.path("partition").asInt());
                    }
                })
                .bound(Bound.requests(INCREMENTS)).progress(null);
        // Reads of the same keys all through the write load: with kafka-streams 4.3.1's IQv2 (KAFKA-19629)
        // they would deadlock a stream thread.
        LoadGenerator reads = LoadGenerator.closedLoop(api, 4).name("reads")
                .requests(i -> LoadRequest.get("/counter/" + keys.get((int) ((i * 7) % KEYS))))
                .bound(Bound.requests(INCREMENTS)).progress(null);

        CompletableFuture<RunResult> reading = CompletableFuture.supplyAsync(() -> run(reads));
        RunResult written = increments.run();
        RunResult read = reading.get(3, TimeUnit.MINUTES);

        System.out.printf("%d increments (%.0f/s) and %d reads (%.0f/s) over %d keys%n", written.requests(),
                written.successesPerSecond(), read.requests(), read.successesPerSecond(), KEYS);
        assertThat(written.errors()).isEmpty();
        assertThat(written.statuses()).containsOnlyKeys(202);
        assertThat(misplaced).isEmpty();
        assertThat(read.errors()).isEmpty();
        assertThat(read.statuses()).as("every read answered").containsOnlyKeys(200);
        assertThat(ledger.total()).isEqualTo(INCREMENTS);
        ledger.awaitCounted(stack.client(), Duration.ofSeconds(60));
    }

    private static RunResult run(LoadGenerator generator) {
        try {
            return generator.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
