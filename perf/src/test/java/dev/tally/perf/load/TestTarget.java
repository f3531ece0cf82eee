package dev.tally.perf.load;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelId;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link TargetServer} on a free port that counts the requests it gets and the connections they come on. */
final class TestTarget implements AutoCloseable {

    /** How a test's server answers the n-th request it gets (n from 1). */
    @FunctionalInterface
    interface Behaviour {
        void respond(ChannelHandlerContext ctx, FullHttpRequest request, int n);
    }

    static final Behaviour OK = (ctx, request, n) -> TargetServer.reply(ctx, HttpResponseStatus.OK, "{}");

    final AtomicInteger requests = new AtomicInteger();
    final Set<ChannelId> connections = ConcurrentHashMap.newKeySet();
    private final TargetServer server;

    private TestTarget(Behaviour behaviour) throws InterruptedException {
        // Two loops: a server that answers on one thread would be what the closed-loop tests measure.
        server = TargetServer.start(0, 2, (ctx, request) -> {
            connections.add(ctx.channel().id());
            behaviour.respond(ctx, request, requests.incrementAndGet());
        });
    }

    static TestTarget answering(Behaviour behaviour) throws InterruptedException {
        return new TestTarget(behaviour);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    @Override
    public void close() {
        server.close();
    }
}
