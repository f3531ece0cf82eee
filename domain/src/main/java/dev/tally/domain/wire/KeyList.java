package dev.tally.domain.wire;

import java.util.List;

/** A list of counter keys: the body of {@code POST /counters} and of {@code POST /internal/counters}. */
public record KeyList(List<String> keys) {
}
