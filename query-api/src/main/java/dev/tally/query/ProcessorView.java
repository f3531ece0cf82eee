package dev.tally.query;

import dev.tally.domain.wire.ProcessorStats;
import java.util.List;

/**
 * A processor instance as {@code GET /status} shows it.
 *
 * @param endpoint its {@code host:port}
 * @param stats    null when it did not answer; {@code error} says why
 */
public record ProcessorView(String endpoint, List<Integer> active, List<Integer> standby, ProcessorStats stats, String error) {
}
