package dev.tally.processor.topology;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The header {@value #HEADER} of a merged hot-key sum: the excess partition it was summed on and the
 * offset of the last increment of its counter it includes. Every earlier increment of that counter
 * on that partition is included too (the aggregator sums them in offset order and forwards a sum
 * before starting the next), so the applier can record it as the counter's position there.
 */
record ExcessPosition(int partition, long offset) {

    static final String HEADER = "tally.excess-position";

    void addTo(Headers headers) {
        headers.add(HEADER, (partition + ":" + offset).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @return empty for a record that is not a merged sum
     * @throws IllegalArgumentException if the header is there but garbled (the record is dead-lettered)
     */
    static Optional<ExcessPosition> of(Headers headers) {
        Header header = headers.lastHeader(HEADER);
        if (header == null) {
            return Optional.empty();
        }
        String text = header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
        String[] parts = text.split(":", -1);
        try {
            if (parts.length == 2) {
                return Optional.of(new ExcessPosition(Integer.parseInt(parts[0]), Long.parseLong(parts[1])));
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("the header " + HEADER + " is not partition:offset but \"" + text + "\"");
    }
}
