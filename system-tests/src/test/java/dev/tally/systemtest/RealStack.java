package dev.tally.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.compose.stack.Classpaths;
import dev.tally.compose.stack.Stack;
import dev.tally.compose.stack.StackHome;
import dev.tally.compose.stack.StackSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * A real stack (brokers, processors, API as processes) started through the launcher's own code
 * for one test class, whose tests run in order on it as a user's session would, and removed after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class RealStack {

    /** Set (to anything) to keep every stack's home after its tests, not only a failed one's. */
    static final String KEEP_HOME = "TALLY_IT_KEEP_HOME";

    protected Path home;
    protected Stack stack;
    protected TallyClient client;
    /** Every 202 the test received, per key: what the counters must come to. */
    protected final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    private volatile boolean anyTestFailed;

    /** Notes a failed test, so that its stack's logs are kept for a look afterwards. */
    @RegisterExtension
    final TestWatcher failures = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            anyTestFailed = true;
        }
    };

    /** The shape; give each class its own ports so a leftover stack cannot interfere. */
    protected abstract StackSpec spec();

    /** Service settings (MAX_QUEUE_SIZE, …) the stack starts with. */
    protected Map<String, String> settings() {
        return Map.of();
    }

    @BeforeAll
    void startTheStack() throws Exception {
        home = Files.createTempDirectory("tally-it-");
        stack = new Stack(new StackHome(home), Classpaths.fromBuild(Classpaths.projectRoot()), System.out)
                .withSettings(settings());
        stack.up(spec());
        client = new TallyClient(spec().apiUrl());
    }

    /**
     * Removes the stack; after a failed test (or with {@value #KEEP_HOME} set) its home (logs, state)
     * stays and its path is printed.
     */
    @AfterAll
    void removeTheStack() throws Exception {
        if (stack == null) {
            return;
        }
        boolean keep = anyTestFailed || System.getenv(KEEP_HOME) != null;
        stack.down(!keep);
        if (keep) {
            System.out.println("kept the stack's home for its logs: " + home);
        }
    }

    /** {@code count} increments of one key, {@code concurrency} at a time; the replies in no particular order. */
    protected List<TallyClient.Reply> burst(String key, int count, int concurrency) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<TallyClient.Reply>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sent.add(pool.submit(() -> client.increment(key)));
            }
            List<TallyClient.Reply> replies = new ArrayList<>();
            for (Future<TallyClient.Reply> reply : sent) {
                replies.add(reply.get(2, TimeUnit.MINUTES));
            }
            return replies;
        } finally {
            pool.shutdown();
        }
    }

    /**
     * Increments the key until the API answers with the given status (say, 503 once brokers are
     * gone), calling {@code onAccepted} for every 202 on the way so the test's tally stays exact.
     */
    protected TallyClient.Reply awaitIncrementStatus(String key, int status, Duration within, Runnable onAccepted)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        TallyClient.Reply last;
        do {
            last = client.increment(key);
            if (last.status() == 202) {
                onAccepted.run();
            }
            if (last.status() == status) {
                return last;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no " + status + " within " + within + "; last answer " + last.status() + " " + last.body());
    }

    /** Reads every key the test incremented until each shows its acknowledged count. */
    protected void assertAcknowledgedCounts(Duration within) throws InterruptedException {
        for (Map.Entry<String, Long> key : new TreeMap<>(acknowledged).entrySet()) {
            awaitValue(key.getKey(), key.getValue(), within);
        }
    }

    /** Reads the key until it shows the expected value, failing with the last answer after the deadline. */
    protected void awaitValue(String key, long expected, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        TallyClient.Reply last;
        do {
            last = client.read(key);
            if (last.status() == 200 && last.value() == expected) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        assertThat(last.body()).as("%s after %s", key, within).containsEntry("value", expected);
    }
}
