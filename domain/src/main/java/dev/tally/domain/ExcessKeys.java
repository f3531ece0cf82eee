package dev.tally.domain;

/**
 * Record keys on the excess topic: {@code <counter key>#<salt>}. The salt spreads one hot key's
 * increments over many partitions (and so processor threads); the processor sums each sub-key
 * and merges the sums back under the counter key. Readable in the console consumer as it is.
 */
public final class ExcessKeys {

    private static final char SEPARATOR = '#';

    private ExcessKeys() {
    }

    public static String salted(String counterKey, int salt) {
        return counterKey + SEPARATOR + salt;
    }

    /**
     * The counter key of a salted key: everything before the last '#', so counter keys that
     * contain '#' themselves still round-trip.
     *
     * @throws IllegalArgumentException if the key carries no salt
     */
    public static String counterKeyOf(String saltedKey) {
        int at = saltedKey == null ? -1 : saltedKey.lastIndexOf(SEPARATOR);
        if (at <= 0 || at == saltedKey.length() - 1 || !saltedKey.substring(at + 1).chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not a salted excess key: " + saltedKey);
        }
        return saltedKey.substring(0, at);
    }
}
