package dev.tally.compose.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One direction of a proxied connection: what is read from the source channel is held for the
 * route's lag and written to the target in the order it came (a chunk never overtakes the one
 * before it). Under a partition nothing is read or written: the sockets' buffers fill and both
 * peers stall, as behind a dropped link; after the heal everything held moves on, nothing lost.
 * Runs on the connection's event loop only.
 */
final class Pipe extends ChannelInboundHandlerAdapter {

    /** Held bytes past which the source is no longer read, so a long lag costs bounded memory. */
    private static final int MAX_HELD_BYTES = 4 << 20;

    private record Held(ByteBuf data, long releaseNanos) {
    }

    private final ProxyRoute route;
    private final Faults faults;
    private final Channel source;
    private final Channel target;
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private Pipe reverse;
    private long heldBytes;
    private long lastReleaseNanos;
    private boolean sourceClosed;
    private boolean drainScheduled;

    Pipe(ProxyRoute route, Faults faults, Channel source, Channel target) {
        this.route = route;
        this.faults = faults;
        this.source = source;
        this.target = target;
    }

    void pairWith(Pipe other) {
        this.reverse = other;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf data = (ByteBuf) msg;
        long now = System.nanoTime();
        // Never earlier than the chunk before: order is kept per connection even when a later draw is shorter.
        long release = Math.max(lastReleaseNanos, now + TimeUnit.MILLISECONDS.toNanos(faults.delayMs(route)));
        lastReleaseNanos = release;
        held.add(new Held(data, release));
        heldBytes += data.readableBytes();
        drain();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        sourceClosed = true;
        drain();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // This channel is the reverse pipe's target: it may read again once this side drains.
        if (reverse != null) {
            reverse.refresh();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset by either peer ends the connection; the other side is closed in channelInactive.
        ctx.close();
    }

    /** After a fault changed, a write completed or a channel closed: move what may move, read if there is room. */
    void refresh() {
        drain();
    }

    private void drain() {
        boolean partitioned = faults.isPartitioned(route);
        if (!partitioned) {
            boolean wrote = false;
            while (!held.isEmpty()) {
                Held next = held.peek();
                long wait = next.releaseNanos() - System.nanoTime();
                if (wait > 0) {
                    scheduleDrain(wait);
                    break;
                }
                held.poll();
                heldBytes -= next.data().readableBytes();
                target.write(next.data());
                wrote = true;
            }
            if (wrote) {
                target.flush();
            }
            if (held.isEmpty() && sourceClosed) {
                target.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        }
        boolean read = !partitioned && !sourceClosed && target.isActive() && target.isWritable() && heldBytes < MAX_HELD_BYTES;
        if (source.config().isAutoRead() != read) {
            source.config().setAutoRead(read);
        }
    }

    private void scheduleDrain(long waitNanos) {
        if (!drainScheduled) {
            drainScheduled = true;
            source.eventLoop().schedule(() -> {
                drainScheduled = false;
                drain();
            }, waitNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Frees what is still held once both sides are gone. */
    void release() {
        held.forEach(h -> h.data().release());
        held.clear();
        heldBytes = 0;
    }
}
