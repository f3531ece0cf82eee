package dev.tally.compose.stack;

/**
 * One line of {@code bin/tally status}.
 *
 * @param metricsUrl where Prometheus scrapes the process (null for Kafka's own processes)
 */
public record StatusRow(Instance instance, Long pid, int port, boolean up, String detail, String metricsUrl) {
}
