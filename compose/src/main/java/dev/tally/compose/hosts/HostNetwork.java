package dev.tally.compose.hosts;

import dev.tally.compose.stack.Instance;
import dev.tally.compose.stack.StackException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The namespaces and the bridge of a stack on separate hosts, made and removed with iproute2's
 * {@code ip} (root only). A namespace is made when its process first starts and kept until
 * {@code down}, so a killed process comes back on the same address, as a restarted host would.
 */
public final class HostNetwork {

    private static final Path NAMESPACES = Path.of("/run/netns");
    /** The kernel's interfaces; a bridge port has a {@code master} link to its bridge. */
    private static final Path INTERFACES = Path.of("/sys/class/net");
    /** Each namespace's end of its cable, the same name in every namespace. */
    private static final String INSIDE = "eth0";

    private HostNetwork() {
    }

    /** A /24 under 10.77.0.0/16 that no interface of this machine has an address in, nor a bridge of another stack. */
    public static Hosts pickFree() {
        Set<Integer> used = new TreeSet<>();
        try {
            for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
                if (nic.getName().matches("tly\\d+")) {
                    used.add(Integer.parseInt(nic.getName().substring(3)));
                }
                nic.inetAddresses().filter(a -> a instanceof Inet4Address).map(a -> a.getHostAddress())
                        .filter(a -> a.startsWith(Hosts.PREFIX))
                        .forEach(a -> used.add(Integer.parseInt(a.split("\\.")[2])));
            }
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        for (int network = 1; network <= 254; network++) {
            if (!used.contains(network)) {
                return new Hosts(network);
            }
        }
        throw new StackException("every 10.77.N.0/24 is in use on this machine; `bin/tally down --purge` a stack started with --hosts");
    }

    /** Fails with what to do when this machine cannot make namespaces: before anything is started. */
    public static void requireUsable() {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new StackException("--hosts puts every process in a network namespace of its own, which only root can make"
                    + " (`ip netns add`); run bin/tally as root, or without --hosts");
        }
        run("ip", "netns", "list");
    }

    /**
     * The command that runs {@code command} inside the instance's namespace, made now if it is not
     * there yet. {@code ip netns exec} replaces itself with the command, so the pid the launcher records
     * is the JVM's own.
     */
    public static List<String> enter(Hosts hosts, Instance instance, List<String> command) {
        if (!hosts.separate()) {
            return command;
        }
        ensureBridge(hosts);
        ensureNamespace(hosts, instance);
        List<String> inside = new ArrayList<>(List.of("ip", "netns", "exec", hosts.namespace(instance)));
        inside.addAll(command);
        return inside;
    }

    /** Deletes every namespace of the stack (their cables go with them) and its bridge. */
    public static void remove(Hosts hosts) {
        if (!hosts.separate()) {
            return;
        }
        for (String namespace : namespaces(hosts)) {
            run("ip", "netns", "del", namespace);
        }
        if (interfaceExists(hosts.bridge())) {
            run("ip", "link", "del", hosts.bridge());
        }
    }

    /** Takes the instance's cable off the bridge: its packets are lost, its process keeps running. */
    static void unplug(Hosts hosts, Instance instance) {
        requireCable(hosts, instance);
        run("ip", "link", "set", hosts.cable(instance), "nomaster");
    }

    /** Plugs the instance's cable back into the bridge. */
    static void plug(Hosts hosts, Instance instance) {
        requireCable(hosts, instance);
        run("ip", "link", "set", hosts.cable(instance), "master", hosts.bridge());
    }

    /** Whether the instance has a cable and it is off the bridge. */
    static boolean isUnplugged(Hosts hosts, Instance instance) {
        Path cable = INTERFACES.resolve(hosts.cable(instance));
        return Files.exists(cable) && !Files.exists(cable.resolve("master"));
    }

    private static void requireCable(Hosts hosts, Instance instance) {
        if (!Files.exists(INTERFACES.resolve(hosts.cable(instance)))) {
            throw new IllegalArgumentException(instance + " has no namespace yet: it has not been started since the last `down`");
        }
    }

    /** The stack's namespaces that exist now. */
    public static List<String> namespaces(Hosts hosts) {
        if (!Files.isDirectory(NAMESPACES)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(NAMESPACES)) {
            return entries.map(p -> p.getFileName().toString()).filter(name -> name.startsWith(hosts.bridge() + "-")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void ensureBridge(Hosts hosts) {
        if (interfaceExists(hosts.bridge())) {
            return;
        }
        run("ip", "link", "add", hosts.bridge(), "type", "bridge");
        run("ip", "addr", "add", hosts.gateway() + "/24", "dev", hosts.bridge());
        run("ip", "link", "set", hosts.bridge(), "up");
    }

    private static void ensureNamespace(Hosts hosts, Instance instance) {
        String namespace = hosts.namespace(instance);
        boolean exists = Files.exists(NAMESPACES.resolve(namespace));
        if (exists && interfaceExists(hosts.cable(instance))) {
            return;
        }
        if (exists) {
            // Half made (the launcher died in between): start it again from nothing.
            run("ip", "netns", "del", namespace);
        }
        run("ip", "netns", "add", namespace);
        run("ip", "link", "add", hosts.cable(instance), "type", "veth", "peer", "name", INSIDE, "netns", namespace);
        run("ip", "link", "set", hosts.cable(instance), "master", hosts.bridge(), "up");
        run("ip", "-n", namespace, "addr", "add", hosts.address(instance) + "/24", "dev", INSIDE);
        run("ip", "-n", namespace, "link", "set", INSIDE, "up");
        // A fresh namespace's loopback is down; a process that talks to itself at 127.0.0.1 needs it up.
        run("ip", "-n", namespace, "link", "set", "lo", "up");
    }

    private static boolean interfaceExists(String name) {
        try {
            return NetworkInterface.getByName(name) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    private static void run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.waitFor() != 0) {
                throw new StackException("`" + String.join(" ", command) + "` failed: " + output);
            }
        } catch (IOException e) {
            throw new StackException("cannot run `" + String.join(" ", command) + "` (" + e.getMessage()
                    + "); --hosts needs iproute2's ip (Debian package iproute2)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while running `" + String.join(" ", command) + "`");
        }
    }
}
