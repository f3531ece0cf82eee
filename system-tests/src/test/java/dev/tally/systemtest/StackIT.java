package dev.tally.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.client.api.Reply;
import dev.tally.compose.stack.ProcessTable;
import dev.tally.compose.stack.StatusRow;
import dev.tally.domain.Partitions;
import dev.tally.systemtest.support.Ledger;
import dev.tally.systemtest.support.OnDefaultStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The core slice on a real cluster started through the launcher's own code: concurrent increments
 * counted exactly while reads keep answering, and a whole stack stopped and started again.
 */
class StackIT extends OnDefaultStack {

    private static final int KEYS = 50;
    private static final int INCREMENTS = 5_000;

    @Test
    void concurrentIncrementsOverFiftyKeysReadBackExactlyWhileReadsKeepAnswering() throws Exception {
        Ledger ledger = new Ledger();
        long start = System.nanoTime();
        List<String> failedReads = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService writers = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < INCREMENTS; i++) {
                String key = key("k" + (i % KEYS));
                String other = key("k" + ((i + 7) % KEYS));
                sent.add(writers.submit(() -> {
                    Reply reply = ledger.record(key, stack.client().increment(key));
                    assertThat(reply.status()).as("increment of %s: %s", key, reply.describe()).isEqualTo(202);
                    if ("main".equals(reply.queue())) {
                        // A hot key's increments go to the excess topic under a salted key, spread over its partitions.
                        assertThat(reply.partition()).isEqualTo(Partitions.forKey(key, stack.spec().partitions()));
                    }
                    // Every write is followed by a read of another key, so reads run all through the
                    // write load: with kafka-streams 4.3.1's IQv2 (KAFKA-19629) they would deadlock.
                    Reply read = stack.client().read(other);
                    if (read.status() != 200) {
                        failedReads.add(read.describe());
                    }
                }));
            }
            for (Future<?> f : sent) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            writers.shutdown();
        }

        long written = System.nanoTime();
        assertThat(ledger.total()).isEqualTo(INCREMENTS);
        assertThat(failedReads).isEmpty();
        ledger.awaitCounted(stack.client(), Duration.ofSeconds(60));
        System.out.printf("%d increments and reads over %d keys: written in %.1f s, all counted %.1f s later%n",
                INCREMENTS, KEYS, (written - start) / 1e9, (System.nanoTime() - written) / 1e9);
    }

    @Test
    void stoppingTheWholeStackLeavesNoProcessBehindAndStartingItAgainKeepsEveryCount() throws Exception {
        Ledger ledger = new Ledger();
        for (int i = 0; i < 200; i++) {
            String key = key("k" + (i % 10));
            assertThat(ledger.record(key, stack.client().increment(key)).status()).isEqualTo(202);
        }
        List<Long> pids = stack.stack().status().stream().map(StatusRow::pid).toList();
        assertThat(pids).doesNotContainNull();

        long start = System.nanoTime();
        stack.stack().down(false);
        System.out.printf("down took %.1f s%n", (System.nanoTime() - start) / 1e9);

        // Brokers stopped one by one would wait minutes for a lost quorum; stopped at once they all exit.
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
        assertThat(ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(cmd -> cmd.contains(stack.home().toString())).orElse(false)))
                .isEmpty();
        assertThat(new ProcessTable(stack.stack().home()).recorded()).allSatisfy(instance ->
                assertThat(new ProcessTable(stack.stack().home()).find(instance)).as("%s", instance).isEmpty());

        stack.stack().up(stack.spec());
        ledger.awaitCounted(stack.client(), Duration.ofSeconds(60));
    }
}
