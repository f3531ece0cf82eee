package dev.tally.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.tally.client.api.Reply;
import dev.tally.client.api.TallyClient;
import dev.tally.compose.stack.Instance;
import dev.tally.perf.load.Bound;
import dev.tally.perf.load.LoadGenerator;
import dev.tally.perf.load.LoadRequest;
import dev.tally.perf.load.RunResult;
import dev.tally.systemtest.support.Ledger;
import dev.tally.systemtest.support.OnSharedStack;
import dev.tally.systemtest.support.TestStack;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The queues on Kafka: 429 when a queue is full, hot keys spill to the excess queue, and nothing
 * accepted is lost. Tests that count what one API replica decides talk to that replica's own port.
 */
class BackPressureIT extends OnSharedStack {

    /** The shape's EXCESS_THRESHOLD: a key's increments within the window beyond this many spill. */
    private static final int THRESHOLD = 3;

    @Test
    void withTheProcessorsStoppedFullQueuesAnswer429AndEveryAcceptedIncrementIsCountedWhenTheyReturn() throws Exception {
        String key = key("bar");
        stack.restartApi(1, Map.of("MAX_QUEUE_SIZE", "100", "SPILLOVER_QUEUE_SIZE", "100"));
        List<Reply> replies;
        try {
            stack.processors().forEach(stack.stack()::stop);
            try {
                replies = burst(() -> stack.replica(1).increment(key), 300, 50);
            } finally {
                for (Instance processor : stack.processors()) {
                    stack.stack().start(processor);
                }
            }
        } finally {
            stack.restartApi(1, Map.of());
        }
        Map<Integer, Long> byStatus = replies.stream().collect(Collectors.groupingBy(Reply::status, Collectors.counting()));
        long accepted = byStatus.getOrDefault(202, 0L);

        assertThat(byStatus.keySet()).as("statuses %s", byStatus).containsOnly(202, 429);
        // THRESHOLD reach the main queue before the key is hot; the excess queue takes at most 100 more, then
        // it is full. The replica may count a few of its own acknowledged writes twice for one Kafka reading
        // (those acknowledged while the reading was taken), so it refuses a little early, never late.
        assertThat(accepted).isBetween(THRESHOLD + 50L, THRESHOLD + 100L);
        assertThat(replies).filteredOn(r -> r.status() == 429).allSatisfy(r -> {
            assertThat(r.error()).isEqualTo("queue_full");
            assertThat(r.json().path("details").path("queue").asText()).isEqualTo("excess");
            assertThat(r.retryAfter()).isPresent();
        });
        awaitValue(key, accepted);
    }

    @Test
    void withRoomInTheQueuesABurstIsAllAcceptedAndCountedExactly() throws Exception {
        String key = key("baz");
        List<Reply> replies = burst(() -> stack.client().increment(key), 200, 50);

        assertThat(replies).extracting(Reply::status).containsOnly(202);
        awaitValue(key, 200);
    }

    @Test
    void onlyTheHotKeySpillsToTheExcessQueue() throws Exception {
        String hot = key("hotkey");
        String chill = key("chill");
        TallyClient replica = stack.replica(1);
        List<Reply> hotReplies = burst(() -> replica.increment(hot), THRESHOLD + 2, THRESHOLD + 2);
        List<Reply> chillReplies = burst(() -> replica.increment(chill), THRESHOLD, THRESHOLD);

        assertThat(hotReplies).extracting(Reply::status).containsOnly(202);
        assertThat(hotReplies).filteredOn(r -> "excess".equals(r.queue())).hasSize(2);
        assertThat(chillReplies).allSatisfy(r -> assertThat(r.queue()).isEqualTo("main"));
        String log = Files.readString(stack.stack().logOf(TestStack.api(1)));
        assertThat(log).contains("moved hotkey to excess queue: key=\"" + hot + "\"").doesNotContain("key=\"" + chill + "\"");

        // The excess path merges its sums into the main store soon after.
        awaitValue(hot, THRESHOLD + 2);
        awaitValue(chill, THRESHOLD);
    }

    @Test
    void twentyThousandIncrementsOfOneKeyCountExactly() throws Exception {
        String key = key("single");
        // A well-behaved client: a 429 means "not taken, try again later", so it retries.
        RunResult run = LoadGenerator.closedLoop(URI.create(stack.spec().apiUrl()), 64)
                .name("20,000 increments of one key")
                .requests(i -> LoadRequest.post("/counter/" + key + "/increment"))
                .retry429(Duration.ofMillis(20), 1_000)
                .bound(Bound.requests(20_000))
                .progress(null)
                .run();

        assertThat(run.errors()).as("requests without an answer").isEmpty();
        assertThat(run.statuses()).as("final answers").containsOnly(entry(202, 20_000L));
        System.out.printf("20,000 increments of one key: %.0f/s, %d 429s retried%n", run.successesPerSecond(), run.retried429());
        awaitValue(key, 20_000);
    }

    private static void awaitValue(String key, long expected) {
        Ledger.expecting(key, expected).awaitCounted(stack.client(), Duration.ofSeconds(60));
    }

    /** {@code count} requests, {@code concurrency} at a time; the replies in no particular order. */
    private static List<Reply> burst(Supplier<Reply> request, int count, int concurrency) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<Reply>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sent.add(pool.submit(request::get));
            }
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> reply : sent) {
                replies.add(reply.get(2, TimeUnit.MINUTES));
            }
            return replies;
        } finally {
            pool.shutdown();
        }
    }
}
