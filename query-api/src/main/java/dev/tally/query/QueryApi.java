package dev.tally.query;

import dev.tally.common.CounterKeys;
import dev.tally.common.http.ApiException;
import dev.tally.common.wire.LocalCount;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /counter/{key}} and {@code GET /dump}: answered from the processors' local stores via
 * whichever copy is reachable (see {@link RoutedCounterReader}).
 */
public final class QueryApi implements AutoCloseable {

    /** The body of {@code GET /counter/{key}}. */
    public record CounterValue(String key, long value, int partition, String instance, String role) {
    }

    /** The body of {@code GET /dump}: every counter, sorted by key. */
    public record CounterDump(Map<String, Long> counters, int count) {
    }

    private final CounterReader reader;

    public QueryApi(CounterReader reader) {
        this.reader = reader;
    }

    /** HTTP to the processors named in the config; {@link #close()} releases the client. */
    public static QueryApi fromConfig(QueryConfig config) {
        return new QueryApi(RoutedCounterReader.fromConfig(config));
    }

    /** The processors behind the reads, for {@code GET /status}. */
    public List<ProcessorView> processors() {
        return reader.processors();
    }

    public void addRoutes(RoutesConfig routes) {
        routes.get("/counter/{key}", this::counter);
        routes.get("/dump", this::dump);
    }

    private void counter(Context ctx) {
        String key = ctx.pathParam("key");
        CounterKeys.problemWith(key).ifPresent(problem -> {
            throw ApiException.badRequest("invalid_key", problem);
        });
        LocalCount count = reader.read(key);
        ctx.json(new CounterValue(count.key(), count.value(), count.partition(), count.instance(), count.role()));
    }

    private void dump(Context ctx) {
        Map<String, Long> counters = new TreeMap<>(reader.dumpAll());
        ctx.json(new CounterDump(counters, counters.size()));
    }

    @Override
    public void close() {
        reader.close();
    }
}
