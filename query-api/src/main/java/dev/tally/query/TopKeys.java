package dev.tally.query;

import dev.tally.server.http.WindowParams;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /top?n=10&window=1m}: the {@code n} keys with the most increments (each increment counts
 * once, whatever its delta) in the recent minutes, or with {@code window} in the current window of
 * that size. Counted by the processors, which see every increment (hot keys' included); every
 * partition's top n is asked of its first copy that answers, and merged here.
 */
final class TopKeys {

    /** One key of the answer. */
    record KeyIncrements(String key, long increments) {
    }

    /** The body: {@code window} is "recent" without the parameter. */
    record Top(String window, List<KeyIncrements> keys, int count) {
    }

    private final CounterReader reader;

    TopKeys(CounterReader reader) {
        this.reader = reader;
    }

    void get(Context ctx) {
        int n = WindowParams.topN(ctx.queryParam("n"));
        String window = ctx.queryParam("window");
        window = window == null || window.isBlank() ? null : window.strip();
        List<Map.Entry<String, Long>> merged = new ArrayList<>(reader.topCandidates(window, n).entrySet());
        merged.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<KeyIncrements> keys = merged.stream().limit(n).map(e -> new KeyIncrements(e.getKey(), e.getValue())).toList();
        ctx.json(new Top(window == null ? "recent" : window, keys, keys.size()));
    }
}
