package dev.tally.compose.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

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
}
