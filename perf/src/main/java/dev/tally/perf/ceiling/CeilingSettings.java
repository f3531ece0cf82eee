package dev.tally.perf.ceiling;

import dev.tally.perf.stack.ProducerPerf;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** How much {@code perf ceiling} measures: its ladders, durations and sizes, and what {@code --quick} makes of them. */
public final class CeilingSettings {

    @Option(names = "--min-concurrency", defaultValue = "64", description = "First closed-loop step of (a), (b), (c) and (r). Default ${DEFAULT-VALUE}.")
    int minConcurrency;

    @Option(names = "--max-concurrency", defaultValue = "4096", description = "Last step, doubling from the first. Default ${DEFAULT-VALUE}.")
    int maxConcurrency;

    @Option(names = "--batch-min-concurrency", defaultValue = "4",
            description = "First step of (d), in batches in flight: each carries --batch-size increments. Default ${DEFAULT-VALUE}.")
    int batchMinConcurrency;

    @Option(names = "--batch-max-concurrency", defaultValue = "256", description = "Last step of (d). Default ${DEFAULT-VALUE}.")
    int batchMaxConcurrency;

    @Option(names = "--min-gain", defaultValue = "0.05",
            description = "A step must beat the best so far by this share to count as growth. Default ${DEFAULT-VALUE}.")
    double minGain;

    @Option(names = "--misses", defaultValue = "2", description = "Steps in a row without growth that end a line. Default ${DEFAULT-VALUE}.")
    int misses;

    @Option(names = "--step-seconds", defaultValue = "8", description = "Measured seconds of each step. Default ${DEFAULT-VALUE}.")
    double stepSeconds;

    @Option(names = "--step-warm-up-seconds", defaultValue = "1",
            description = "Unmeasured start of each step and curve point, while its connections open. Default ${DEFAULT-VALUE}.")
    double stepWarmUpSeconds;

    @Option(names = "--stack-warm-up-seconds", defaultValue = "240",
            description = {"Unmeasured single increments at 256 connections before any line: every JVM of the stack compiles",
                    "its hot code under load first (measured on a fresh default stack: 196 increments/s in the first 30 s,",
                    "6,100/s after two and a half minutes, flat after three). Default ${DEFAULT-VALUE}."})
    double stackWarmUpSeconds;

    @Option(names = "--line-warm-up-seconds", defaultValue = "10",
            description = "Unmeasured pass before each line's first step (a stack measured cold answered a third of its warm rate). Default ${DEFAULT-VALUE}.")
    double lineWarmUpSeconds;

    @Option(names = "--rates-from", defaultValue = "250",
            description = "First open-loop rate of the single-increment and read curves, doubling. Default ${DEFAULT-VALUE}/s.")
    double ratesFrom;

    @Option(names = "--batch-rates-from", defaultValue = "10",
            description = "First rate of the batch curve, in batch requests/s, doubling. Default ${DEFAULT-VALUE}/s.")
    double batchRatesFrom;

    @Option(names = "--max-rate", defaultValue = "128000", description = "No curve offers more requests/s than this. Default ${DEFAULT-VALUE}.")
    double maxRate;

    @Option(names = "--max-curve-points", defaultValue = "12", description = "Rates per curve at most. Default ${DEFAULT-VALUE}.")
    int maxCurvePoints;

    @Option(names = "--curve-seconds", defaultValue = "8", description = "Measured seconds of each curve point. Default ${DEFAULT-VALUE}.")
    double curveSeconds;

    @Option(names = "--p99-limit-ms", defaultValue = "1000",
            description = "A curve ends at the rate whose p99 passes this, or whose achieved rate falls 10 %% short. Default ${DEFAULT-VALUE}.")
    double p99LimitMs;

    @Option(names = "--batch-size", defaultValue = "500", description = "Increments per batch request. Default ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--keys", defaultValue = "50000", description = "Distinct counters of (c), and of (d), scattered over. Default ${DEFAULT-VALUE}.")
    int keys;

    @Option(names = "--producer-records", defaultValue = "2000000", description = "Records ProducerPerformance sends in (e). Default ${DEFAULT-VALUE}.")
    long producerRecords;

    @Option(names = "--producer-linger-ms", defaultValue = "20", description = "linger.ms of ProducerPerformance. Default ${DEFAULT-VALUE}.")
    int producerLingerMs;

    @Option(names = "--producer-batch-bytes", defaultValue = "262144", description = "batch.size of ProducerPerformance. Default ${DEFAULT-VALUE}.")
    int producerBatchBytes;

    @Option(names = "--linger-ms", defaultValue = "20", description = "LINGER_MS of the API of a stack started. Default ${DEFAULT-VALUE}.")
    int lingerMs;

    @Option(names = "--event-loops", defaultValue = "1", description = "The load generator's threads. Default ${DEFAULT-VALUE}.")
    int eventLoops;

    @Option(names = "--quick", description = "A smoke run, not a measurement: 2 concurrency steps (32, 64; batches 2, 4) of 1.5 s, "
            + "2 rates per curve, 2,000 keys, batches of 100, 20,000 ProducerPerformance records.")
    boolean quick;

    void validate() {
        if (quick) {
            minConcurrency = 32;
            maxConcurrency = 64;
            batchMinConcurrency = 2;
            batchMaxConcurrency = 4;
            stepSeconds = 1.5;
            stepWarmUpSeconds = 0.3;
            lineWarmUpSeconds = 1;
            stackWarmUpSeconds = 1;
            curveSeconds = 1.5;
            ratesFrom = 100;
            batchRatesFrom = 5;
            maxCurvePoints = 2;
            keys = 2_000;
            batchSize = 100;
            producerRecords = 20_000;
        }
        if (minConcurrency < 1 || batchMinConcurrency < 1 || batchSize < 1 || keys < 1 || producerRecords < 1
                || stepSeconds <= 0 || curveSeconds <= 0 || ratesFrom <= 0 || batchRatesFrom <= 0 || maxCurvePoints < 1
                || misses < 1 || minGain < 0 || eventLoops < 1) {
            throw new IllegalArgumentException("counts, rates and durations must be positive, --min-gain >= 0");
        }
    }

    List<Integer> ladder() {
        return KneeSearch.doubling(minConcurrency, maxConcurrency);
    }

    List<Integer> batchLadder() {
        return KneeSearch.doubling(batchMinConcurrency, batchMaxConcurrency);
    }

    RateLadder rates(double from) {
        return new RateLadder(from, maxRate, maxCurvePoints, 0.9, p99LimitMs);
    }

    CeilingRunner.Timing timing() {
        return new CeilingRunner.Timing(seconds(stackWarmUpSeconds), seconds(lineWarmUpSeconds), seconds(stepWarmUpSeconds), seconds(stepSeconds),
                seconds(curveSeconds));
    }

    ProducerPerf.Tuning producerTuning() {
        return new ProducerPerf.Tuning(producerLingerMs, producerBatchBytes);
    }

    private static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
