package dev.tally.systemtest.support;

import java.util.List;
import java.util.Random;

/**
 * Random inputs for requests, drawn from one seeded {@link Random} so that a printed seed replays a
 * whole run: any code points (controls, surrogate pairs and the empty string included), whitespace,
 * path-breaking characters and over-long keys.
 */
public final class FuzzInputs {

    private static final List<String> TRICKY = List.of("a/b", "%", "..", ".", "a?b", "a#b", "ä", "日本語", "\uD83D\uDE00", "a+b", "\u0000x");
    private static final String SPACES = " \t\u00a0\u2003\n";

    private final Random random;
    private final String ownPrefix;

    /** @param ownPrefix put before most keys, so that the counts checked are the test's own */
    public FuzzInputs(Random random, String ownPrefix) {
        this.random = random;
        this.ownPrefix = ownPrefix;
    }

    /** A counter key: mostly the test's own with odd characters, sometimes whitespace only, foreign or very long. */
    public String key() {
        int pick = random.nextInt(12);
        if (pick < 6) {
            return ownPrefix + text(30);
        }
        if (pick < 8) {
            return text(30);
        }
        if (pick < 9) {
            return repeat(SPACES, 1 + random.nextInt(3));
        }
        if (pick < 11) {
            return ownPrefix + TRICKY.get(random.nextInt(TRICKY.size()));
        }
        StringBuilder longOne = new StringBuilder();
        for (int i = 200 + random.nextInt(401); i > 0; i--) {
            longOne.append((char) ('a' + random.nextInt(26)));
        }
        return longOne.toString();
    }

    /** Up to {@code maxLength} code points of any kind; one time in ten the empty string. */
    public String text(int maxLength) {
        if (random.nextInt(10) == 0) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (int i = 1 + random.nextInt(maxLength); i > 0; i--) {
            text.appendCodePoint(codePoint());
        }
        return text.toString();
    }

    private int codePoint() {
        return switch (random.nextInt(8)) {
            case 0 -> random.nextInt(0x20);                    // controls, NUL included
            case 1 -> 0x80 + random.nextInt(0x780);            // Latin and other two-byte UTF-8
            case 2 -> 0x800 + random.nextInt(0xD000);          // the rest of the BMP below the surrogates
            case 3 -> 0x10000 + random.nextInt(0x10000);       // astral: a surrogate pair in Java
            case 4 -> SPACES.charAt(random.nextInt(SPACES.length()));
            default -> 0x20 + random.nextInt(0x5F);            // printable ASCII, '%' '/' '?' '#' included
        };
    }

    private String repeat(String chars, int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append(chars.charAt(random.nextInt(chars.length())));
        }
        return out.toString();
    }
}
