package dev.tally.domain.wire;

import java.util.List;

/** A processor's answers for several keys at once, in the order they were asked. */
public record LocalCounts(List<LocalCount> counts) {
}
