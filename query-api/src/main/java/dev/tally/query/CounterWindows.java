package dev.tally.query;

import dev.tally.domain.CounterKeys;
import dev.tally.domain.wire.LocalWindows;
import dev.tally.server.http.ApiException;
import dev.tally.server.http.WindowParams;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /counter/{key}/windows?size=1m&from=…&to=…}: the key's series in tumbling windows of one
 * configured size (WINDOWS on the processors): every window whose start lies in [from, to], 0 where
 * nothing was added; from and to are ISO-8601 instants or epoch milliseconds, by default the last 60
 * windows up to now. Read from the key's partition like a single counter (active copy, then standby).
 */
final class CounterWindows {

    /** One window of the series. */
    record Window(String start, String end, long value) {
    }

    /** The body. */
    record Series(String key, String size, String from, String to, int partition, String instance, String role, Long lag,
                  List<Window> windows) {
    }

    private final CounterReader reader;

    CounterWindows(CounterReader reader) {
        this.reader = reader;
    }

    void get(Context ctx) {
        String key = ctx.pathParam("key");
        CounterKeys.problemWith(key).ifPresent(problem -> {
            throw ApiException.badRequest("invalid_key", problem);
        });
        WindowParams.Range range = WindowParams.range(ctx.queryParam("size"), ctx.queryParam("from"), ctx.queryParam("to"),
                System.currentTimeMillis());
        LocalWindows local = reader.windows(key, range);
        List<Window> windows = local.windows().stream()
                .map(w -> new Window(iso(w.start()), iso(w.start() + local.sizeMs()), w.value()))
                .toList();
        ctx.json(new Series(key, local.size(), iso(range.fromMs()), iso(range.toMs()), local.partition(), local.instance(),
                local.role(), local.lag(), windows));
    }

    private static String iso(long epochMs) {
        return Instant.ofEpochMilli(epochMs).toString();
    }
}
