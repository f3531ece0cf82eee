package dev.tally.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.domain.Consistency;
import dev.tally.domain.WriteToken;
import dev.tally.domain.wire.AppliedPosition;
import dev.tally.domain.wire.LocalCount;
import dev.tally.server.http.ApiException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoutedCounterReaderTest {

    private static final Duration DEADLINE = Duration.ofSeconds(3);

    private final FakeProcessors processors = new FakeProcessors();
    private final FakeTime time = new FakeTime();
    private final FakeProcessors.Instance one = processors.instance("processor-1", "127.0.0.1:8101").active(0, 1).standby(2, 3);
    private final FakeProcessors.Instance two = processors.instance("processor-2", "127.0.0.1:8102").active(2, 3).standby(0, 1);
    private RoutedCounterReader reader;

    @BeforeEach
    void wire() {
        RoutingTable table = new RoutingTable(processors, List.of(one.url(), two.url()), Duration.ofSeconds(5), time);
        reader = new RoutedCounterReader(table, processors, DEADLINE, time);
    }

    @Test
    void aReadGoesToThePartitionsActiveCopy() {
        String key = FakeProcessors.keyIn(2);
        processors.set(key, 42);

        LocalCount count = reader.read(key);

        assertThat(count).isEqualTo(new LocalCount(key, 42, 2, LocalCount.ACTIVE, "processor-2", 0L));
        assertThat(processors.callsTo("count")).containsExactly("count " + two.url() + " " + key);
    }

    @Test
    void aKeyNeverIncrementedCountsZero() {
        assertThat(reader.read("never-seen").value()).isZero();
    }

    @Test
    void whenTheActiveIsUnreachableTheStandbyAnswersAndSaysSo() {
        String key = FakeProcessors.keyIn(0);
        processors.set(key, 7);
        one.unreachable();

        LocalCount count = reader.read(key);

        assertThat(count.role()).isEqualTo(LocalCount.STANDBY);
        assertThat(count.instance()).isEqualTo("processor-2");
        assertThat(count.value()).isEqualTo(7);
    }

    @Test
    void anUnreachableActiveIsAskedLastByTheNextReadsInsteadOfCostingEachOfThemATimeout() {
        String key = FakeProcessors.keyIn(1);
        one.unreachable();
        reader.read(key);
        processors.calls.clear();

        assertThat(reader.read(key).role()).isEqualTo(LocalCount.STANDBY);
        assertThat(processors.callsTo("count")).containsExactly("count " + two.url() + " " + key);
    }

    @Test
    void aRestoringActiveIsSkippedForTheStandby() {
        String key = FakeProcessors.keyIn(3);
        two.failWith(503, "store_unavailable");

        assertThat(reader.read(key).instance()).isEqualTo("processor-1");
    }

    @Test
    void notHostedRefreshesTheRoutingAndTheNewActiveAnswers() {
        String key = FakeProcessors.keyIn(0);
        processors.set(key, 5);
        assertThat(reader.read(key).instance()).isEqualTo("processor-1");
        // A rebalance moves partition 0 to a third instance; processor-2 stays its standby.
        FakeProcessors.Instance three = processors.instance("processor-3", "127.0.0.1:8103").active(0);
        one.active(1);
        time.advance(Duration.ofSeconds(1));
        processors.calls.clear();

        LocalCount count = reader.read(key);

        assertThat(count).isEqualTo(new LocalCount(key, 5, 0, LocalCount.ACTIVE, "processor-3", 0L));
        assertThat(processors.calls).containsExactly(
                "count " + one.url() + " " + key,
                "routing " + one.url(),
                "count " + three.url() + " " + key);
    }

    @Test
    void aReadKeepsTryingUntilACopyComesBack() {
        String key = FakeProcessors.keyIn(2);
        two.unreachable();
        one.unreachable();
        long start = time.nanoTime();
        time.onSleep(() -> {
            if (time.elapsedMillisSince(start) >= 1_000) {
                one.recover();
            }
        });

        assertThat(reader.read(key).role()).isEqualTo(LocalCount.STANDBY);
        assertThat(time.elapsedMillisSince(start)).isBetween(1_000L, DEADLINE.toMillis());
    }

    @Test
    void whenNoCopyAnswersTheReadFailsWith503NamingThePartitionAndWhatEachCopySaid() {
        String key = FakeProcessors.keyIn(1);
        processors.calls.clear();
        one.failWith(503, "store_unavailable");
        two.unreachable();
        long start = time.nanoTime();

        assertThatThrownBy(() -> reader.read(key))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.error()).isEqualTo("no_replica_available");
                })
                .hasMessageContaining("partition 1")
                .hasMessageContaining("127.0.0.1:8101 (active): 503 store_unavailable")
                .hasMessageContaining("127.0.0.1:8102 (standby): unreachable (connection refused)");
        assertThat(time.elapsedMillisSince(start)).isLessThanOrEqualTo(DEADLINE.toMillis());
        assertThat(processors.callsTo("count").size()).as("retried within the deadline").isGreaterThan(4);
    }

    @Test
    void aReadAfterAWriteWaitsUntilTheCopyHasAppliedIt() {
        String key = FakeProcessors.keyIn(2);
        WriteToken write = WriteToken.of(key, false, 2, 7);
        processors.set(key, 1);
        processors.applied(key, new AppliedPosition(5, Map.of()), AppliedPosition.NONE);
        long start = time.nanoTime();
        time.onSleep(() -> {
            if (time.elapsedMillisSince(start) >= 200) {
                processors.set(key, 2);
                processors.applied(key, new AppliedPosition(7, Map.of()), AppliedPosition.NONE);
            }
        });

        LocalCount count = reader.read(key, new ReadPolicy(Consistency.EVENTUAL, null, write));

        assertThat(count.value()).isEqualTo(2);
        assertThat(count.role()).isEqualTo(LocalCount.ACTIVE);
        // Asked again soon after the write appeared, not after a long back-off.
        assertThat(time.elapsedMillisSince(start)).isBetween(200L, 260L);
    }

    @Test
    void aMainQueueTokenOfAnotherPartitionThanTheKeysIsA400AtOnceNotAWait() {
        String key = FakeProcessors.keyIn(2);
        WriteToken elsewhere = WriteToken.of(key, false, 3, 7);
        long start = time.nanoTime();

        assertThatThrownBy(() -> reader.read(key, new ReadPolicy(Consistency.EVENTUAL, null, elsewhere)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.error()).isEqualTo("token_mismatch");
                })
                .hasMessageContaining("partition 3").hasMessageContaining("partition 2");
        assertThat(time.elapsedMillisSince(start)).isZero();
        assertThat(processors.callsTo("count")).isEmpty();
    }

    @Test
    void aReadAfterAHotKeysWriteWaitsForItsExcessPartitionToBeMerged() {
        String key = FakeProcessors.keyIn(1);
        WriteToken write = WriteToken.of(key, true, 3, 40);
        processors.applied(key, new AppliedPosition(900, Map.of(3, 39L)), AppliedPosition.NONE);

        assertThatThrownBy(() -> reader.read(key, new ReadPolicy(Consistency.EVENTUAL, null, write)))
                .isInstanceOf(ApiException.class);

        processors.applied(key, new AppliedPosition(900, Map.of(3, 40L)), AppliedPosition.NONE);
        assertThat(reader.read(key, new ReadPolicy(Consistency.EVENTUAL, null, write)).role()).isEqualTo(LocalCount.ACTIVE);
    }

    @Test
    void whenTheActiveIsDownAStandbyThatHasAppliedTheWriteAnswers() {
        String key = FakeProcessors.keyIn(0);
        WriteToken write = WriteToken.of(key, false, 0, 3);
        processors.applied(key, AppliedPosition.NONE, new AppliedPosition(3, Map.of()));
        one.unreachable();

        LocalCount count = reader.read(key, new ReadPolicy(Consistency.EVENTUAL, null, write));

        assertThat(count.role()).isEqualTo(LocalCount.STANDBY);
        assertThat(count.instance()).isEqualTo("processor-2");
    }

    @Test
    void aWriteNoCopyHasAppliedByTheDeadlineIsA504NamingTheToken() {
        String key = FakeProcessors.keyIn(3);
        WriteToken write = WriteToken.of(key, false, 3, 10);
        processors.applied(key, new AppliedPosition(9, Map.of()), new AppliedPosition(8, Map.of()));
        long start = time.nanoTime();

        assertThatThrownBy(() -> reader.read(key, new ReadPolicy(Consistency.EVENTUAL, null, write)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(504);
                    assertThat(e.error()).isEqualTo("write_not_visible");
                })
                .hasMessageContaining("with the write " + write + " applied")
                .hasMessageContaining("has not applied the write " + write + " yet");
        assertThat(time.elapsedMillisSince(start)).isBetween(DEADLINE.toMillis() - 100, DEADLINE.toMillis());
    }

    @Test
    void whenNoProcessorAnswersTheRoutingTheReadFailsWith503() {
        one.unreachable();
        two.unreachable();

        assertThatThrownBy(() -> reader.read("foo"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error()).isEqualTo("no_replica_available"))
                .hasMessageContaining("could not learn which processor holds key \"foo\"")
                .hasMessageContaining("connection refused");
    }

    @Test
    void anInvalidKeyIsRefusedWithoutAskingAnyone() {
        assertThatThrownBy(() -> reader.read("a\nb"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.error()).isEqualTo("invalid_key");
                });
        assertThat(processors.calls).isEmpty();
    }

    @Test
    void aDumpAsksEachInstanceOnceForItsActivePartitionsAndMerges() {
        Map<String, Long> expected = new java.util.TreeMap<>();
        for (int partition = 0; partition < FakeProcessors.PARTITIONS; partition++) {
            for (String key : FakeProcessors.keysIn(partition, 3)) {
                processors.set(key, partition * 10L + key.length());
                expected.put(key, partition * 10L + key.length());
            }
        }

        assertThat(reader.dumpAll()).containsExactlyEntriesOf(expected);
        assertThat(processors.callsTo("dump")).containsExactlyInAnyOrder(
                "dump " + one.url() + " [0, 1]", "dump " + two.url() + " [2, 3]");
    }

    @Test
    void pagesOfTheDumpFollowEachOtherInKeyOrderAcrossPartitionsUntilTheLastHasNoNext() {
        Map<String, Long> expected = new java.util.TreeMap<>(dev.tally.domain.KeyOrder.CODE_POINTS);
        for (int partition = 0; partition < FakeProcessors.PARTITIONS; partition++) {
            for (String key : FakeProcessors.keysIn(partition, 3)) {
                processors.set(key, partition);
                expected.put(key, (long) partition);
            }
        }
        Map<String, Long> paged = new java.util.LinkedHashMap<>();
        String after = null;
        int pages = 0;
        do {
            DumpPage page = reader.dumpPage(after, 5);
            assertThat(page.counters().size()).isLessThanOrEqualTo(5);
            paged.putAll(page.counters());
            after = page.next();
            pages++;
        } while (after != null && pages < 10);

        assertThat(pages).isEqualTo(3);
        assertThat(paged).containsExactlyEntriesOf(expected);
    }

    @Test
    void aDumpTakesAStandbyForThePartitionsOfAnInstanceThatIsDown() {
        String onTwo = FakeProcessors.keyIn(3);
        String onOne = FakeProcessors.keyIn(0);
        processors.set(onTwo, 3);
        processors.set(onOne, 1);
        two.unreachable();

        assertThat(reader.dumpAll()).containsExactlyInAnyOrderEntriesOf(Map.of(onTwo, 3L, onOne, 1L));
        assertThat(processors.callsTo("dump " + one.url())).contains("dump " + one.url() + " [2, 3]");
    }

    @Test
    void aDumpFails503NamingThePartitionsNoCopyAnswersFor() {
        FakeProcessors.Instance three = processors.instance("processor-3", "127.0.0.1:8103").active(2, 3);
        two.active().standby();
        one.standby();
        three.failWith(503, "store_unavailable");

        assertThatThrownBy(() -> reader.dumpAll())
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error()).isEqualTo("no_replica_available"))
                .hasMessageContaining("partitions [2, 3]")
                .hasMessageContaining("503 store_unavailable");
    }
}
