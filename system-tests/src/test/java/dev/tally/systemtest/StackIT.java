package dev.tally.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.compose.stack.Component;
import dev.tally.compose.stack.Instance;
import dev.tally.compose.stack.ProcessTable;
import dev.tally.compose.stack.StackSpec;
import dev.tally.compose.stack.StatusRow;
import dev.tally.domain.Partitions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The core slice on a real cluster started through the launcher's own code: 3 KRaft brokers,
 * replication factor 3, min.insync.replicas 2, 6 partitions, 2 processors with 1 standby each.
 * The tests run in order on one stack, as a user's session would.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class StackIT extends RealStack {

    /** Ports away from the defaults so a stack a developer left running does not interfere. */
    private static final StackSpec SPEC = new StackSpec(3, 3, 2, 6, 2, 1, 18000, 29090, 29190, 18100);
    private static final int KEYS = 50;
    private static final int INCREMENTS = 5_000;

    @Override
    protected StackSpec spec() {
        return SPEC;
    }

    @Test
    @Order(1)
    void concurrentIncrementsOverFiftyKeysReadBackExactlyWhileReadsKeepAnswering() throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        AtomicLong slowestReadMillis = new AtomicLong();
        List<String> failedReads = new ArrayList<>();
        // IQv2 in kafka-streams 4.3.1 deadlocks under reads + writes (KAFKA-LOCAL.md); these reads would hang.
        Thread reader = new Thread(() -> {
            int i = 0;
            while (writing.get()) {
                TallyClient.Reply reply = client.read("key-" + (i++ % KEYS));
                reads.incrementAndGet();
                slowestReadMillis.accumulateAndGet(reply.took().toMillis(), Math::max);
                if (reply.status() != 200) {
                    synchronized (failedReads) {
                        failedReads.add(reply.status() + " " + reply.body());
                    }
                }
            }
        }, "reader");
        reader.start();

        ExecutorService writers = Executors.newFixedThreadPool(16);
        LongAdder accepted = new LongAdder();
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < INCREMENTS; i++) {
            String key = "key-" + (i % KEYS);
            sent.add(writers.submit(() -> {
                TallyClient.Reply reply = client.increment(key);
                assertThat(reply.status()).as("increment of %s: %s", key, reply.body()).isEqualTo(202);
                assertThat(reply.partition()).isEqualTo(Partitions.forKey(key, SPEC.partitions()));
                acknowledged.merge(key, 1L, Long::sum);
                accepted.increment();
            }));
        }
        for (Future<?> f : sent) {
            f.get(2, TimeUnit.MINUTES);
        }
        writers.shutdown();
        writing.set(false);
        reader.join(30_000);

        assertThat(accepted.sum()).isEqualTo(INCREMENTS);
        assertThat(reads.get()).as("reads served during the writes").isGreaterThan(100);
        assertThat(failedReads).isEmpty();
        assertThat(slowestReadMillis.get()).as("slowest read (ms) under write load").isLessThan(5_000);
        assertAcknowledgedCounts(Duration.ofSeconds(30));
        assertThat(stack.status()).filteredOn(row -> row.instance().component() == Component.PROCESSOR)
                .allSatisfy(row -> assertThat(row.detail()).isEqualTo("healthy"));
    }

    @Test
    @Order(2)
    void killingOneProcessorLeavesEveryKeyReadable() throws Exception {
        Instance victim = new Instance(Component.PROCESSOR, 1);
        stack.kill(victim);
        assertThat(new ProcessTable(stack.home()).find(victim)).isEmpty();

        List<String> roles = new ArrayList<>();
        for (int key = 0; key < KEYS; key++) {
            TallyClient.Reply reply = client.read("key-" + key);
            assertThat(reply.status()).as("key-%d right after the kill: %s", key, reply.body()).isEqualTo(200);
            assertThat((String) reply.body().get("instance")).isEqualTo("processor-2");
            roles.add((String) reply.body().get("role"));
        }
        // processor-1 held the active copy of some partitions: processor-2 answered those from its standby.
        assertThat(roles).contains("standby");
        assertAcknowledgedCounts(Duration.ofSeconds(30));

        stack.start(victim);
        assertAcknowledgedCounts(Duration.ofSeconds(60));
    }

    @Test
    @Order(3)
    void countsSurviveStoppingAndRestartingTheWholeStack() throws Exception {
        stack.down(false);
        assertThat(stack.status()).allSatisfy(row -> assertThat(row.up()).as(row.instance().name()).isFalse());

        stack.up(SPEC);
        assertAcknowledgedCounts(Duration.ofSeconds(60));
    }

    @Test
    @Order(4)
    void downStopsEveryBrokerAtOnceAndLeavesNoProcessBehind() throws Exception {
        List<Long> pids = stack.status().stream().map(StatusRow::pid).toList();
        assertThat(pids).doesNotContainNull().hasSize(SPEC.controllers() + SPEC.brokers() + SPEC.processors() + 1);

        long start = System.nanoTime();
        stack.down(false);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        // Brokers stopped one by one wait minutes for a lost quorum; all at once they exit in seconds.
        assertThat(took).isLessThan(Duration.ofSeconds(60));
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
        assertThat(ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(cmd -> cmd.contains(home.toString())).orElse(false)))
                .isEmpty();
    }
}
