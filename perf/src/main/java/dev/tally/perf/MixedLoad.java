package dev.tally.perf;

import java.util.List;

/**
 * Reads and increments at once, as seed 002's workload mixes them: two loops side by side,
 * the clients and the operations split by the read share, over the same keys. Each loop keeps its
 * own latencies, so the result shows both; throughput counts every answered operation.
 */
final class MixedLoad {

    /** Both loops' results, and all operations answered per second of the whole run. */
    record Result(LoadResult increments, LoadResult reads, double seconds, double opsPerSecond) {
        long operations() {
            return increments.accepted() + reads.accepted();
        }

        long errors() {
            return increments.errors() + reads.errors();
        }
    }

    private MixedLoad() {
    }

    /**
     * @param keys          already incremented once each, so every read finds its counter
     * @param ratePerSecond operations per second for both loops together, split by the read share; 0 for closed loops
     */
    static Result run(String name, ApiClient api, int clients, long operations, double readShare, List<String> keys,
                      double ratePerSecond) throws InterruptedException {
        if (clients < 2 || readShare <= 0 || readShare >= 1) {
            throw new IllegalArgumentException("a mixed load needs 2 or more clients and a read share between 0 and 1");
        }
        int readClients = Math.max(1, Math.min(clients - 1, (int) Math.round(clients * readShare)));
        long reads = Math.round(operations * readShare);
        LoadLoop incrementing = new LoadLoop(name + " increments", api, clients - readClients, operations - reads,
                n -> keys.get((int) (n % keys.size())));
        LoadLoop reading = new LoadLoop(name + " reads", readClients, reads,
                n -> keys.get((int) ((n * 7919) % keys.size())), api::read, 200);
        if (ratePerSecond > 0) {
            incrementing.paced(ratePerSecond * (1 - readShare));
            reading.paced(ratePerSecond * readShare);
        }
        long start = System.nanoTime();
        incrementing.start();
        reading.start();
        LoadResult incremented = incrementing.await();
        LoadResult read = reading.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(incremented, read, seconds, (incremented.accepted() + read.accepted()) / seconds);
    }
}
