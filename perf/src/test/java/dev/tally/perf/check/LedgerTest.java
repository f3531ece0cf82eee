package dev.tally.perf.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.perf.load.Bound;
import dev.tally.perf.load.LoadGenerator;
import dev.tally.perf.load.LoadRequest;
import dev.tally.perf.load.TargetServer;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The ledgers against a server that answers as told and counts what it was sent, per key. */
class LedgerTest {

    private static final List<String> KEYS = IntStream.range(0, 10).mapToObj(i -> "k" + i).toList();

    /** Counts each key's increments in the request path (/counter/KEY/increment) or body (NDJSON), answering per {@code status}. */
    private static final class CountingServer implements AutoCloseable {
        final Map<String, AtomicLong> written = new ConcurrentHashMap<>();
        final AtomicInteger requests = new AtomicInteger();
        final TargetServer server;

        CountingServer(java.util.function.IntUnaryOperator statusOfRequest) throws InterruptedException {
            server = TargetServer.start(0, 1, (ctx, request) -> {
                int status = statusOfRequest.applyAsInt(requests.incrementAndGet());
                if (status == 202 || status >= 500) {
                    String body = request.content().toString(StandardCharsets.UTF_8);
                    if (body.isEmpty()) {
                        add(request.uri().split("/")[2]);
                    } else {
                        body.lines().forEach(line -> add(line.substring(8, line.indexOf('"', 8))));
                    }
                }
                TargetServer.reply(ctx, HttpResponseStatus.valueOf(status), "{}");
            });
        }

        private void add(String key) {
            written.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.port());
        }

        long of(String key) {
            return written.getOrDefault(key, new AtomicLong()).get();
        }

        @Override
        public void close() {
            server.close();
        }
    }

    @Test
    void anIncrementLedgerCountsEachKeysAcceptedIncrementsWarmUpIncluded() throws Exception {
        try (CountingServer server = new CountingServer(n -> 202)) {
            IncrementLedger ledger = IncrementLedger.sameRequestPerKey(KEYS, KeyChoice.SCATTERED,
                    key -> LoadRequest.post("/counter/" + key + "/increment"));
            LoadGenerator.closedLoop(server.uri(), 8).requests(ledger).onResponse(ledger)
                    .warmUp(Bound.requests(50)).bound(Bound.requests(450)).progress(null).run();

            Expectation expected = ledger.expectation();

            assertThat(expected.acceptedTotal()).isEqualTo(500);
            assertThat(ledger.acceptedTotal()).isEqualTo(500);
            assertThat(expected.uncertain()).isEmpty();
            KEYS.forEach(key -> assertThat(expected.accepted().get(key)).as(key).isEqualTo(server.of(key)));
        }
    }

    @Test
    void a503IsUncertainAndA400IsRefused() throws Exception {
        // Every third request a 503 (which the server counts as written), every fifth a 400 (not written).
        try (CountingServer server = new CountingServer(n -> n % 3 == 0 ? 503 : n % 5 == 0 ? 400 : 202)) {
            IncrementLedger ledger = IncrementLedger.sameRequestPerKey(KEYS, KeyChoice.ROUND_ROBIN,
                    key -> LoadRequest.post("/counter/" + key + "/increment"));
            LoadGenerator.closedLoop(server.uri(), 1).requests(ledger).onResponse(ledger)
                    .bound(Bound.requests(300)).progress(null).run();

            Expectation expected = ledger.expectation();

            assertThat(expected.uncertainTotal()).isEqualTo(100);
            assertThat(expected.acceptedTotal()).isEqualTo(300 - 100 - (60 - 20)); // n % 15 == 0 is a 503, not a 400
            KEYS.forEach(key -> assertThat(server.of(key)).as(key).isBetween(expected.accepted().get(key),
                    expected.accepted().get(key) + expected.uncertain().getOrDefault(key, 0L)));
        }
    }

    @Test
    void anIncrementThatNeverHadAConnectionIsRefusedNotUncertain() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort(); // closed again: nothing listens there
        }
        IncrementLedger ledger = IncrementLedger.sameRequestPerKey(KEYS, KeyChoice.ROUND_ROBIN,
                key -> LoadRequest.post("/counter/" + key + "/increment"));
        LoadGenerator.closedLoop(URI.create("http://127.0.0.1:" + port), 2).requests(ledger).onResponse(ledger)
                .bound(Bound.requests(20)).progress(null).run();

        Expectation expected = ledger.expectation();

        assertThat(expected.acceptedTotal()).isZero();
        assertThat(expected.uncertain()).isEmpty();
    }

    @Test
    void aBatchLedgerCountsTheItemsOfEveryBatchAnswered202() throws Exception {
        try (CountingServer server = new CountingServer(n -> n % 4 == 0 ? 429 : 202)) {
            BatchLedger ledger = new BatchLedger(KEYS, 3, 4);
            LoadGenerator.closedLoop(server.uri(), 4).requests(ledger).onResponse(ledger)
                    .bound(Bound.requests(200)).progress(null).run();

            Expectation expected = ledger.expectation();

            assertThat(expected.acceptedTotal()).isEqualTo(150 * 3).isEqualTo(ledger.acceptedIncrements());
            assertThat(expected.uncertain()).isEmpty();
            KEYS.forEach(key -> assertThat(expected.accepted().get(key)).as(key).isEqualTo(server.of(key)));
            // 4 bodies of 3 items cover the 10 keys, the cycle wrapping round: k0 and k1 are in two bodies.
            assertThat(ledger.keysOf(3)).containsExactly("k9", "k0", "k1");
        }
    }

    @Test
    void keyChoicesAreAFunctionOfTheIndexAlone() {
        for (long index = 0; index < 1_000; index++) {
            assertThat(KeyChoice.SCATTERED.slot(index, 7)).isEqualTo(KeyChoice.SCATTERED.slot(index, 7)).isBetween(0, 6);
        }
        assertThat(IntStream.range(0, 7_000).map(i -> KeyChoice.SCATTERED.slot(i, 7)).distinct().count()).isEqualTo(7);
        assertThat(KeyChoice.ROUND_ROBIN.slot(15, 7)).isEqualTo(1);
    }
}
