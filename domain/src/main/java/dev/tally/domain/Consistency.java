package dev.tally.domain;

import java.util.Locale;

/**
 * The consistency level a client asks for with {@code ?consistency=}.
 * <ul>
 *   <li>Writes. {@code strong}, the default: acks=all, so the increment is on min.insync.replicas
 *       brokers before the 202. {@code eventual}: acks=1, only the leader has it at the 202; faster,
 *       but if the leader dies before a follower copied it, the increment is lost.</li>
 *   <li>Reads. {@code strong}: only the active copy answers (503 when it is unavailable).
 *       {@code eventual}, the default: any copy, with its lag in the answer; {@code max_lag=N}
 *       bounds how far behind it may be.</li>
 * </ul>
 */
public enum Consistency {
    STRONG, EVENTUAL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the two levels, for any other text */
    public static Consistency parse(String text, Consistency fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        for (Consistency c : values()) {
            if (c.label().equalsIgnoreCase(text.strip())) {
                return c;
            }
        }
        throw new IllegalArgumentException("consistency must be strong or eventual, got \""
                + (text.length() > 32 ? text.substring(0, 32) + "…" : text) + "\"");
    }
}
