package dev.tally.server.http;

import dev.tally.domain.Json;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.json.JavalinJackson;

/** What every tally HTTP server (the API, a processor's internal API) is set up with, whatever it serves. */
public final class JsonServer {

    /** See {@link #configure}: a few answers' worth, small enough that a buffer per answer costs little. */
    static final int RESPONSE_BUFFER_BYTES = 4096;

    /**
     * See {@link #configure}: room, in trie rows (about one per character), for the few header fields
     * one client repeats on its connection, such as its Host and User-Agent.
     */
    static final int HEADER_CACHE_ROWS = 128;

    private JsonServer() {
    }

    /** Call first in {@code Javalin.create(config -> …)}; then add routes, then {@link JsonErrors#install}. */
    public static void configure(JavalinConfig config) {
        // The same mapper as every other tally process, so both ends agree on the wire records.
        config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
        // Every answer is a small JSON document; compressing is a proxy's job, and checking each response
        // for it cost ~5 % of the API's CPU on the increment path.
        config.http.compressionStrategy = CompressionStrategy.NONE;
        // Javalin copies every answer to the client through a new buffer of this size (and Jetty
        // aggregates its output in pooled buffers of it). At Jetty's 32 KiB that buffer was most of what
        // the API allocated (an answer here is a few hundred bytes), and the garbage set the rate of
        // young collections, whose pauses every request in flight waits out. Larger answers (dump
        // pages, the dashboard's files) go out in chunks of this size.
        config.http.responseBufferSize = RESPONSE_BUFFER_BYTES;
        // Jetty's parser keeps a cache of the header fields each connection has sent, sized by default
        // for 1,024 trie rows of 48 characters: 98 KB per connection, allocated on its first request and
        // held while it is open. At 4,096 keep-alive connections that was 400 MB of the API's 512 MB heap,
        // and the API spent its time in back-to-back full collections. A client sends the same few
        // fields on every request, which an eighth of the rows holds.
        config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheSize(HEADER_CACHE_ROWS));
        // What Jetty refuses before routing (undecodable URI, 414, 431) is answered in JSON too.
        config.jetty.modifyServer(server -> server.setErrorHandler(new JettyJsonErrors()));
        // Jetty remembers a filter chain per request path and empties the whole cache once it holds
        // 1,024 paths: with one path per counter that is a clear every thousand reads, on a map every
        // request locks (profiled as a contention site). One servlet, no per-path filters: no cache.
        config.jetty.modifyServletContextHandler(handler -> handler.getServletHandler().setFilterChainsCached(false));
    }
}
