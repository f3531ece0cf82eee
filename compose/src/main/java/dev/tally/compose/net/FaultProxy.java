package dev.tally.compose.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * TCP proxies in front of the stack's listeners, one per {@link ProxyRoute}, all on one small event
 * loop group, obeying one {@link Faults}: the stand-in for {@code tc netem}, which this kernel lacks.
 */
public final class FaultProxy implements AutoCloseable {

    private final EventLoopGroup group;
    private final List<Channel> listeners = new ArrayList<>();

    private FaultProxy(EventLoopGroup group) {
        this.group = group;
    }

    /**
     * Listens on every route's port of {@code bindHost} and forwards to {@code targetHost}.
     *
     * @param threads event loops; the proxy only copies bytes, so one or two carry a whole stack
     */
    public static FaultProxy start(List<ProxyRoute> routes, Faults faults, String bindHost, String targetHost, int threads)
            throws InterruptedException {
        FaultProxy proxy = new FaultProxy(new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory()));
        try {
            for (ProxyRoute route : routes) {
                ServerBootstrap server = new ServerBootstrap()
                        .group(proxy.group)
                        .channel(NioServerSocketChannel.class)
                        .option(ChannelOption.SO_REUSEADDR, true)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childOption(ChannelOption.AUTO_READ, false)
                        .childHandler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel channel) {
                                channel.pipeline().addLast("connect", new ProxyConnection(route, faults, targetHost));
                            }
                        });
                proxy.listeners.add(server.bind(new InetSocketAddress(bindHost, route.listenPort())).sync().channel());
            }
        } catch (Exception e) {
            proxy.close();
            throw e;
        }
        return proxy;
    }

    @Override
    public void close() {
        listeners.forEach(Channel::close);
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
