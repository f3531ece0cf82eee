package dev.tally.perf.check;

import java.util.concurrent.ThreadLocalRandom;

/**
 * What makes one run's keys its own: every key a perf command writes starts with its command and
 * this id, so counters start at 0 and two runs on one shared stack (or one run after another)
 * never count into each other's keys.
 */
public record RunId(String value) {

    public RunId {
        if (value.isEmpty() || !value.matches("[a-z0-9]+")) {
            throw new IllegalArgumentException("a run id is lower-case letters and digits, not \"" + value + "\"");
        }
    }

    /** The start time in base 36 and a random suffix: two runs started in the same millisecond still differ. */
    public static RunId fresh() {
        return new RunId(Long.toString(System.currentTimeMillis(), 36)
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36));
    }

    /** {@code <command>-<run>-<phase>-}: the prefix of a phase's keys. */
    public String prefix(String command, String phase) {
        return command + "-" + value + "-" + phase + "-";
    }

    @Override
    public String toString() {
        return value;
    }
}
