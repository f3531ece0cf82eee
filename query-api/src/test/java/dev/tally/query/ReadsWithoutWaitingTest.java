package dev.tally.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.wire.LocalCount;
import dev.tally.server.http.ApiException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link RoutedCounterReader#readAsync}: the first copy asked without a thread waiting, the rest as a blocking read. */
class ReadsWithoutWaitingTest {

    private static final Duration DEADLINE = Duration.ofSeconds(3);

    private final FakeProcessors processors = new FakeProcessors();
    private final FakeTime time = new FakeTime();
    private final FakeProcessors.Instance one = processors.instance("processor-1", "127.0.0.1:8101").active(0, 1).standby(2, 3);
    private final FakeProcessors.Instance two = processors.instance("processor-2", "127.0.0.1:8102").active(2, 3).standby(0, 1);
    private final RoutedCounterReader reader = new RoutedCounterReader(
            new RoutingTable(processors, List.of(one.url(), two.url()), Duration.ofSeconds(5), time), processors, DEADLINE, time);

    @AfterEach
    void close() {
        reader.close();
    }

    /** One read answered, so the reader has taken the processors' routing before the test changes them. */
    private void readOnceSoTheRoutingIsKnown() throws Exception {
        reader.readAsync(FakeProcessors.keyIn(2), ReadPolicy.ANY).get(5, TimeUnit.SECONDS);
    }

    @Test
    void aReadTheActiveAnswersIsThatOneCall() throws Exception {
        String key = FakeProcessors.keyIn(2);
        processors.set(key, 42);
        processors.calls.clear();

        LocalCount count = reader.readAsync(key, ReadPolicy.ANY).get(5, TimeUnit.SECONDS);

        assertThat(count).isEqualTo(new LocalCount(key, 42, 2, LocalCount.ACTIVE, "processor-2", 0L));
        assertThat(processors.callsTo("count")).containsExactly("count " + two.url() + " " + key);
    }

    @Test
    void aReadItsFirstCopyAnswersIsAnsweredOnTheThreadTheAnswerArrivesOn() throws Exception {
        String key = FakeProcessors.keyIn(1);
        processors.set(key, 9);
        readOnceSoTheRoutingIsKnown();
        processors.holdCounts();
        CompletableFuture<Thread> answeredOn = reader.readAsync(key, ReadPolicy.ANY).thenApply(count -> Thread.currentThread());

        processors.answerHeldCounts();

        // Not handed to a retry thread: that would cost a wake-up and a thread switch per read.
        assertThat(answeredOn).isCompletedWithValue(Thread.currentThread());
    }

    @Test
    void whenTheActiveIsUnreachableTheStandbyAnswersWithoutTheActiveBeingAskedTwice() throws Exception {
        String key = FakeProcessors.keyIn(0);
        processors.set(key, 7);
        readOnceSoTheRoutingIsKnown();
        one.unreachable();
        processors.calls.clear();

        LocalCount count = reader.readAsync(key, ReadPolicy.ANY).get(5, TimeUnit.SECONDS);

        assertThat(count.role()).isEqualTo(LocalCount.STANDBY);
        assertThat(count.value()).isEqualTo(7);
        assertThat(processors.callsTo("count")).containsExactly("count " + one.url() + " " + key, "count " + two.url() + " " + key);
    }

    @Test
    void whenNoCopyAnswersTheFutureFailsWithTheBlockingReadsErrorWithinTheDeadline() {
        String key = FakeProcessors.keyIn(1);
        one.failWith(503, "store_unavailable");
        two.unreachable();
        long start = time.nanoTime();

        CompletableFuture<LocalCount> read = reader.readAsync(key, ReadPolicy.ANY);

        assertThat(read).failsWithin(Duration.ofSeconds(5)).withThrowableThat().havingCause()
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.error()).isEqualTo("no_replica_available");
                    assertThat(e.getMessage()).contains("127.0.0.1:8101 (active): 503 store_unavailable",
                            "127.0.0.1:8102 (standby): unreachable (connection refused)");
                });
        assertThat(time.elapsedMillisSince(start)).isLessThanOrEqualTo(DEADLINE.toMillis());
    }
}
