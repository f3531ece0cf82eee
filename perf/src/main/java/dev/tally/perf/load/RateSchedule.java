package dev.tally.perf.load;

/** An open loop's timetable: request n is due {@code n / rate} seconds after the start. */
record RateSchedule(double ratePerSecond) {

    RateSchedule {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("a rate must be positive, not " + ratePerSecond);
        }
    }

    long offsetNanos(long index) {
        return (long) (index * 1e9 / ratePerSecond);
    }

    /** The first index due no earlier than {@code offsetNanos} after the start. */
    long firstDueAtOrAfter(long offsetNanos) {
        long index = (long) Math.ceil(offsetNanos * ratePerSecond / 1e9);
        // The double arithmetic may be one off either way.
        while (offsetNanos(index) < offsetNanos) {
            index++;
        }
        while (index > 0 && offsetNanos(index - 1) >= offsetNanos) {
            index--;
        }
        return index;
    }
}
