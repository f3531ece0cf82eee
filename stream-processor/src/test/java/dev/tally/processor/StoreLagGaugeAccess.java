package dev.tally.processor;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.function.Supplier;

/** Lets the internal API's tests (another package) build the store-lag gauge ProcessorMain wires in. */
public final class StoreLagGaugeAccess {

    private StoreLagGaugeAccess() {
    }

    public static Runnable of(MeterRegistry registry, Supplier<Map<Integer, Long>> lags) {
        return new StoreLagGauge(registry, lags);
    }
}
