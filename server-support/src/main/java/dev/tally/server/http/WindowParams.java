package dev.tally.server.http;

import dev.tally.domain.WindowDurations;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The parameters of the window routes ({@code GET /counter/{key}/windows}, {@code GET /top}), refused
 * with the same 400s by the API and the processors.
 */
public final class WindowParams {

    /** The most windows one series answers: its values are held in memory in the processor and the API. */
    public static final int MAX_WINDOWS = 10_000;
    /** Windows answered when {@code from} is not given: the last hour of minutes, the last 60 hours, … */
    public static final int DEFAULT_WINDOWS = 60;
    public static final int MAX_TOP = 1_000;
    public static final int DEFAULT_TOP = 10;

    /** A series asked for: windows of {@code sizeMs} whose starts lie in [fromMs, toMs]. */
    public record Range(String size, long sizeMs, long fromMs, long toMs) {

        public long firstStart() {
            return Math.floorDiv(fromMs, sizeMs) * sizeMs;
        }

        public long lastStart() {
            return Math.floorDiv(toMs, sizeMs) * sizeMs;
        }
    }

    private WindowParams() {
    }

    /**
     * @param size ?size= (required), e.g. {@code 1m}
     * @param from ?from=, ISO-8601 or epoch milliseconds; default {@value #DEFAULT_WINDOWS} windows before {@code to}
     * @param to   ?to=, likewise; default now
     * @throws ApiException 400 {@code invalid_size}, {@code invalid_time}, {@code invalid_range}, {@code too_many_windows}
     */
    public static Range range(String size, String from, String to, long nowMs) {
        if (size == null || size.isBlank()) {
            throw ApiException.badRequest("invalid_size", "name the window size: ?size=1m");
        }
        long sizeMs;
        try {
            sizeMs = WindowDurations.parseMs("size", size.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_size", e.getMessage());
        }
        long toMs = to == null || to.isBlank() ? nowMs : time("to", to);
        long fromMs = from == null || from.isBlank() ? toMs - (DEFAULT_WINDOWS - 1) * sizeMs : time("from", from);
        if (fromMs > toMs) {
            throw ApiException.badRequest("invalid_range", "from must not be after to");
        }
        Range range = new Range(size.strip(), sizeMs, fromMs, toMs);
        if ((range.lastStart() - range.firstStart()) / sizeMs + 1 > MAX_WINDOWS) {
            throw ApiException.badRequest("too_many_windows", "at most " + MAX_WINDOWS + " windows per request; narrow from..to");
        }
        return range;
    }

    /** @throws ApiException 400 {@code invalid_n} outside 1..{@value #MAX_TOP} */
    public static int topN(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_TOP;
        }
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 1 && n <= MAX_TOP) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("invalid_n", "n must be a whole number from 1 to " + MAX_TOP);
    }

    /** ISO-8601 ({@code 2026-12-02T20:15:00Z}) or epoch milliseconds. */
    static long time(String name, String text) {
        String value = text.strip();
        if (value.matches("-?[0-9]{1,15}")) {
            return Long.parseLong(value);
        }
        try {
            return Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("invalid_time", name + " must be an ISO-8601 instant (2026-12-02T20:15:00Z) or epoch milliseconds, got \""
                    + (value.length() <= 40 ? value : value.substring(0, 40) + "…") + "\"");
        }
    }
}
