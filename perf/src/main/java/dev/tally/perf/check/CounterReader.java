package dev.tally.perf.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.client.api.Reply;
import dev.tally.client.api.TallyClient;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** How a count check reads the counters back: one read per key, or one {@code GET /dump} for many. */
@FunctionalInterface
public interface CounterReader {

    /** A key that could not be read (say a 503 while a partition moves): not a verdict, it is read again. */
    long UNREADABLE = -1;

    /** The current value of each of these keys, {@link #UNREADABLE} where it could not be read. */
    Map<String, Long> read(Collection<String> keys);

    /**
     * Through the API: up to {@code perKeyUpTo} keys one {@code GET /counter/{key}} each (what a
     * client sees, routing included); beyond that one {@code GET /dump}, since thousands of
     * sequential reads would take longer than the load they check.
     */
    static CounterReader of(TallyClient api, int perKeyUpTo) {
        return keys -> keys.size() <= perKeyUpTo ? readEach(api, keys) : readDump(api, keys);
    }

    private static Map<String, Long> readEach(TallyClient api, Collection<String> keys) {
        Map<String, Long> values = new HashMap<>();
        for (String key : keys) {
            Reply reply = api.read(key);
            values.put(key, reply.status() == 200 ? reply.value() : UNREADABLE);
        }
        return values;
    }

    /** A key missing from the dump has never been written, which is 0 (the API's own answer for it). */
    private static Map<String, Long> readDump(TallyClient api, Collection<String> keys) {
        Reply dump = api.dump();
        JsonNode counters = dump.status() == 200 ? dump.json().path("counters") : null;
        Map<String, Long> values = new HashMap<>();
        for (String key : keys) {
            values.put(key, counters == null ? UNREADABLE : counters.path(key).asLong(0));
        }
        return values;
    }
}
