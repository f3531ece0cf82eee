package dev.tally.processor.topology;

import dev.tally.domain.CounterKeys;
import dev.tally.domain.IncrementFormat;

/** The checks every increment passes before it is counted, whichever topic it came from. */
final class IncrementRules {

    static final String NO_KEY = "the record has no key";

    private IncrementRules() {
    }

    /**
     * @return the delta of an increment of {@code counterKey}
     * @throws IllegalArgumentException saying why the record cannot be counted (the dead-letter reason)
     */
    static long validDelta(String counterKey, String value) {
        return validDelta(counterKey, value, false);
    }

    /**
     * @return 0, the delta of a reset of {@code counterKey} (it moves the counter, not by a delta)
     * @throws IllegalArgumentException saying why the reset cannot be applied (the dead-letter reason)
     */
    static long validReset(String counterKey) {
        return validDelta(counterKey, "0", true);
    }

    /** @param zeroAllowed for merged hot-key sums, which may net to zero and still carry a position */
    static long validDelta(String counterKey, String value, boolean zeroAllowed) {
        if (counterKey == null) {
            throw new IllegalArgumentException(NO_KEY);
        }
        CounterKeys.problemWith(counterKey).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        if (zeroAllowed && "0".equals(value)) {
            return 0;
        }
        return IncrementFormat.decode(value);
    }
}
