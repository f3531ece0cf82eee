package dev.tally.perf.scenario;

import dev.tally.perf.load.LoadGenerator;
import dev.tally.perf.load.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Several loads at once, each its own generator run on its own event loop, e.g. reads beside
 * increments or cold keys beside a hot one: each keeps its own latencies and CPU share.
 */
final class Concurrently {

    private Concurrently() {
    }

    static List<RunResult> run(List<LoadGenerator> loads) throws InterruptedException {
        ExecutorService threads = Executors.newFixedThreadPool(loads.size());
        try {
            List<Future<RunResult>> running = new ArrayList<>();
            for (LoadGenerator load : loads) {
                running.add(threads.submit(load::run));
            }
            List<RunResult> results = new ArrayList<>();
            for (Future<RunResult> run : running) {
                results.add(run.get());
            }
            return results;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } finally {
            threads.shutdownNow();
        }
    }
}
