package dev.tally.perf.load;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;

/**
 * One keep-alive HTTP/1.1 connection of a lane, at the end of its pipeline (after Netty's client
 * codec and aggregator): it carries one request at a time and hands each answer, or the reason
 * there was none, back to the lane. Only the lane's event loop touches it.
 */
final class HttpConnection extends SimpleChannelInboundHandler<FullHttpResponse> {

    private final Lane lane;
    private final String hostHeader;
    private Channel channel;
    private Exchange inFlight;
    /** Why the connection broke, once something said so; a plain close by the server if nothing did. */
    private ErrorKind breakKind = ErrorKind.CONNECTION_CLOSED;
    private String breakMessage = "the server closed the connection";

    private HttpConnection(Lane lane, String hostHeader) {
        this.lane = lane;
        this.hostHeader = hostHeader;
    }

    /** Sets up each new channel of a lane: Netty's client codec and aggregator, then a connection of the lane's. */
    static ChannelInitializer<Channel> pipeline(Lane lane, String hostHeader, int maxResponseBytes) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(maxResponseBytes),
                        new HttpConnection(lane, hostHeader));
            }
        };
    }

    void send(Exchange exchange) {
        inFlight = exchange;
        exchange.sending(System.nanoTime());
        // The void promise spares a future per request; a failed write reaches exceptionCaught instead.
        channel.writeAndFlush(encode(exchange.request), channel.voidPromise());
    }

    /** Whether its request has waited longer than the timeout for an answer. */
    boolean expired(long nowNanos, long timeoutNanos) {
        return inFlight != null && nowNanos - inFlight.sentNanos > timeoutNanos;
    }

    /** Gives up on its request; the connection goes too, since its answer might still come. */
    void timeOut(long timeoutNanos) {
        Exchange exchange = inFlight;
        inFlight = null;
        channel.close();
        lane.failed(exchange, ErrorKind.REQUEST_TIMEOUT, "no answer within " + timeoutNanos / 1_000_000 + " ms");
    }

    void close() {
        channel.close();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // Not channelActive: Netty completes the connect future, whose listener sends the first request, before that.
        channel = ctx.channel();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
        Exchange exchange = inFlight;
        if (exchange == null || response.decoderResult().isFailure()) {
            String why = exchange == null ? "an answer to no request" : String.valueOf(response.decoderResult().cause());
            breakConnection(ErrorKind.BAD_RESPONSE, why);
            return;
        }
        inFlight = null;
        lane.answered(this, exchange, response, HttpUtil.isKeepAlive(response));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        breakConnection(ErrorKind.ofConnection(cause), cause.toString());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        lane.closed(this);
        Exchange exchange = inFlight;
        if (exchange != null) {
            inFlight = null;
            lane.failed(exchange, breakKind, breakMessage);
        }
    }

    private void breakConnection(ErrorKind kind, String message) {
        breakKind = kind;
        breakMessage = message;
        channel.close();
    }

    private FullHttpRequest encode(LoadRequest request) {
        FullHttpRequest encoded = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(request.method()),
                request.path(), Unpooled.wrappedBuffer(request.body()));
        encoded.headers().set(HttpHeaderNames.HOST, hostHeader);
        if (AccessToken.HEADER != null) {
            encoded.headers().set(HttpHeaderNames.AUTHORIZATION, AccessToken.HEADER);
        }
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            encoded.headers().set(header.getKey(), header.getValue());
        }
        HttpUtil.setContentLength(encoded, request.body().length);
        return encoded;
    }
}
