package dev.tally.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.client.api.IncrementOptions;
import dev.tally.client.api.ReadOptions;
import dev.tally.client.api.Reply;
import dev.tally.client.api.TallyClient;
import dev.tally.compose.kafka.KafkaCluster;
import dev.tally.compose.stack.Instance;
import dev.tally.compose.stack.StatusRow;
import dev.tally.domain.IncrementFormat;
import dev.tally.domain.IncrementHeaders;
import dev.tally.domain.Partitions;
import dev.tally.domain.Topics;
import dev.tally.perf.load.Bound;
import dev.tally.perf.load.LoadGenerator;
import dev.tally.perf.load.LoadRequest;
import dev.tally.perf.load.RunResult;
import dev.tally.systemtest.support.Ledger;
import dev.tally.systemtest.support.OnSharedStack;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Kill brokers and processors under load: nothing acknowledged is lost, reads keep answering and say how fresh they are. */
class FaultToleranceIT extends OnSharedStack {

    private static final int KEYS = 20;

    @Test
    void aBrokerKilledUnderLoadCostsAPauseButNoErrorAndNoIncrement() throws Exception {
        Instance broker = KafkaCluster.broker(2);
        List<String> keys = IntStream.range(0, KEYS).mapToObj(i -> key("k" + i)).toList();
        Map<String, LongAdder> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger answered = new AtomicInteger();
        // Each key's 202s, counted as they come, so that the counts can be checked exactly afterwards.
        LoadGenerator load = LoadGenerator.closedLoop(URI.create(stack.spec().apiUrl()), 8)
                .name("increments while broker-2 dies")
                .requests(i -> LoadRequest.post("/counter/" + keys.get((int) (i % KEYS)) + "/increment"))
                .onResponse(r -> {
                    if (r.status() == 202) {
                        acknowledged.computeIfAbsent(keys.get((int) (r.index() % KEYS)), k -> new LongAdder()).increment();
                    }
                    answered.incrementAndGet();
                })
                .bound(Bound.requests(2_000))
                .progress(null);
        ExecutorService background = Executors.newSingleThreadExecutor();
        RunResult run;
        try {
            Future<RunResult> running = background.submit(load::run);
            await().atMost(Duration.ofMinutes(2)).until(() -> answered.get() >= 500);
            stack.stack().kill(broker);
            run = running.get(3, TimeUnit.MINUTES);
        } finally {
            background.shutdownNow();
            long restartedAt = System.nanoTime();
            stack.stack().start(broker);
            // The restarted broker rejoins every ISR: GET /status shows no under-replicated partition.
            stack.awaitSettled();
            System.out.printf("broker-2 restarted: every partition in sync again %.1f s later%n", (System.nanoTime() - restartedAt) / 1e9);
        }
        System.out.printf("broker-2 killed under load: %d increments, slowest %.0f ms%n", run.requests(), run.latency().maxMs());
        assertThat(run.errors()).as("increments without an answer").isEmpty();
        assertThat(run.statuses()).as("every increment answered 202").containsOnlyKeys(202);
        Ledger ledger = new Ledger();
        acknowledged.forEach((key, count) -> ledger.add(key, count.sum()));
        assertThat(ledger.total()).isEqualTo(2_000);
        ledger.awaitCounted(stack.client(), Duration.ofSeconds(60));
    }

    @Test
    void withTwoOfThreeBrokersDownWritesAre503AndReadsStillAnswerThenRecover() throws Exception {
        Ledger ledger = new Ledger();
        for (int i = 0; i < KEYS; i++) {
            String key = key("k" + i);
            assertThat(ledger.record(key, stack.client().increment(key)).status()).isEqualTo(202);
        }
        ledger.awaitCounted(stack.client(), Duration.ofSeconds(30));
        List<Instance> killed = List.of(KafkaCluster.broker(1), KafkaCluster.broker(3));
        killed.forEach(stack.stack()::kill);
        long killedAt = System.nanoTime();
        try {
            // The controllers are processes of their own, so they fence the dead brokers and shrink the
            // ISRs; the API sees that in its next Kafka reading and refuses a strong write at once, as
            // not_enough_replicas. The two brokers are fenced one at a time, so for a while a partition
            // can keep one dead follower in its ISR and a write to it waits for that follower and ends
            // outcome_unknown (or is even written later). Hence one probe key per partition the counted
            // keys live on, each refused before those keys are written to; the probes are not counted.
            int partitions = stack.spec().partitions();
            List<String> probes = IntStream.range(0, KEYS)
                    .map(i -> Partitions.forKey(key("k" + i), partitions)).distinct()
                    .mapToObj(partition -> keyOnPartition("probe", partition)).toList();
            // Probes give up after a second each: one waiting for the dead brokers must not hold up the next.
            TallyClient impatient = TallyClient.builder(List.of(stack.spec().apiUrl())).timeout(Duration.ofSeconds(1)).build();
            for (String probe : probes) {
                await("a write to " + probe + " refused for want of in-sync replicas").atMost(Duration.ofSeconds(60))
                        .until(() -> "not_enough_replicas".equals(impatient.increment(probe).error()));
            }
            long refusedAfterMs = (System.nanoTime() - killedAt) / 1_000_000;
            long slowestRefusalMs = 0;
            for (int i = 0; i < KEYS; i++) {
                Reply refused = stack.client().increment(key("k" + i));
                assertThat(refused.status()).as("%s", refused.describe()).isEqualTo(503);
                assertThat(refused.error()).isEqualTo("not_enough_replicas");
                assertThat(refused.field("message")).contains("not enough in-sync replicas");
                slowestRefusalMs = Math.max(slowestRefusalMs, refused.took().toMillis());
                Reply read = stack.client().read(key("k" + i));
                assertThat(read.status()).as("read with two brokers down: %s", read.describe()).isEqualTo(200);
                assertThat(read.value()).isEqualTo(ledger.of(key("k" + i)));
            }
            System.out.printf("two brokers killed: writes refused 503 not_enough_replicas from %d ms after the kill on,"
                    + " each in at most %d ms%n", refusedAfterMs, slowestRefusalMs);
        } finally {
            for (Instance broker : killed) {
                stack.stack().start(broker);
            }
        }
        String key = key("k0");
        await("writes accepted again").atMost(Duration.ofSeconds(60))
                .until(() -> ledger.record(key, stack.client().increment(key)).status() == 202);
        ledger.awaitCounted(stack.client(), Duration.ofSeconds(60));
    }

    @Test
    void aProcessorKilledUnderReadsIsCoveredByItsStandbyAndThenReplaced() throws Exception {
        Ledger ledger = new Ledger();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            keys.add(key("k" + i));
            for (int n = 0; n <= i % 3; n++) {
                ledger.record(keys.get(i), stack.client().increment(keys.get(i)));
            }
        }
        ledger.awaitCounted(stack.client(), Duration.ofSeconds(30));
        Instance victim = stack.activeProcessorOf(keys.get(0));
        String survivor = stack.processors().stream().filter(p -> !p.equals(victim)).findFirst().orElseThrow().name();

        List<long[]> reads = new CopyOnWriteArrayList<>(); // {nanos, status, standby ? 1 : 0, value - expected}
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            for (int i = 0; reading.get(); i++) {
                String key = keys.get(i % keys.size());
                Reply r = stack.client().read(key);
                reads.add(new long[] {System.nanoTime(), r.status(), "standby".equals(r.role()) ? 1 : 0,
                        r.status() == 200 ? r.value() - ledger.of(key) : 0});
            }
        }, "reader");
        reader.start();
        long killedAt;
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> reads.size() >= 20);
            stack.stack().kill(victim);
            killedAt = System.nanoTime();
            // The survivor takes the dead instance's partitions over; until then its standby copies answer.
            await("every key answered by the survivor's active copy").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(100)).until(() -> keys.stream().map(stack.client()::read)
                            .allMatch(r -> "active".equals(r.role()) && survivor.equals(r.field("instance"))));
        } finally {
            reading.set(false);
            reader.join(30_000);
            stack.stack().start(victim);
        }
        long tookOver = reads.stream().filter(r -> r[2] == 1).mapToLong(r -> r[0]).max().orElse(killedAt);
        long longestGap = 0;
        for (int n = 1; n < reads.size(); n++) {
            longestGap = Math.max(longestGap, reads.get(n)[0] - reads.get(n - 1)[0]);
        }
        long standby = reads.stream().filter(r -> r[2] == 1).count();
        System.out.printf("%s killed under reads: %d reads, longest gap %d ms, %d (%.1f %%) answered by a standby,"
                        + " the survivor active for all %.1f s after the kill%n", victim, reads.size(), longestGap / 1_000_000,
                standby, 100.0 * standby / reads.size(), (tookOver - killedAt) / 1e9);
        assertThat(reads).as("every read answered").allSatisfy(r -> assertThat(r[1]).isEqualTo(200L));
        assertThat(reads).as("no read showed more than was acknowledged").allSatisfy(r -> assertThat(r[3]).isLessThanOrEqualTo(0L));
        assertThat(standby).as("reads answered by the standby after the kill").isPositive();
        ledger.awaitCounted(stack.client(), Duration.ofSeconds(30));
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyCountsOnceThroughTheApiAndInTheProcessorsAfterAFailover() throws Exception {
        String key = key("paid");
        IncrementOptions five = IncrementOptions.by(5).withIdempotencyKey(key + "-order-42");
        Reply first = stack.client().increment(key, five);
        assertThat(first.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> stack.client().read(key).value() == 5);

        // A retry through the API is answered with the first write's 202, and not written again.
        Reply retried = stack.client().increment(key, five);
        assertThat(retried.status()).isEqualTo(202);
        assertThat(retried.replay()).isTrue();
        assertThat(retried.json().path("offset")).isEqualTo(first.json().path("offset"));

        // A retry the API never saw (a producer's resend, a second API replica racing the first) is in
        // the log twice; the processors drop it, also after the key's processor died and a survivor took
        // over with the remembered keys from the changelog.
        Instance victim = stack.activeProcessorOf(key);
        stack.stack().kill(victim);
        try {
            writeToTheLogDirectly(key, 5, five.idempotencyKey());
            Reply marker = stack.client().increment(key);
            assertThat(marker.status()).isEqualTo(202);
            Reply read = await("the survivor applied the log past the duplicate").atMost(Duration.ofSeconds(90))
                    .until(() -> stack.client().read(key, ReadOptions.after(marker.token())), r -> r.status() == 200);
            assertThat(read.value()).as("5, the duplicate dropped, and the marker's 1").isEqualTo(6);
        } finally {
            stack.stack().start(victim);
        }
    }

    private void writeToTheLogDirectly(String key, long by, String idempotencyKey) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.spec().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(Topics.INCREMENTS, key, IncrementFormat.encode(by));
            record.headers().add(IncrementHeaders.IDEMPOTENCY_KEY, idempotencyKey.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void killingEveryProcessAtOnceAndStartingTheStackAgainLosesNothing() throws Exception {
        Ledger ledger = new Ledger();
        for (int i = 0; i < 200; i++) {
            String key = key("k" + (i % KEYS));
            assertThat(ledger.record(key, stack.client().increment(key)).status()).isEqualTo(202);
        }
        List<Instance> all = stack.stack().status().stream().filter(StatusRow::up).map(StatusRow::instance).toList();
        // ... and net-1, the fault proxies every loopback test stack runs behind.
        assertThat(all).hasSize(stack.spec().controllers() + stack.spec().brokers() + stack.spec().processors()
                + stack.spec().apiReplicas() + (stack.hasFaultProxies() ? 1 : 0));
        // As in a power cut: SIGKILL, no clean shutdown, no flushed stores, open transactions left behind.
        all.forEach(stack.stack()::kill);
        assertThat(stack.stack().status()).noneMatch(StatusRow::up);

        long start = System.nanoTime();
        stack.stack().up(stack.spec());
        ledger.awaitCounted(stack.client(), Duration.ofSeconds(90));
        System.out.printf("whole stack killed with SIGKILL: up again and every count exact %.1f s later%n",
                (System.nanoTime() - start) / 1e9);
        String key = key("k0");
        assertThat(ledger.record(key, stack.client().increment(key)).status()).isEqualTo(202);
        ledger.awaitCounted(stack.client(), Duration.ofSeconds(30));
    }
}
