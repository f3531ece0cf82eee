package dev.tally.compose.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/** Checks a port before a process is started on it, so a clash is one clear sentence, not a dead JVM's stack trace. */
final class Ports {

    private Ports() {
    }

    static void requireFree(int port, Instance instance, String flagToChange) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            probe.setReuseAddress(true);
        } catch (IOException e) {
            throw new StackException("port " + port + " is taken by another program, so " + instance
                    + " cannot start there; stop that program" + (flagToChange.isEmpty() ? "" : " or choose another port with " + flagToChange));
        }
    }

    /** Waits until something accepts connections on the port (a process with no health endpoint, like a controller). */
    static void awaitListening(int port, Duration timeout, Runnable whileWaiting) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            whileWaiting.run();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new StackException("nothing listens on port " + port + " after " + timeout.toSeconds() + " s");
    }
}
