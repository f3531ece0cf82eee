package dev.tally.domain;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * How a reset ({@code DELETE /counter/{key}}) travels through the logs. The ingest API first appends
 * a <em>marker</em> to every partition of the excess topic (key = the counter key, value
 * {@value #VALUE}, header {@value #HEADER} empty), then the <em>reset</em> itself to the counter's
 * increments partition (same key and value, header {@value #HEADER} = the markers' offsets as
 * {@code partition:offset,…}), and answers 202 once both are acknowledged.
 *
 * <p>The markers' offsets are the reset's <em>cuts</em> on the excess topic: a hot key's increment
 * acknowledged before the reset was asked for sits below the cut of its partition, one sent after
 * the 202 above it. The processor's aggregator merges a key's pending sum when it meets the key's
 * marker, so no merged sum spans a cut, and the applier drops merged sums below the cuts of the
 * last reset it applied, wherever they arrive relative to the reset in the increments topic.
 *
 * <p>The value {@value #VALUE} is not a number, so a processor that does not know resets
 * dead-letters the record instead of counting it.
 */
public final class ResetRecords {

    public static final String HEADER = "tally.reset";
    public static final String VALUE = "reset";

    private ResetRecords() {
    }

    /** {@code 0:17,3:5}: excess partition → the offset of the reset's marker there. */
    public static String encodeCuts(Map<Integer, Long> cuts) {
        return new TreeMap<>(cuts).entrySet().stream()
                .map(cut -> cut.getKey() + ":" + cut.getValue())
                .collect(Collectors.joining(","));
    }

    /** @throws IllegalArgumentException if the text is not what {@link #encodeCuts} writes */
    public static Map<Integer, Long> decodeCuts(String text) {
        Map<Integer, Long> cuts = new TreeMap<>();
        if (text.isEmpty()) {
            return cuts;
        }
        for (String item : text.split(",", -1)) {
            String[] parts = item.split(":", -1);
            try {
                if (parts.length == 2) {
                    cuts.put(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
                    continue;
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw new IllegalArgumentException("the header " + HEADER + " is not partition:offset,… but \"" + text + "\"");
        }
        return cuts;
    }

    /**
     * @return the header's text (empty for a marker), or empty if the record is no reset
     * @throws IllegalArgumentException if the header is there but the value is not {@value #VALUE}
     */
    public static Optional<String> headerOf(Headers headers, String value) {
        Header header = headers.lastHeader(HEADER);
        if (header == null) {
            return Optional.empty();
        }
        if (!VALUE.equals(value)) {
            throw new IllegalArgumentException("a record with the header " + HEADER + " must have the value " + VALUE);
        }
        return Optional.of(header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
    }
}
