package dev.tally.compose.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;

/**
 * An accepted connection of one route, until it is paired with its upstream: under a partition the
 * upstream connection waits (the client's connect seems to hang) until the heal.
 */
final class ProxyConnection extends ChannelInboundHandlerAdapter {

    private final ProxyRoute route;
    private final Faults faults;
    private final String targetHost;
    private Channel client;
    private Pipe up;
    private Pipe down;
    private boolean connecting;
    private final Runnable onFaultChange = () -> {
        Channel c = client;
        if (c != null) {
            c.eventLoop().execute(this::refresh);
        }
    };

    ProxyConnection(ProxyRoute route, Faults faults, String targetHost) {
        this.route = route;
        this.faults = faults;
        this.targetHost = targetHost;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        client = ctx.channel();
        client.config().setAutoRead(false);
        faults.onChange(onFaultChange);
        client.closeFuture().addListener(f -> faults.removeListener(onFaultChange));
        refresh();
    }

    private void refresh() {
        if (up != null) {
            up.refresh();
            down.refresh();
        } else if (!connecting && client.isActive() && !faults.isPartitioned(route)) {
            connect();
        }
    }

    private void connect() {
        connecting = true;
        ChannelFuture upstream = new Bootstrap()
                .group(client.eventLoop())
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.AUTO_READ, false)
                .handler(new ChannelInboundHandlerAdapter())
                .connect(new InetSocketAddress(targetHost, route.targetPort()));
        upstream.addListener(done -> {
            if (!done.isSuccess()) {
                // The process behind is down: the client sees its connection closed, as it would see a refusal.
                client.close();
                return;
            }
            Channel server = upstream.channel();
            up = new Pipe(route, faults, client, server);
            down = new Pipe(route, faults, server, client);
            up.pairWith(down);
            down.pairWith(up);
            client.pipeline().replace(this, "up", up);
            server.pipeline().addLast("down", down);
            client.closeFuture().addListener(f -> {
                server.eventLoop().execute(down::refresh);
                releaseWhenBothClosed(server);
            });
            server.closeFuture().addListener(f -> client.eventLoop().execute(up::refresh));
            // Keeps hearing of faults after this handler left the client's pipeline.
            refresh();
        });
    }

    private void releaseWhenBothClosed(Channel server) {
        server.closeFuture().addListener(f -> {
            up.release();
            down.release();
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
