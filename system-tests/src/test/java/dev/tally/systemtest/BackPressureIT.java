package dev.tally.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.compose.stack.Component;
import dev.tally.compose.stack.Instance;
import dev.tally.compose.stack.StackSpec;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Seed 000's queues on Kafka: 429 when a queue is full, hot keys spill, and nothing accepted is lost. */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class BackPressureIT extends RealStack {

    private static final StackSpec SPEC = new StackSpec(3, 3, 2, 6, 2, 1, 18001, 29390, 29490, 18200);
    private static final List<Instance> PROCESSORS =
            List.of(new Instance(Component.PROCESSOR, 1), new Instance(Component.PROCESSOR, 2));
    private static final Instance API = new Instance(Component.API, 1);

    @Override
    protected StackSpec spec() {
        return SPEC;
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("MAX_QUEUE_SIZE", "100", "SPILLOVER_QUEUE_SIZE", "100");
    }

    @Test
    @Order(1)
    void withTheProcessorsStoppedFullQueuesAnswer429AndEveryAcceptedIncrementIsCountedWhenTheyReturn() throws Exception {
        PROCESSORS.forEach(stack::stop);

        List<TallyClient.Reply> replies = burst("bar", 200, 50);
        Map<Integer, Long> byStatus = replies.stream().collect(Collectors.groupingBy(TallyClient.Reply::status, Collectors.counting()));
        long accepted = byStatus.getOrDefault(202, 0L);
        long rejected = byStatus.getOrDefault(429, 0L);

        assertThat(byStatus.keySet()).as("statuses %s", byStatus).containsOnly(202, 429);
        assertThat(rejected).as("429s").isPositive();
        // 50 reach the main queue before "bar" is hot; the excess queue takes at most 100 more.
        assertThat(accepted).isBetween(100L, 150L);
        assertThat(replies).filteredOn(r -> r.status() == 429)
                .allSatisfy(r -> assertThat(r.body().get("details")).asString().contains("queue=excess"));

        for (Instance processor : PROCESSORS) {
            stack.start(processor);
        }
        awaitValue("bar", accepted, Duration.ofSeconds(60));
    }

    @Test
    @Order(2)
    void withLargerQueuesAndMoreWorkersTheSameBurstIsAllAcceptedAndCountedExactly() throws Exception {
        stack.withSettings(Map.of("MAX_QUEUE_SIZE", "1000", "SPILLOVER_QUEUE_SIZE", "500", "WORKER_COUNT", "4"));
        stack.stop(API);
        PROCESSORS.forEach(stack::stop);
        for (Instance instance : List.of(PROCESSORS.get(0), PROCESSORS.get(1), API)) {
            stack.start(instance);
        }

        List<TallyClient.Reply> replies = burst("baz", 200, 50);

        assertThat(replies).extracting(TallyClient.Reply::status).containsOnly(202);
        awaitValue("baz", 200, Duration.ofSeconds(30));
    }

    @Test
    @Order(3)
    void onlyTheHotKeySpillsToTheExcessQueue() throws Exception {
        List<TallyClient.Reply> hot = burst("hotkey", 52, 52);
        List<TallyClient.Reply> chill = burst("chill", 10, 10);

        assertThat(hot).extracting(TallyClient.Reply::status).containsOnly(202);
        assertThat(hot).filteredOn(r -> "excess".equals(r.body().get("queue"))).hasSize(2);
        assertThat(chill).allSatisfy(r -> assertThat(r.body()).containsEntry("queue", "main"));
        String log = Files.readString(stack.logOf(API));
        assertThat(log).contains("moved hotkey to excess queue: key=\"hotkey\"").doesNotContain("key=\"chill\"");

        // The excess path merges sums into the main store after a bounded delay.
        awaitValue("hotkey", 52, Duration.ofSeconds(10));
        awaitValue("chill", 10, Duration.ofSeconds(10));
    }

    @Test
    @Order(4)
    void twentyThousandIncrementsOfOneKeyCountExactly() throws Exception {
        AtomicLong accepted = new AtomicLong();
        AtomicLong backedOff = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Future<?>> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            sent.add(pool.submit(() -> {
                // A well-behaved client: a 429 means "not taken, try again later", so it retries.
                TallyClient.Reply reply = client.increment("single");
                while (reply.status() == 429) {
                    backedOff.incrementAndGet();
                    Thread.sleep(20);
                    reply = client.increment("single");
                }
                assertThat(reply.status()).as("%s", reply.body()).isEqualTo(202);
                accepted.incrementAndGet();
                return null;
            }));
        }
        for (Future<?> f : sent) {
            f.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();

        assertThat(accepted.get()).isEqualTo(20_000);
        System.out.printf("20,000 increments of one key: %d 429s retried%n", backedOff.get());
        awaitValue("single", 20_000, Duration.ofSeconds(30));
    }
}
