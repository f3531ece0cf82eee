package dev.tally.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.domain.Consistency;
import dev.tally.domain.Topics;
import dev.tally.domain.wire.IdempotentWrite;
import dev.tally.domain.wire.LocalCount;
import dev.tally.server.http.ApiException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Consistency levels on reads, and the idempotency lookup, through the routed reader. */
class ReadPolicyReaderTest {

    private final FakeProcessors processors = new FakeProcessors();
    private final FakeProcessors.Instance one = processors.instance("processor-1", "127.0.0.1:8101").active(0, 1).standby(2, 3);
    private final FakeProcessors.Instance two = processors.instance("processor-2", "127.0.0.1:8102").active(2, 3).standby(0, 1);
    private final FakeTime time = new FakeTime();
    private final RoutedCounterReader reader = new RoutedCounterReader(
            new RoutingTable(processors, List.of(one.url(), two.url()), Duration.ofSeconds(5), time),
            processors, Duration.ofSeconds(3), time);
    private final String key = FakeProcessors.keyIn(0);

    @Test
    void aStrongReadIsAnsweredByTheActiveCopyOnly() {
        processors.set(key, 9);
        assertThat(reader.read(key, new ReadPolicy(Consistency.STRONG, null)).role()).isEqualTo(LocalCount.ACTIVE);

        one.unreachable();
        assertThatThrownBy(() -> reader.read(key, new ReadPolicy(Consistency.STRONG, null)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.error()).isEqualTo("active_unavailable");
                });
        assertThat(processors.callsTo("count")).noneMatch(call -> call.contains(two.url()));
    }

    @Test
    void anEventualReadFallsBackToAStandbyAndCarriesItsLag() {
        processors.set(key, 9);
        two.standbyLag = 3;
        one.unreachable();

        LocalCount count = reader.read(key, ReadPolicy.ANY);

        assertThat(count.role()).isEqualTo(LocalCount.STANDBY);
        assertThat(count.lag()).isEqualTo(3);
    }

    @Test
    void maxLagRefusesACopyFurtherBehind() {
        two.standbyLag = 3;
        one.unreachable();

        assertThat(reader.read(key, new ReadPolicy(Consistency.EVENTUAL, 5L)).lag()).isEqualTo(3);
        assertThatThrownBy(() -> reader.read(key, new ReadPolicy(Consistency.EVENTUAL, 2L)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.error()).isEqualTo("no_fresh_replica");
                    assertThat(e.getMessage()).contains("over max_lag 2");
                });
    }

    @Test
    void theIdempotencyLookupAsksTheCounterPartitionsCopies() {
        IdempotentWrite first = new IdempotentWrite("retry-7", key, 2, Topics.INCREMENTS, 0, 12);
        processors.writes.put(key + "/retry-7", first);

        assertThat(reader.findWrite("retry-7", key)).contains(first);
        assertThat(reader.findWrite("never", key)).isEmpty();

        one.unreachable();
        two.unreachable();
        assertThat(reader.findWrite("retry-7", key)).as("nobody answers: write again, the processor de-duplicates").isEmpty();
    }

    @Test
    void aStandbyThatHasNotCopiedAWriteYetIsNotTakenAtItsWordWhileTheActiveAnswers() {
        IdempotentWrite first = new IdempotentWrite("retry-7", key, 2, Topics.INCREMENTS, 0, 12);
        processors.writes.put(key + "/retry-7", first);
        reader.read(key, ReadPolicy.ANY); // learns the routing: processor-1 active for the key's partition
        // A failover the routing has not heard of: processor-1 is now a standby, a little behind.
        one.active(2, 3).standby(0, 1).standbyLag = 2;
        two.active(0, 1).standby(2, 3);
        processors.calls.clear();

        assertThat(reader.findWrite("retry-7", key)).contains(first);
        assertThat(processors.callsTo("idempotency")).containsExactly(
                "idempotency " + one.url() + " retry-7", "idempotency " + two.url() + " retry-7");
    }

    @Test
    void withTheActiveDownAStandbysNotSeenIsTakenAtOnceSoARetryIsNotHeldUp() {
        two.standbyLag = 2;
        one.unreachable();
        long started = time.nanoTime();

        assertThat(reader.findWrite("retry-7", key)).as("written again; the processor drops it if applied").isEmpty();
        assertThat(time.elapsedMillisSince(started)).as("no back-off until the read deadline").isZero();

        IdempotentWrite copied = new IdempotentWrite("retry-8", key, 2, Topics.INCREMENTS, 0, 13);
        processors.writes.put(key + "/retry-8", copied);
        two.standbyLag = 0;
        assertThat(reader.findWrite("retry-8", key)).as("a write the standby has copied is found").contains(copied);
    }
}
