package dev.tally.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.domain.Consistency;
import dev.tally.domain.wire.LocalCount;
import dev.tally.server.http.ApiException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Multi-get: one call per processor instance, each key from an acceptable copy of its partition. */
class FanOutReaderTest {

    private static final Duration DEADLINE = Duration.ofSeconds(3);

    private final FakeProcessors processors = new FakeProcessors();
    private final FakeTime time = new FakeTime();
    private final FakeProcessors.Instance one = processors.instance("processor-1", "127.0.0.1:8101").active(0, 1).standby(2, 3);
    private final FakeProcessors.Instance two = processors.instance("processor-2", "127.0.0.1:8102").active(2, 3).standby(0, 1);
    private RoutedCounterReader reader;

    private final String a0 = FakeProcessors.keyIn(0);
    private final List<String> in1 = FakeProcessors.keysIn(1, 2);
    private final List<String> in2 = FakeProcessors.keysIn(2, 2);

    @BeforeEach
    void wire() {
        RoutingTable table = new RoutingTable(processors, List.of(one.url(), two.url()), Duration.ofSeconds(5), time);
        reader = new RoutedCounterReader(table, processors, DEADLINE, time);
        processors.set(a0, 1);
        processors.set(in1.get(0), 10);
        processors.set(in2.get(1), 22);
    }

    private List<String> keys() {
        return List.of(in2.get(1), a0, in1.get(0), in2.get(0), in1.get(1));
    }

    @Test
    void eachInstanceGetsOneCallWithTheKeysOfItsActivePartitionsAndAnswersKeepTheirOrder() {
        List<LocalCount> counts = reader.readAll(keys(), ReadPolicy.ANY);

        assertThat(counts).extracting(LocalCount::key).containsExactlyElementsOf(keys());
        assertThat(counts).extracting(LocalCount::value).containsExactly(22L, 1L, 10L, 0L, 0L);
        assertThat(counts).allSatisfy(count -> assertThat(count.role()).isEqualTo(LocalCount.ACTIVE));
        assertThat(processors.callsTo("count ")).isEmpty();
        assertThat(processors.callsTo("counts")).containsExactlyInAnyOrder(
                "counts " + two.url() + " " + List.of(in2.get(1), in2.get(0)),
                "counts " + one.url() + " " + List.of(a0, in1.get(0), in1.get(1)));
    }

    @Test
    void theKeysOfAnInstanceThatFailsAreAskedOfTheirStandbysAndSaySo() {
        one.unreachable();

        List<LocalCount> counts = reader.readAll(keys(), ReadPolicy.ANY);

        assertThat(counts).extracting(LocalCount::value).containsExactly(22L, 1L, 10L, 0L, 0L);
        assertThat(counts).extracting(count -> count.key() + " " + count.instance() + " " + count.role()).containsExactly(
                in2.get(1) + " processor-2 active", a0 + " processor-2 standby", in1.get(0) + " processor-2 standby",
                in2.get(0) + " processor-2 active", in1.get(1) + " processor-2 standby");
    }

    @Test
    void aStrongReadTakesOnlyActiveCopiesAndIs503NamingThePartitionsWithout() {
        one.unreachable();

        assertThatThrownBy(() -> reader.readAll(keys(), new ReadPolicy(Consistency.STRONG, null)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.error()).isEqualTo("active_unavailable");
                    assertThat(e.getMessage()).contains("partitions [0, 1]").contains("3 of the 5 keys");
                });
        assertThat(processors.callsTo("counts " + two.url())).allSatisfy(call -> assertThat(call).doesNotContain(a0));
    }

    @Test
    void aStandbyOverMaxLagIsNoAnswerButOneWithinItIs() {
        two.failWith(503, "store_unavailable");
        one.standbyLag = 50;

        assertThatThrownBy(() -> reader.readAll(List.of(a0, in2.get(1)), new ReadPolicy(Consistency.EVENTUAL, 10L)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.error()).isEqualTo("no_fresh_replica");
                    assertThat(e.getMessage()).contains("partition [2]").contains("1 of the 2 keys");
                });

        List<LocalCount> counts = reader.readAll(List.of(a0, in2.get(1)), new ReadPolicy(Consistency.EVENTUAL, 100L));
        assertThat(counts).extracting(count -> count.role() + " " + count.lag() + " " + count.value())
                .containsExactly("active 0 1", "standby 50 22");
    }
}
