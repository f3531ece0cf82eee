package dev.tally.perf.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpResponse;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One event loop's share of a run: its connections, the requests its {@link Pacing} issues, and a
 * tally of how they ended. Everything here runs on that one event loop, so nothing is locked.
 *
 * <p>A request goes out on an idle connection if there is one, else on a new connection while the
 * lane has fewer than its maximum (open or opening), else it waits for the next connection that
 * comes free. A connection that broke is replaced on demand, the same way.
 */
final class Lane {

    /** The timeout sweep runs this many times per request timeout, so a timeout fires at most 10 % late. */
    private static final int SWEEPS_PER_TIMEOUT = 10;
    /** ...but not more often than this, since each sweep looks at every connection. */
    private static final long MIN_SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final InetSocketAddress target;
    private final LoadGenerator plan;
    private final int maxConnections;
    private final Pacing pacing;
    private final RunWindow window;
    /** Requests ended over all lanes, for the progress line. */
    private final LongAdder ended;
    final LaneTally tally = new LaneTally();
    private final CompletableFuture<LaneTally> done = new CompletableFuture<>();
    /** Last in, first out: the warmest connections carry the load, the others may idle out. */
    private final ArrayDeque<HttpConnection> idle = new ArrayDeque<>();
    private final ArrayDeque<Exchange> waiting = new ArrayDeque<>();
    private final Set<HttpConnection> open = new HashSet<>();
    private int connecting;
    private int outstanding;
    private ScheduledFuture<?> sweep;

    /** @param bootstrap the run's channel type and options; the lane's own copy registers its channels with {@code loop} */
    Lane(EventLoop loop, Bootstrap bootstrap, InetSocketAddress target, String hostHeader, LoadGenerator plan,
         int maxConnections, Pacing pacing, RunWindow window, LongAdder ended) {
        this.loop = loop;
        this.bootstrap = bootstrap.clone(loop).handler(HttpConnection.pipeline(this, hostHeader, plan.maxResponseBytes));
        this.target = target;
        this.plan = plan;
        this.maxConnections = maxConnections;
        this.pacing = pacing;
        this.window = window;
        this.ended = ended;
    }

    /** Starts issuing; the future completes once the pacing has finished and every request ended. */
    CompletableFuture<LaneTally> start() {
        loop.execute(() -> {
            long timeout = plan.requestTimeout.toNanos();
            long sweepEvery = Math.max(MIN_SWEEP_NANOS, timeout / SWEEPS_PER_TIMEOUT);
            sweep = loop.scheduleAtFixedRate(() -> sweepTimeouts(timeout), sweepEvery, sweepEvery, TimeUnit.NANOSECONDS);
            pacing.start(this);
            endIfIdle();
        });
        return done;
    }

    void issue(long index, boolean warmUp, long dueNanos) {
        if (done.isDone()) {
            return; // aborted: the run is being shut down
        }
        LoadRequest request;
        try {
            request = plan.requests.request(index);
        } catch (RuntimeException e) {
            abort(e);
            return;
        }
        outstanding++;
        send(new Exchange(index, request, warmUp, dueNanos));
    }

    void schedule(Runnable task, long delay, TimeUnit unit) {
        loop.schedule(task, delay, unit);
    }

    void answered(HttpConnection connection, Exchange exchange, FullHttpResponse response, boolean keepAlive) {
        long now = System.nanoTime();
        int status = response.status().code();
        release(connection, keepAlive);
        if (retried(exchange, status, null)) {
            return;
        }
        tally.answered(exchange, status, now, window.measureStartNanos());
        if (plan.listener != null) {
            LoadResponse seen = new LoadResponse(exchange, status, response.headers(), response.content(), now);
            try {
                plan.listener.onResponse(seen);
            } catch (RuntimeException e) {
                abort(e);
            } finally {
                seen.detach();
            }
        }
        end(exchange);
    }

    void failed(Exchange exchange, ErrorKind kind, String message) {
        if (retried(exchange, 0, kind)) {
            return;
        }
        exchange.failure = kind;
        tally.failed(exchange, kind, message, System.nanoTime(), window.measureStartNanos());
        if (plan.listener != null && kind.connecting()) {
            try {
                plan.listener.notSent(exchange.index);
            } catch (RuntimeException e) {
                abort(e);
            }
        }
        end(exchange);
    }

    void closed(HttpConnection connection) {
        open.remove(connection);
        idle.removeFirstOccurrence(connection);
        connectForWaiting();
    }

    /** Completes the lane if the pacing is done issuing and no request is outstanding. */
    void endIfIdle() {
        if (pacing.finished() && outstanding == 0 && !done.isDone()) {
            finish();
            done.complete(tally);
        }
    }

    /** Sends the exchange again after the back-off if its retry condition takes this ending and it has retries left. */
    private boolean retried(Exchange exchange, int status, ErrorKind error) {
        if (exchange.retries >= plan.maxRetries || done.isDone() || !plan.retryCondition.retry(status, error)) {
            return false;
        }
        exchange.retries++;
        tally.retried(exchange, RetryCondition.cause(status, error));
        loop.schedule(() -> {
            if (!done.isDone()) {
                send(exchange);
            }
        }, plan.retryBackOff.toNanos(), TimeUnit.NANOSECONDS);
        return true;
    }

    private void send(Exchange exchange) {
        HttpConnection connection = idle.pollLast();
        if (connection != null) {
            connection.send(exchange);
        } else if (hasRoom()) {
            connect(exchange);
        } else {
            waiting.addLast(exchange);
        }
    }

    /** Opens a connection for this request, which it then carries; a failed connect fails the request. */
    private void connect(Exchange exchange) {
        connecting++;
        tally.connectionsOpened++;
        bootstrap.connect(target).addListener((ChannelFuture connected) -> {
            connecting--;
            if (connected.isSuccess()) {
                HttpConnection connection = connected.channel().pipeline().get(HttpConnection.class);
                open.add(connection);
                connection.send(exchange);
            } else {
                failed(exchange, ErrorKind.ofConnect(connected.cause()), connected.cause().toString());
                connectForWaiting();
            }
        });
    }

    private boolean hasRoom() {
        return open.size() + connecting < maxConnections;
    }

    /** A connection went (or never came): the longest-waiting request may open the one that takes its place. */
    private void connectForWaiting() {
        if (!waiting.isEmpty() && hasRoom()) {
            connect(waiting.pollFirst());
        }
    }

    /** A connection is free: it takes the longest-waiting request, or waits itself. */
    private void release(HttpConnection connection, boolean reusable) {
        if (!reusable) {
            connection.close(); // closed(...) then replaces it for whoever waits
            return;
        }
        Exchange next = waiting.pollFirst();
        if (next != null) {
            connection.send(next);
        } else {
            idle.addLast(connection);
        }
    }

    private void end(Exchange exchange) {
        outstanding--;
        ended.increment();
        pacing.ended(this, exchange);
        endIfIdle();
    }

    private void sweepTimeouts(long timeoutNanos) {
        long now = System.nanoTime();
        List<HttpConnection> expired = new ArrayList<>();
        for (HttpConnection connection : open) {
            if (connection.expired(now, timeoutNanos)) {
                expired.add(connection);
            }
        }
        // Timed out apart from the loop above: a time-out closes the connection, which leaves `open`.
        expired.forEach(connection -> connection.timeOut(timeoutNanos));
    }

    /** The caller's request source or listener threw: the run ends with that exception. */
    private void abort(RuntimeException e) {
        finish();
        done.completeExceptionally(e);
    }

    private void finish() {
        if (sweep != null) {
            sweep.cancel(false);
        }
        List.copyOf(open).forEach(HttpConnection::close);
    }
}
