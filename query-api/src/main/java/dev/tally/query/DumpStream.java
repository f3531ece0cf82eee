package dev.tally.query;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tally.domain.Json;
import dev.tally.domain.wire.ErrorBody;
import dev.tally.server.http.ApiException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * {@code GET /dump} as NDJSON ({@code Accept: application/x-ndjson} or {@code ?format=ndjson}): every
 * counter, one {@code {"key":…,"value":…}} line each, in key order, from {@code after} on when given.
 * The dump is walked page by page and each page written out before the next is asked for, so the API
 * holds one page (and each processor one page per partition) however many counters there are.
 *
 * <p>A failure before the first line is answered as any error (503 JSON). Once lines went out the
 * status is sent, so a page that cannot be read ends the stream with one error line
 * ({@code {"error":…,"message":…}}): a reader that meets a line with {@code error} has an incomplete dump.
 */
final class DumpStream {

    static final String NDJSON = "application/x-ndjson";
    /** Counters per page asked of the processors; large enough that the round trips do not dominate. */
    static final int PAGE = 2_000;

    private DumpStream() {
    }

    static boolean asked(Context ctx) {
        String accept = ctx.header("Accept");
        return "ndjson".equals(ctx.queryParam("format")) || accept != null && accept.contains(NDJSON);
    }

    static void write(Context ctx, CounterReader reader, String after) throws IOException {
        DumpPage page = reader.dumpPage(after, PAGE);
        ctx.status(200).contentType(NDJSON);
        OutputStream out = ctx.outputStream();
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
            json.setRootValueSeparator(null);
            while (true) {
                for (Map.Entry<String, Long> counter : page.counters().entrySet()) {
                    json.writeStartObject();
                    json.writeStringField("key", counter.getKey());
                    json.writeNumberField("value", counter.getValue());
                    json.writeEndObject();
                    json.writeRaw('\n');
                }
                json.flush();
                if (page.next() == null) {
                    return;
                }
                try {
                    page = reader.dumpPage(page.next(), PAGE);
                } catch (ApiException e) {
                    Json.MAPPER.writeValue(json, new ErrorBody(e.error(), e.getMessage() + " (the dump stopped after \""
                            + page.next() + "\"; ask again with after= that key)"));
                    json.writeRaw('\n');
                    return;
                }
            }
        }
    }
}
