package dev.tally.processor.topology;

import dev.tally.processor.LogText;
import dev.tally.processor.ProcessorMetrics;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a processor of this topology rejects a record: forwarded, unchanged (same key, same
 * value, its own headers kept), to a dead-letter sink with the headers {@value #ERROR_HEADER} (why),
 * {@value #TOPIC_HEADER}, {@value #PARTITION_HEADER} and {@value #OFFSET_HEADER} (where it came from),
 * logged at WARN and counted; processing continues with the next record.
 *
 * <p>The source topic matters on replay: {@code k#3} from the excess topic is a salted key, while
 * on the increments topic it would be a (valid) counter key of its own.
 */
public final class DeadLetters {

    public static final String ERROR_HEADER = "tally.error";
    public static final String TOPIC_HEADER = "tally.source.topic";
    public static final String PARTITION_HEADER = "tally.source.partition";
    public static final String OFFSET_HEADER = "tally.source.offset";

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final ProcessorContext<String, String> context;
    private final String sink;
    private final ProcessorMetrics metrics;

    /** @param sink the child node of the processor that writes to the dead-letter topic */
    DeadLetters(ProcessorContext<String, String> context, String sink, ProcessorMetrics metrics) {
        this.context = context;
        this.sink = sink;
        this.metrics = metrics;
    }

    /**
     * @param kind   the bounded reason the dead letters are counted by
     * @param detail added to the log line only, not to the header
     */
    void send(Record<String, String> record, ProcessorMetrics.DeadLetterReason kind, String reason, String detail) {
        // A copy: the input record's headers belong to the record being processed. A replayed
        // dead letter carries our headers already; it gets the new ones, not two of each.
        Headers headers = new RecordHeaders(record.headers().toArray());
        headers.remove(ERROR_HEADER);
        headers.remove(TOPIC_HEADER);
        headers.remove(PARTITION_HEADER);
        headers.remove(OFFSET_HEADER);
        headers.add(ERROR_HEADER, utf8(reason));
        Optional<RecordMetadata> source = context.recordMetadata();
        source.ifPresent(meta -> {
            headers.add(TOPIC_HEADER, utf8(meta.topic()));
            headers.add(PARTITION_HEADER, utf8(Integer.toString(meta.partition())));
            headers.add(OFFSET_HEADER, utf8(Long.toString(meta.offset())));
        });
        log.warn("dead-letter: record {} key={} rejected: {}{}",
                source.map(meta -> meta.topic() + "-" + meta.partition() + "@" + meta.offset()).orElse("?"),
                LogText.printable(record.key()), LogText.escaped(reason), detail);
        context.forward(record.withHeaders(headers), sink);
        metrics.countDeadLetter(kind);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
