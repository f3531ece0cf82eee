package dev.tally.domain;

/**
 * The value of a record on the increments topic: the delta as decimal text, so that
 * {@code bin/kafka-console-consumer.sh} shows it as it is and a hand-typed record is valid too.
 */
public final class IncrementFormat {

    private IncrementFormat() {
    }

    public static String encode(long delta) {
        return Long.toString(delta);
    }

    /** @throws IllegalArgumentException if the text is not a 64-bit integer or is zero */
    public static long decode(String value) {
        if (value == null) {
            throw new IllegalArgumentException("the record has no value");
        }
        long delta;
        try {
            delta = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the value is not a 64-bit integer: " + abbreviate(value));
        }
        if (delta == 0) {
            throw new IllegalArgumentException("the delta is zero");
        }
        return delta;
    }

    private static String abbreviate(String value) {
        return value.length() <= 64 ? '"' + value + '"' : '"' + value.substring(0, 64) + "…\"";
    }
}
