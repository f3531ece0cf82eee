package dev.tally.perf.load;

/** How many requests failed with one {@link ErrorKind}, and the message of the first. */
public record ErrorCount(long count, String firstMessage) {

    ErrorCount plus(ErrorCount other) {
        return new ErrorCount(count + other.count, firstMessage != null ? firstMessage : other.firstMessage);
    }
}
