package dev.tally.domain;

/** Names every process agrees on: the topics on the data path and the Kafka Streams application. */
public final class Topics {

    /** Every accepted increment; key = counter key, value = the delta as decimal text. */
    public static final String INCREMENTS = "tally-increments";

    /**
     * Increments of hot keys, spilled by the ingest API so they cannot starve cold keys. Key = a
     * salted sub-key ({@link ExcessKeys}) so one hot key spreads over all partitions; value as above.
     */
    public static final String EXCESS = "tally-excess";

    /** Records the processor could not apply (unparseable, or a sum that would overflow 64 bits). */
    public static final String DEAD_LETTERS = "tally-dead-letters";

    /** Kafka Streams application id: the consumer group, and the prefix of the changelog topic. */
    public static final String PROCESSOR_APPLICATION_ID = "tally-processor";

    /** The RocksDB store of counts; its changelog is {@code tally-processor-counts-changelog}. */
    public static final String COUNTS_STORE = "counts";

    private Topics() {
    }
}
