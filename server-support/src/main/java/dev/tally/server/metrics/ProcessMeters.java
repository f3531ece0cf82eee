package dev.tally.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The one meter registry of a tally process: everything {@code GET /metrics} shows, and what the
 * JSON endpoints ({@code /status}, {@code /consistency-metrics}, {@code /internal/stats}) read their
 * figures from, so the two views can never disagree.
 */
public final class ProcessMeters {

    private ProcessMeters() {
    }

    /**
     * A Prometheus registry with the JVM's meters (memory, GC, threads, classes, CPU, uptime, open files).
     *
     * @param component "api" or "processor": the {@code component} tag of every meter, so one Prometheus
     *                  job can scrape both kinds of process and still tell them apart
     * @param tags      more tags every meter carries, as name/value pairs (a processor's own name)
     */
    public static PrometheusMeterRegistry create(String component, String... tags) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("component", component).commonTags(tags);
        bindJvm(registry);
        return registry;
    }

    static void bindJvm(MeterRegistry registry) {
        new JvmMemoryMetrics().bindTo(registry);
        // Never closed: it listens for GC notifications for as long as the process lives.
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }
}
