package dev.tally.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.domain.wire.IdempotentWrite;
import dev.tally.domain.wire.LocalCount;
import dev.tally.domain.wire.LocalDump;
import dev.tally.domain.wire.ProcessorStats;
import dev.tally.domain.wire.RoutingSnapshot;
import dev.tally.server.http.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RoutingTableTest {

    private static final Duration MAX_AGE = Duration.ofSeconds(5);

    private final FakeProcessors processors = new FakeProcessors();
    private final FakeTime time = new FakeTime();
    private final FakeProcessors.Instance one = processors.instance("processor-1", "127.0.0.1:8101").active(0, 1).standby(2, 3);
    private final FakeProcessors.Instance two = processors.instance("processor-2", "127.0.0.1:8102").active(2, 3).standby(0, 1);
    private final RoutingTable table = new RoutingTable(processors, List.of("http://127.0.0.1:8101/", "127.0.0.1:8102"), MAX_AGE, time);

    @Test
    void candidatesAreTheActiveThenTheStandbys() {
        assertThat(table.candidates(2)).containsExactly(
                new Candidate(two.url(), "127.0.0.1:8102", LocalCount.ACTIVE),
                new Candidate(one.url(), "127.0.0.1:8101", LocalCount.STANDBY));
    }

    @Test
    void theRoutingIsCachedUpToItsMaximumAge() {
        Routing first = table.current();
        time.advance(MAX_AGE.minusMillis(1));
        assertThat(table.current()).isSameAs(first);
        assertThat(processors.callsTo("routing")).hasSize(1);

        time.advance(Duration.ofMillis(1));
        assertThat(table.current()).isNotSameAs(first);
        assertThat(processors.callsTo("routing")).hasSize(2);
    }

    @Test
    void invalidatingTheSnapshotInUseRefetchesItButAnOlderOneDoesNot() {
        Routing first = table.current();
        time.advance(Duration.ofSeconds(1));
        table.invalidate(first);
        Routing second = table.current();
        assertThat(second).isNotSameAs(first);

        time.advance(Duration.ofSeconds(1));
        table.invalidate(first);
        assertThat(table.current()).isSameAs(second);
        assertThat(processors.callsTo("routing")).hasSize(2);
    }

    @Test
    void aFreshlyFetchedSnapshotIsNotRefetchedForEveryFailureReport() {
        Routing first = table.current();
        table.invalidate(first);
        assertThat(table.current()).isSameAs(first);

        time.advance(Duration.ofMillis(250));
        assertThat(table.current()).isNotSameAs(first);
    }

    @Test
    void theNextProcessorIsAskedWhenOneDoesNotAnswer() {
        one.unreachable();

        assertThat(table.current().source()).isEqualTo(two.url());
        assertThat(processors.callsTo("routing")).containsExactly("routing " + one.url(), "routing " + two.url());
    }

    @Test
    void instancesNamedInASnapshotAreAskedWhenTheConfiguredOnesAreGone() {
        FakeProcessors.Instance three = processors.instance("processor-3", "127.0.0.1:8103").active(3);
        table.current();
        one.unreachable();
        two.unreachable();
        time.advance(MAX_AGE);

        assertThat(table.current().source()).isEqualTo(three.url());
    }

    @Test
    void aRunningProcessorsViewWinsOverOneThatIsRebalancing() {
        one.state = "REBALANCING";

        assertThat(table.current().snapshot().reporter()).isEqualTo("processor-2");
    }

    @Test
    void withoutAnyAnswerTheLastSnapshotIsKeptAndWithoutOneItIs503() {
        one.unreachable();
        two.unreachable();
        assertThatThrownBy(table::current)
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.error()).isEqualTo("routing_unavailable");
                })
                .hasMessageContaining("connection refused");

        one.recover();
        two.recover();
        Routing known = table.current();
        one.unreachable();
        two.unreachable();
        time.advance(MAX_AGE);
        assertThat(table.current()).isSameAs(known);
    }

    @Test
    void anInstanceThatFailedIsOfferedLastUntilItAnswersAgain() {
        Routing routing = table.current();
        table.reportFailure(routing, new ProcessorUnreachableException(one.url(), "connection refused", null));
        assertThat(table.candidates(routing, 0)).extracting(Candidate::url).containsExactly(two.url(), one.url());

        table.reportSuccess(one.url());
        assertThat(table.candidates(routing, 0)).extracting(Candidate::url).containsExactly(one.url(), two.url());

        table.reportFailure(routing, new ProcessorUnreachableException(one.url(), "connection refused", null));
        time.advance(MAX_AGE);
        assertThat(table.candidates(routing, 0)).extracting(Candidate::url).containsExactly(one.url(), two.url());
    }

    @Test
    void notHostedIsAStaleRoutingNotAnUnwellInstance() {
        Routing routing = table.current();
        table.reportFailure(routing, new ProcessorErrorException(one.url(), 409, "not_hosted", null));

        assertThat(table.candidates(routing, 0)).extracting(Candidate::url).containsExactly(one.url(), two.url());
    }

    @Test
    void concurrentReadersShareOneFetch() throws Exception {
        CountDownLatch fetching = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger fetches = new AtomicInteger();
        ProcessorClient slow = new ProcessorClient() {
            @Override
            public LocalCount count(String url, String key) {
                throw new UnsupportedOperationException();
            }

            @Override
            public LocalDump dump(String url, Collection<Integer> partitions) {
                throw new UnsupportedOperationException();
            }

            @Override
            public java.util.Optional<IdempotentWrite> idempotency(String url, String id, String key) {
                throw new UnsupportedOperationException();
            }

            @Override
            public ProcessorStats stats(String url) {
                throw new UnsupportedOperationException();
            }

            @Override
            public RoutingSnapshot routing(String url) {
                fetches.incrementAndGet();
                fetching.countDown();
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return processors.truth("processor-1", "RUNNING");
            }
        };
        RoutingTable shared = new RoutingTable(slow, List.of(one.url()), MAX_AGE, time);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Routing>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(threads.submit(shared::current));
            }
            assertThat(fetching.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(100);
            release.countDown();
            Routing first = answers.get(0).get(5, TimeUnit.SECONDS);
            for (Future<Routing> answer : answers) {
                assertThat(answer.get(5, TimeUnit.SECONDS)).isSameAs(first);
            }
            assertThat(fetches).hasValue(1);
        } finally {
            threads.shutdownNow();
        }
    }
}
