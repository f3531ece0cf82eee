package dev.tally.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.client.api.IncrementOptions;
import dev.tally.client.api.ReadOptions;
import dev.tally.client.api.Reply;
import dev.tally.compose.stack.Instance;
import dev.tally.systemtest.support.Ledger;
import dev.tally.systemtest.support.OnSharedStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Read-your-writes with two API replicas on one port (each request may meet either) and two
 * processors: a read carrying the token of a 202 includes that write, whichever API replica and
 * processor copy serve it, for cold keys and for hot keys whose increments go through the excess
 * topic; while a processor is dead a token read waits or fails (504, or 503 while no copy answers),
 * and never shows a value without the write.
 *
 * <p>The guarantee is per write. Without failures each writer's reads are also exact (they include
 * all its earlier writes); across a processor kill they need not be: the dead instance's open
 * transaction is rolled back and applied again after the takeover, so an earlier write that an
 * earlier read showed can be missing for a moment. The failover test therefore gives each write its
 * own bit (by = 2^n) and checks that bit.
 */
class ReadYourWritesIT extends OnSharedStack {

    private static final int WRITERS = 4;

    @Test
    void aReadWithTheTokenOfA202AlwaysIncludesThatWriteColdOrHot() throws Exception {
        Writers writers = new Writers(false);
        LongAdder excessWrites = new LongAdder();
        AtomicLong slowestMillis = new AtomicLong();
        writers.run(30, (key, n, write, read) -> {
            assertThat(read.status()).as("read of %s after %s: %s", key, write.token(), read.describe()).isEqualTo(200);
            assertThat(read.value()).as("%s after %s", key, write.token()).isEqualTo(writers.mine.get(key));
            if ("excess".equals(write.queue())) {
                excessWrites.increment();
            }
            slowestMillis.accumulateAndGet(read.took().toMillis(), Math::max);
        });

        assertThat(excessWrites.sum()).as("hot-key writes that went through the excess topic").isPositive();
        System.out.printf("read-your-writes: %d writes, %d via excess, slowest token read %d ms%n",
                writers.ledger.total(), excessWrites.sum(), slowestMillis.get());
        writers.ledger.awaitCounted(stack.client(), Duration.ofSeconds(60));
    }

    @Test
    void whileAProcessorIsDeadATokenReadWaitsOrFailsButNeverShowsAValueWithoutTheWrite() throws Exception {
        Writers writers = new Writers(true);
        Instance victim = stack.activeProcessorOf(writers.keysOf(0).get(0));
        Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
        LongAdder missingEarlier = new LongAdder();
        LongAdder excessWrites = new LongAdder();
        stack.stack().kill(victim);
        try {
            writers.run(15, (key, n, write, read) -> {
                byStatus.computeIfAbsent(read.status(), s -> new LongAdder()).increment();
                if ("excess".equals(write.queue())) {
                    excessWrites.increment();
                }
                if (read.status() == 200) {
                    assertThat((read.value() >>> n) & 1).as("bit %d of %s after %s: %s", n, key, write.token(),
                            Long.toBinaryString(read.value())).isEqualTo(1L);
                    if (Long.bitCount(read.value()) != n + 1) {
                        missingEarlier.increment();
                    }
                } else {
                    // 504: copies answered, none had the write yet; 503: no copy answered at all (the
                    // survivor was restoring). Either way an error, never a value without the write.
                    assertThat(read.status()).as("read of %s: %s", key, read.describe()).isIn(503, 504);
                    assertThat(read.error()).isEqualTo("write_not_visible");
                }
            });
            System.out.println("token reads with " + victim + " dead, by status: " + byStatus
                    + "; answers lacking an earlier write of the same writer: " + missingEarlier
                    + "; writes through the excess topic: " + excessWrites);
            assertThat(excessWrites.sum()).as("hot-key writes through the excess topic while a processor was dead").isPositive();

            // Once the survivor has taken over, every token read answers again, and exactly.
            writers.run(5, (key, n, write, read) -> {
                assertThat(read.status()).as("read of %s after the takeover: %s", key, read.describe()).isEqualTo(200);
                assertThat(read.value()).isEqualTo(writers.mine.get(key));
            });
        } finally {
            stack.stack().start(victim);
        }
        writers.ledger.awaitCounted(stack.client(), Duration.ofSeconds(60));
    }

    private interface Check {
        /** @param n how many writes of the key came before this one */
        void check(String key, int n, Reply write, Reply read);
    }

    /**
     * {@link #WRITERS} threads, each the only writer of its keys (three cold ones, written every sixth
     * round, and a hot one, written every round): increment, then read with the token.
     */
    private final class Writers {
        final Map<String, Long> mine = new ConcurrentHashMap<>();
        final Map<String, Integer> writesSoFar = new ConcurrentHashMap<>();
        final Ledger ledger = new Ledger();
        private final boolean bitPerWrite;

        /** @param bitPerWrite the n-th write of a key adds 2^n (at most 62 writes per key), else 1 */
        Writers(boolean bitPerWrite) {
            this.bitPerWrite = bitPerWrite;
        }

        /** Writer w's keys, its hot one last. */
        List<String> keysOf(int w) {
            return List.of(key("w" + w + "-a"), key("w" + w + "-b"), key("w" + w + "-c"), key("w" + w + "-hot"));
        }

        void run(int rounds, Check check) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    List<String> keys = keysOf(w);
                    running.add(pool.submit(() -> {
                        for (int round = 0; round < rounds; round++) {
                            for (int k = 0; k < keys.size(); k++) {
                                boolean hot = k == keys.size() - 1;
                                if (hot || round % 6 == 0) {
                                    incrementAndRead(keys.get(k), check);
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> writer : running) {
                    writer.get(3, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdown();
            }
        }

        private void incrementAndRead(String key, Check check) {
            int n = writesSoFar.merge(key, 1, Integer::sum) - 1;
            long by = bitPerWrite ? 1L << n : 1;
            Reply write = ledger.record(key, by, stack.client().increment(key, IncrementOptions.by(by)));
            assertThat(write.status()).as("increment of %s: %s", key, write.describe()).isEqualTo(202);
            mine.merge(key, by, Long::sum);
            check.check(key, n, write, stack.client().read(key, ReadOptions.after(write.token())));
        }
    }
}
