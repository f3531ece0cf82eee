package dev.tally.domain;

/** The durations window sizes and retentions are written in: a whole number and s, m, h or d ({@code 30s}, {@code 1m}, {@code 7d}). */
public final class WindowDurations {

    private WindowDurations() {
    }

    /** @throws IllegalArgumentException naming {@code what} (a variable or parameter) and the text */
    public static long parseMs(String what, String text) {
        if (text == null || !text.matches("[1-9][0-9]{0,6}[smhd]")) {
            throw new IllegalArgumentException(what + " takes durations like 30s, 1m, 1h or 7d, got \""
                    + (text == null ? "" : text.length() <= 32 ? text : text.substring(0, 32) + "…") + "\"");
        }
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        long unit = switch (text.charAt(text.length() - 1)) {
            case 's' -> 1_000L;
            case 'm' -> 60_000L;
            case 'h' -> 3_600_000L;
            default -> 86_400_000L;
        };
        return amount * unit;
    }
}
