package dev.tally.perf.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/**
 * The answer that ended one request, as a {@link ResponseListener} sees it. The body is read from
 * the connection's buffer only when {@link #body} or {@link #bodyText} asks for it, so listeners
 * that only count statuses cost no copy; it can be read only during the listener's call.
 */
public final class LoadResponse {

    private final long index;
    private final int status;
    private final boolean warmUp;
    private final long dueNanos;
    private final long latencyNanos;
    private final long serviceTimeNanos;
    private final int attempts;
    private ByteBuf content;
    private HttpHeaders headers;

    LoadResponse(Exchange exchange, int status, HttpHeaders headers, ByteBuf content, long nowNanos) {
        this.index = exchange.index;
        this.status = status;
        this.warmUp = exchange.warmUp;
        this.dueNanos = exchange.dueNanos;
        this.latencyNanos = nowNanos - exchange.dueNanos;
        this.serviceTimeNanos = nowNanos - exchange.sentNanos;
        this.attempts = exchange.attempts;
        this.content = content;
        this.headers = headers;
    }

    /** The index the {@link RequestSource} was given for this request. */
    public long index() {
        return index;
    }

    public int status() {
        return status;
    }

    /** Whether the request was part of the unmeasured warm-up. */
    public boolean warmUp() {
        return warmUp;
    }

    /**
     * When the request was due (open loop) or first sent (closed loop), on the {@link System#nanoTime}
     * clock: where its latency counts from.
     */
    public long dueNanos() {
        return dueNanos;
    }

    /**
     * From when the request was due (open loop) or first sent (closed loop) to this answer, back-offs
     * and retries after 429s included: what a caller of the service waits.
     */
    public long latencyNanos() {
        return latencyNanos;
    }

    /** From when the answered attempt was written to the connection to this answer: what the service took. */
    public long serviceTimeNanos() {
        return serviceTimeNanos;
    }

    /** The sends that reached a connection: 1, plus one for each retry after an answer (a 429, say). */
    public int attempts() {
        return attempts;
    }

    public byte[] body() {
        return ByteBufUtil.getBytes(readableContent());
    }

    public String bodyText() {
        return readableContent().toString(StandardCharsets.UTF_8);
    }

    /** A header of the answer (e.g. {@code Idempotent-Replay}), null if it has none; only during the listener's call. */
    public String header(String name) {
        if (headers == null) {
            throw new IllegalStateException("a response's headers can be read only during the listener's call");
        }
        return headers.get(name);
    }

    /** Called once the listener returned: the buffer goes back to the connection's pool. */
    void detach() {
        content = null;
        headers = null;
    }

    private ByteBuf readableContent() {
        if (content == null) {
            throw new IllegalStateException("a response body can be read only during the listener's call");
        }
        return content;
    }
}
