package dev.tally.compose.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Checks a port before a process is started on it, so a clash is one clear sentence, not a dead JVM's stack trace. */
final class Ports {

    private Ports() {
    }

    /** Processors a benchmark may add to a stack (a joining one); their ports are kept free too. */
    private static final int SPARE_PROCESSORS = 4;

    /**
     * The spec's shape on a block of free ports: the API at a random base, admin ports above it, then
     * brokers at base + 100 + n, controllers at base + 200 + n and processors at base + 300 + id.
     * All below Linux's ephemeral range (32768 up), so that no outgoing connection takes one while a
     * process of the stack is down and about to start again.
     */
    static StackSpec freeFor(StackSpec spec) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = 20_000 + 10 * ThreadLocalRandom.current().nextInt(1_200);
            StackSpec candidate = spec.withPorts(base, base + 100, base + 200, base + 300);
            if (candidate.ports(SPARE_PROCESSORS).stream().allMatch(Ports::isFree)) {
                return candidate;
            }
        }
        throw new StackException("found no block of free ports for a stack between 20000 and 32400");
    }

    static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            probe.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void requireFree(int port, Instance instance, String flagToChange) {
        if (!isFree(port)) {
            throw new StackException("port " + port + " is taken by another program, so " + instance
                    + " cannot start there; stop that program" + (flagToChange.isEmpty() ? "" : " or choose another port with " + flagToChange));
        }
    }

    /** Waits until something accepts connections on the port (a process with no health endpoint, like a controller). */
    static void awaitListening(String address, int port, Duration timeout, Runnable whileWaiting) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            whileWaiting.run();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new StackException("nothing listens on port " + port + " after " + timeout.toSeconds() + " s");
    }
}
