package dev.tally.processor;

import dev.tally.common.CounterKeys;
import dev.tally.common.IncrementFormat;
import dev.tally.common.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds each increment into the count of its key in the {@link Topics#COUNTS_STORE} store.
 *
 * <p>A record that cannot be applied is forwarded, unchanged (same key, same value), to the
 * dead-letter sink with the headers {@value #ERROR_HEADER} (why), {@value #PARTITION_HEADER} and
 * {@value #OFFSET_HEADER} (where it came from), and processing continues with the next record.
 * Such records are: a null or invalid key ({@link CounterKeys#problemWith}), a value that
 * {@link IncrementFormat#decode} refuses (missing, not a 64-bit integer, zero), and an overflow.
 *
 * <p><b>Overflow:</b> an increment whose sum with the current count would leave the signed 64-bit
 * range is <em>not applied</em>: the counter keeps its value and the record goes to the dead-letter
 * topic with the reason {@value #OVERFLOW}. A count never wraps around and never saturates silently
 * at {@link Long#MAX_VALUE} / {@link Long#MIN_VALUE}; a later increment that fits is applied normally.
 */
public final class CountApplier implements Processor<String, String, String, String> {

    public static final String ERROR_HEADER = "tally.error";
    public static final String PARTITION_HEADER = "tally.source.partition";
    public static final String OFFSET_HEADER = "tally.source.offset";
    public static final String OVERFLOW = "overflow";

    private static final Logger log = LoggerFactory.getLogger(CountApplier.class);

    private ProcessorContext<String, String> context;
    private KeyValueStore<String, Long> counts;

    @Override
    public void init(ProcessorContext<String, String> context) {
        this.context = context;
        this.counts = context.getStateStore(Topics.COUNTS_STORE);
    }

    @Override
    public void process(Record<String, String> record) {
        String key = record.key();
        if (key == null) {
            deadLetter(record, "the record has no key", "");
            return;
        }
        Optional<String> keyProblem = CounterKeys.problemWith(key);
        if (keyProblem.isPresent()) {
            deadLetter(record, keyProblem.get(), "");
            return;
        }
        long delta;
        try {
            delta = IncrementFormat.decode(record.value());
        } catch (IllegalArgumentException e) {
            deadLetter(record, e.getMessage(), "");
            return;
        }
        Long stored = counts.get(key);
        long current = stored == null ? 0L : stored;
        long updated;
        try {
            updated = Math.addExact(current, delta);
        } catch (ArithmeticException e) {
            deadLetter(record, OVERFLOW, " (the count is " + current + ", the delta " + delta + ")");
            return;
        }
        counts.put(key, updated);
    }

    /** @param detail added to the log line only, not to the header */
    private void deadLetter(Record<String, String> record, String reason, String detail) {
        // A copy: the input record's headers belong to the record being processed. A replayed
        // dead letter carries our headers already; it gets the new ones, not two of each.
        Headers headers = new RecordHeaders(record.headers().toArray());
        headers.remove(ERROR_HEADER);
        headers.remove(PARTITION_HEADER);
        headers.remove(OFFSET_HEADER);
        headers.add(ERROR_HEADER, utf8(reason));
        Optional<RecordMetadata> source = context.recordMetadata();
        source.ifPresent(meta -> {
            headers.add(PARTITION_HEADER, utf8(Integer.toString(meta.partition())));
            headers.add(OFFSET_HEADER, utf8(Long.toString(meta.offset())));
        });
        log.warn("dead-letter: record {} key={} rejected: {}{}",
                source.map(meta -> meta.topic() + "-" + meta.partition() + "@" + meta.offset()).orElse("?"),
                printable(record.key()), escaped(reason), detail);
        context.forward(record.withHeaders(headers));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The key as a log can show it: quoted, cut at 80 characters, control characters escaped. */
    private static String printable(String key) {
        if (key == null) {
            return "null";
        }
        return '"' + escaped(key.length() <= 80 ? key : key.substring(0, 80) + "…") + '"';
    }

    /** Record contents may hold line breaks; a log line must not. */
    private static String escaped(String text) {
        StringBuilder shown = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                shown.append(String.format("\\u%04x", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return shown.toString();
    }
}
