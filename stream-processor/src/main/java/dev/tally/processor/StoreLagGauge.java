package dev.tally.processor;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code tally_processor_store_lag{partition}}: how many changelog records this instance's copy of
 * each counts-store partition it holds is behind (0 for a running active copy). The partitions held
 * change with every rebalance, so the series are rebuilt before each scrape: a partition given away
 * disappears instead of reporting its last lag for ever.
 */
final class StoreLagGauge implements Runnable {

    private final MultiGauge gauge;
    private final Supplier<Map<Integer, Long>> lags;

    StoreLagGauge(MeterRegistry registry, Supplier<Map<Integer, Long>> lags) {
        this.gauge = MultiGauge.builder("tally.processor.store.lag")
                .description("changelog records the local copy of a counts-store partition is behind").register(registry);
        this.lags = lags;
    }

    @Override
    public void run() {
        gauge.register(lags.get().entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("partition", Integer.toString(e.getKey())), e.getValue()))
                .toList(), true);
    }
}
