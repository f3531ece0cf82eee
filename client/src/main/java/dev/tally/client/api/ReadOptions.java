package dev.tally.client.api;

import java.util.ArrayList;
import java.util.List;

/**
 * What a read asks of the copy that answers it ({@code GET /counter/{key}?…}); every field optional.
 *
 * @param consistency {@code eventual} (any copy, the API's default) or {@code strong} (the active copy only)
 * @param maxLag      only a copy at most this many changelog records behind
 * @param after       the token of a 202: only a value that includes that write
 */
public record ReadOptions(String consistency, Long maxLag, String after) {

    public static final ReadOptions ANY = new ReadOptions(null, null, null);

    public static ReadOptions after(String token) {
        return new ReadOptions(null, null, token);
    }

    public static ReadOptions consistency(String level) {
        return new ReadOptions(level, null, null);
    }

    public static ReadOptions maxLag(long records) {
        return new ReadOptions(null, records, null);
    }

    String query() {
        List<String> query = new ArrayList<>();
        if (consistency != null) {
            query.add("consistency=" + Paths.query(consistency));
        }
        if (maxLag != null) {
            query.add("max_lag=" + maxLag);
        }
        if (after != null) {
            query.add("after=" + Paths.query(after));
        }
        return query.isEmpty() ? "" : "?" + String.join("&", query);
    }
}
