package dev.tally.perf.load;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A tiny Netty HTTP/1.1 server whose answers a {@link Responder} decides: the trivial target of
 * {@code perf generator --self-check} (run by {@link #main} in a JVM of its own, so its CPU is not
 * counted as the generator's), and the server the load generator's tests play every kind of
 * service against: slow, stalling, rate-limiting, or closing connections.
 */
public final class TargetServer implements AutoCloseable {

    /** Decides how to answer one request; may answer later (or never), on the connection's event loop. */
    @FunctionalInterface
    public interface Responder {
        /** The request is released once this returns: read what it needs from it before. */
        void respond(ChannelHandlerContext ctx, FullHttpRequest request);
    }

    /** {@code {"status":"ok"}} to everything, as the services' {@code GET /health} answers. */
    public static final Responder HEALTH = (ctx, request) -> reply(ctx, HttpResponseStatus.OK, "{\"status\":\"ok\"}");

    /** Larger requests than the perf tools send (a batch of increments is a few KB) are refused by the codec. */
    private static final int MAX_REQUEST_BYTES = 1 << 20;

    private final EventLoopGroup group;
    private final Channel listener;

    private TargetServer(EventLoopGroup group, Channel listener) {
        this.group = group;
        this.listener = listener;
    }

    /** Listens on 127.0.0.1 at {@code port} (0: any free one) with {@code threads} event loops. */
    public static TargetServer start(int port, int threads, Responder responder) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        Channel listener = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                // Thousands of connections may arrive at once (a closed loop's start): queue them, don't refuse them.
                .option(ChannelOption.SO_BACKLOG, 8192)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpServerKeepAliveHandler(),
                                new HttpObjectAggregator(MAX_REQUEST_BYTES), new SimpleChannelInboundHandler<FullHttpRequest>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                                        responder.respond(ctx, request);
                                    }
                                });
                    }
                })
                .bind("127.0.0.1", port).sync().channel();
        return new TargetServer(group, listener);
    }

    /** Answers with a JSON body; the connection stays open unless the request asked for it to close. */
    public static void reply(ChannelHandlerContext ctx, HttpResponseStatus status, String json) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(json.getBytes(StandardCharsets.UTF_8)));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        HttpUtil.setContentLength(response, response.content().readableBytes());
        ctx.writeAndFlush(response, ctx.voidPromise());
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * {@code TargetServer [port [threads]]}: serves {@link #HEALTH} until its standard input closes,
     * so it ends with the process that started it. Prints {@code listening on PORT} once it does.
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        try (TargetServer server = start(port, threads, HEALTH)) {
            System.out.println("listening on " + server.port());
            System.out.flush();
            while (System.in.read() != -1) {
                // Anything on stdin is ignored; its end is the signal to stop.
            }
        }
    }
}
