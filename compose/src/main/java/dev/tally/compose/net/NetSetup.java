package dev.tally.compose.net;

import dev.tally.compose.stack.StackHome;
import dev.tally.compose.stack.StateFile;
import dev.tally.compose.stack.StackSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Whether a stack runs behind fault proxies, kept as {@code net.properties} in its home: written by
 * {@code bin/tally up --net-faults}, read by every later command, so restarts use the same ports.
 */
public final class NetSetup {

    /** Port blocks are looked for here: under Linux's ephemeral range and apart from the stacks' own ports (20000 up). */
    private static final int LOWEST_BASE = 10_000;
    private static final int HIGHEST_BASE = 18_000;

    private NetSetup() {
    }

    public static Path file(StackHome home) {
        return home.root().resolve("net.properties");
    }

    /** The stack's proxies, if it has them. */
    public static Optional<NetPlan> load(StackHome home, StackSpec spec) {
        return StateFile.read(file(home)).map(p -> new NetPlan(spec, Integer.parseInt(p.getProperty("base").strip()),
                Integer.parseInt(p.getProperty("max.processors").strip())));
    }

    /** Puts the stack behind proxies from its next start on; keeps the ports of a stack that already has them. */
    public static NetPlan enable(StackHome home, StackSpec spec) {
        if (spec.hosts().separate()) {
            throw new IllegalArgumentException("--net-faults puts its proxies on this machine's loopback address, in front of"
                    + " processes that listen there; it does not go with --hosts");
        }
        Optional<NetPlan> existing = load(home, spec);
        if (existing.isPresent()) {
            return existing.get();
        }
        NetPlan plan = freeBlock(spec);
        Properties p = new Properties();
        // The first port of the block; the proxies' control port, then the processes' own listeners.
        p.setProperty("base", Integer.toString(plan.base()));
        // Processors with their own Kafka listeners (and so partitionable alone); fixed with the ports.
        p.setProperty("max.processors", Integer.toString(plan.maxProcessors()));
        StateFile.write(file(home), p, "tally fault proxies, written by bin/tally up --net-faults");
        return plan;
    }

    private static NetPlan freeBlock(StackSpec spec) {
        int processors = spec.processors() + NetPlan.SPARE_PROCESSORS;
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = LOWEST_BASE + 10 * ThreadLocalRandom.current().nextInt((HIGHEST_BASE - LOWEST_BASE) / 10);
            NetPlan candidate = new NetPlan(spec, base, processors);
            if (candidate.blockPorts().stream().allMatch(NetSetup::isFree)) {
                return candidate;
            }
        }
        throw new IllegalStateException("found no block of free ports for the fault proxies between "
                + LOWEST_BASE + " and " + HIGHEST_BASE);
    }

    private static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
