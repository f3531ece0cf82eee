package dev.tally.processor.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.LagInfos;
import org.junit.jupiter.api.Test;

/** The lag cache on a clock and a fetch thread the test drives: no cluster needed. */
class StoreLagsTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicReference<Map<String, Map<Integer, LagInfo>>> brokerSays = new AtomicReference<>(Map.of(
            "counts", Map.of(0, LagInfos.of(100, 100), 3, LagInfos.of(40, 100)),
            "idempotency", Map.of(0, LagInfos.of(5, 9))));

    private Map<String, Map<Integer, LagInfo>> fetch() {
        fetches.incrementAndGet();
        Map<String, Map<Integer, LagInfo>> answer = brokerSays.get();
        if (answer == null) {
            throw new IllegalStateException("broker down");
        }
        return answer;
    }

    @Test
    void eachStorePartitionGetsItsOffsetLagAndWhatIsNotHeldHereIsUnknown() {
        StoreLags lags = new StoreLags(this::fetch, clock::get, Runnable::run, 200);

        assertThat(lags.offsetLag("counts", 0)).isZero();          // active and caught up
        assertThat(lags.offsetLag("counts", 3)).isEqualTo(60L);     // standby, 60 records behind
        assertThat(lags.offsetLag("idempotency", 0)).isEqualTo(4L);
        assertThat(lags.offsetLag("counts", 1)).isNull();
        assertThat(lags.offsetLag("other", 0)).isNull();
    }

    @Test
    void theMapIsFetchedOncePerMaxAge() {
        StoreLags lags = new StoreLags(this::fetch, clock::get, Runnable::run, 200);
        lags.offsetLag("counts", 3);
        clock.addAndGet(StoreLags.MAX_AGE_MS);
        brokerSays.set(Map.of("counts", Map.of(3, LagInfos.of(90, 100))));
        assertThat(lags.offsetLag("counts", 3)).isEqualTo(60L);
        assertThat(fetches).hasValue(1);

        clock.incrementAndGet();
        assertThat(lags.offsetLag("counts", 3)).isEqualTo(10L);
        assertThat(fetches).hasValue(2);
    }

    @Test
    void aFailedFetchIsUnknownUntilTheNextOneWorks() {
        brokerSays.set(null);
        StoreLags lags = new StoreLags(this::fetch, clock::get, Runnable::run, 200);
        assertThat(lags.offsetLag("counts", 0)).isNull();
        assertThat(lags.offsetLag("counts", 0)).isNull();
        assertThat(fetches).hasValue(1); // not retried on every request

        brokerSays.set(Map.of("counts", Map.of(0, LagInfos.of(7, 7))));
        clock.addAndGet(StoreLags.MAX_AGE_MS + 1);
        assertThat(lags.offsetLag("counts", 0)).isZero();
    }

    @Test
    void aSlowFetchIsOnlyStartedOnceAndMeanwhileThePreviousMapServesUntilItIsTooOld() {
        Queue<Runnable> fetcher = new ArrayDeque<>();
        StoreLags lags = new StoreLags(this::fetch, clock::get, fetcher::add, 0);

        assertThat(lags.offsetLag("counts", 3)).isNull(); // nothing fetched yet
        assertThat(lags.offsetLag("counts", 3)).isNull();
        assertThat(fetcher).hasSize(1);
        fetcher.remove().run();
        assertThat(lags.offsetLag("counts", 3)).isEqualTo(60L);

        clock.addAndGet(StoreLags.MAX_AGE_MS + 1);
        assertThat(lags.offsetLag("counts", 3)).isEqualTo(60L); // expired, but young enough to serve
        clock.set(1_000_000 + StoreLags.UNKNOWN_AFTER_MS + 1);
        assertThat(lags.offsetLag("counts", 3)).isNull();        // too old to say anything
        assertThat(fetcher).hasSize(1);
        assertThat(fetches).hasValue(1);
    }
}
