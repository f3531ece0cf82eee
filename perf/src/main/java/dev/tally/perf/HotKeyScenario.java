package dev.tally.perf;

import dev.tally.domain.Partitions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The measurements of {@code perf hotkey} against one API, whatever its configuration: cold keys
 * alone, cold keys beside a hammered hot key on the same partition, and the hot key alone. Every
 * phase uses fresh keys (run id + phase), so counters start at 0 and a key that was hot in one
 * phase is not already hot in the next.
 */
final class HotKeyScenario {

    /** One phase: its cold and/or hot traffic and whether every counter came out exact. */
    record Phase(String name, String configuration, LoadResult cold, LoadResult hot, CountCheck.Outcome check) {
    }

    /** Long enough for the hot key to cross EXCESS_THRESHOLD and for its queue to reach a steady state. */
    private static final Duration HOT_HEAD_START = Duration.ofSeconds(1);
    private static final Duration COUNT_WAIT = Duration.ofSeconds(60);

    private final ApiClient api;
    private final String run;
    private final int partitions;
    private final int partition;
    private final int clients;
    private final int requests;
    private final int hotClients;
    private final int hotRequests;
    private final CountCheck check;

    HotKeyScenario(ApiClient api, String run, int partitions, int clients, int requests, int hotClients, int hotRequests) {
        this.api = api;
        this.run = run;
        this.partitions = partitions;
        this.partition = Partitions.forKey("hot-" + run, partitions);
        this.clients = clients;
        this.requests = requests;
        this.hotClients = hotClients;
        this.hotRequests = hotRequests;
        this.check = new CountCheck(api::value, COUNT_WAIT, Duration.ofMillis(200));
    }

    /** The partition the hot keys and the cold keys share. */
    int partition() {
        return partition;
    }

    /**
     * Fails unless the API puts our keys where we think: with another partition count the cold keys
     * would be spread over the topic and the comparison would mean nothing.
     */
    void checkPartitionCount() {
        String probe = ColdKeys.onPartition("probe-" + run, partition, partitions, 1).get(0);
        int actual = api.increment(probe).expect(202, "POST /counter/" + probe + "/increment").json().get("partition").asInt();
        if (actual != partition) {
            throw new IllegalStateException("the API put " + probe + " on partition " + actual + ", not " + partition
                    + ": the increments topic does not have --partitions " + partitions + " partitions");
        }
    }

    /**
     * JIT, connection pool and producer warm-up on keys no phase uses; after every API (re)start.
     * Cold keys and a hot one: without the hot key the first configuration measured would pay for
     * warming up the excess path (its topic's partitions in the brokers, the aggregator, its
     * transactions) and the second would not, which once made the excess path look twice as slow.
     */
    void warmUp(String label) throws InterruptedException {
        long total = Math.max(1_000, (long) clients * requests / 2);
        List<String> keys = ColdKeys.onPartition("warm-" + run + "-" + label, partition, partitions, ColdKeys.keysFor(total));
        new LoadLoop("warm-up cold", api, hotClients, total, n -> keys.get((int) (n % keys.size()))).start().await();
        String hot = "warm-hot-" + run + "-" + label;
        new LoadLoop("warm-up hot", api, hotClients, Math.max(3_000, total), n -> hot).start().await();
    }

    /** Round trips with no Kafka behind them: the floor the load generator and HTTP put under every number. */
    LoadResult.Latency httpFloor(int count) {
        long[] micros = new long[count];
        for (int i = 0; i < count; i++) {
            micros[i] = api.health().expect(200, "GET /health").micros();
        }
        return LoadResult.Latency.of(new Percentiles(micros));
    }

    Phase coldOnly(String name, String configuration) throws InterruptedException {
        LoadLoop cold = coldLoop(name);
        LoadResult result = cold.start().await();
        return new Phase(name, configuration, result, null, check.await(result.acceptedByKey()));
    }

    Phase coldBesideHot(String name, String configuration) throws InterruptedException {
        LoadLoop hot = hotLoop(name, LoadLoop.UNTIL_STOPPED);
        hot.start();
        Thread.sleep(HOT_HEAD_START.toMillis());
        LoadResult cold;
        try {
            cold = coldLoop(name).start().await();
        } finally {
            hot.stop();
        }
        LoadResult hotResult = hot.await();
        Map<String, Long> expected = new HashMap<>(cold.acceptedByKey());
        expected.putAll(hotResult.acceptedByKey());
        return new Phase(name, configuration, cold, hotResult, check.await(expected));
    }

    Phase hotAlone(String name, String configuration) throws InterruptedException {
        LoadResult hot = hotLoop(name, hotRequests).start().await();
        return new Phase(name, configuration, null, hot, check.await(hot.acceptedByKey()));
    }

    /** {@code clients} threads × {@code requests} increments, round robin over enough cold keys that none turns hot. */
    private LoadLoop coldLoop(String phase) {
        long total = (long) clients * requests;
        List<String> keys = ColdKeys.onPartition("cold-" + run + "-" + slug(phase), partition, partitions, ColdKeys.keysFor(total));
        return new LoadLoop(phase + " cold", api, clients, total, n -> keys.get((int) (n % keys.size())));
    }

    private LoadLoop hotLoop(String phase, long total) {
        String key = ColdKeys.onPartition("hot-" + run + "-" + slug(phase), partition, partitions, 1).get(0);
        return new LoadLoop(phase + " hot", api, hotClients, total, n -> key);
    }

    private static String slug(String name) {
        return name.replaceAll("[^A-Za-z0-9]+", "-");
    }
}
