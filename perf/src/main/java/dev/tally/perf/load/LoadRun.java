package dev.tally.perf.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** One run of a {@link LoadGenerator}: its event loops, one lane on each, and the result they add up to. */
final class LoadRun {

    private final LoadGenerator plan;
    /** No more lanes than connections: a lane without one could never send. */
    private final int laneCount;
    private final CpuMeter cpu = new CpuMeter();

    LoadRun(LoadGenerator plan) {
        this.plan = plan;
        this.laneCount = Math.min(plan.eventLoops, plan.connections);
    }

    RunResult execute() throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(laneCount, cpu.threadFactory("load-" + plan.name),
                NioIoHandler.newFactory());
        try {
            cpu.start();
            long start = System.nanoTime();
            RunWindow window = plan.isClosedLoop()
                    ? RunWindow.closedLoop(plan.warmUp, plan.bound, start, cpu::measurementStarts)
                    : RunWindow.openLoop(plan.warmUp, plan.bound, start, plan.schedule, cpu::measurementStarts);
            LongAdder ended = new LongAdder();
            List<Lane> lanes = lanes(group, window, ended);
            CompletableFuture<Void> done = allOrFirstFailure(lanes.stream().map(Lane::start).toList());
            ProgressLine progress = new ProgressLine(plan, start);
            awaitShowingProgress(done, progress, ended);
            CpuMeter.Shares shares = cpu.stop();
            LaneTally total = new LaneTally();
            lanes.forEach(lane -> lane.tally.addTo(total));
            RunResult result = RunResult.of(plan, window, total, shares);
            progress.summary(result);
            return result;
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
        }
    }

    private List<Lane> lanes(EventLoopGroup group, RunWindow window, LongAdder ended) {
        int port = plan.target.getPort() == -1 ? 80 : plan.target.getPort();
        InetSocketAddress target = new InetSocketAddress(plan.target.getHost(), port);
        String hostHeader = plan.target.getHost() + (plan.target.getPort() == -1 ? "" : ":" + port);
        Bootstrap bootstrap = new Bootstrap()
                .channel(NioSocketChannel.class)
                // Requests are small and sent one at a time: Nagle's algorithm would only hold them back.
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) plan.connectTimeout.toMillis());
        AtomicLong closedLoopIndex = new AtomicLong();
        List<Lane> lanes = new ArrayList<>();
        for (EventExecutor loop : group) {
            int number = lanes.size();
            // The connections (and the closed loop's slots) split as evenly as they go.
            int share = plan.connections / laneCount + (number < plan.connections % laneCount ? 1 : 0);
            Pacing pacing = plan.isClosedLoop()
                    ? new ClosedLoopPacing(share, closedLoopIndex, window)
                    : new OpenLoopPacing(plan.schedule, number, laneCount, window);
            lanes.add(new Lane((EventLoop) loop, bootstrap, target, hostHeader, plan, share, pacing, window, ended));
        }
        return lanes;
    }

    /** Completes when every lane has, or as soon as one failed: a failed lane ends the run. */
    private static CompletableFuture<Void> allOrFirstFailure(List<CompletableFuture<LaneTally>> lanes) {
        CompletableFuture<Void> all = CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new));
        lanes.forEach(lane -> lane.exceptionally(failure -> {
            all.completeExceptionally(failure);
            return null;
        }));
        return all;
    }

    private void awaitShowingProgress(CompletableFuture<Void> done, ProgressLine progress, LongAdder ended)
            throws InterruptedException {
        while (true) {
            try {
                done.get(ProgressLine.INTERVAL_NANOS, TimeUnit.NANOSECONDS);
                return;
            } catch (TimeoutException stillRunning) {
                progress.print(ended.sum(), System.nanoTime());
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
            }
        }
    }
}
