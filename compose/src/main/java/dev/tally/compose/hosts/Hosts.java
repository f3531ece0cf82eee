package dev.tally.compose.hosts;

import dev.tally.compose.stack.Component;
import dev.tally.compose.stack.Instance;

/**
 * Where each process of a stack is reached. By default all of them share this machine's loopback
 * address; with {@code bin/tally up --hosts} each controller, broker, processor and API replica runs
 * in a Linux network namespace of its own, with its own address on a bridge, as if on its own host:
 * nothing then reaches a process at 127.0.0.1, so any address that is not advertised right breaks.
 *
 * <p>Addresses in {@code 10.77.N.0/24} ({@code N} is {@link #network}): the bridge (this machine's own
 * side) is {@code .1}, controller c {@code .10+c}, broker b {@code .20+b}, processor p {@code .100+p},
 * API replica r {@code .200+r}.
 *
 * @param network the third octet of the stack's /24, 1 to 254; 0 for loopback
 */
public record Hosts(int network) {

    public static final Hosts LOOPBACK = new Hosts(0);
    static final String PREFIX = "10.77.";
    private static final String LOOPBACK_ADDRESS = "127.0.0.1";

    public Hosts {
        if (network < 0 || network > 254) {
            throw new IllegalArgumentException("a stack's host network is 10.77.N.0/24 with N 1 to 254, got " + network);
        }
    }

    /** Whether the processes run apart, each on its own address. */
    public boolean separate() {
        return network != 0;
    }

    /** The address the instance listens on and is reached at. */
    public String address(Component component, int id) {
        if (!separate()) {
            return LOOPBACK_ADDRESS;
        }
        int host = switch (component) {
            case CONTROLLER -> 10 + id;
            case BROKER -> 20 + id;
            case PROCESSOR -> 100 + id;
            case API -> 200 + id;
            case NET -> throw new IllegalArgumentException("the fault proxies run on loopback, never on separate hosts");
        };
        return PREFIX + network + "." + host;
    }

    public String address(Instance instance) {
        return address(instance.component(), instance.id());
    }

    /** This machine's own address on the bridge: where the launcher, perf and the tests reach the processes from. */
    public String gateway() {
        return PREFIX + network + ".1";
    }

    /** The bridge every namespace of the stack is plugged into, e.g. {@code tly3}. */
    String bridge() {
        return "tly" + network;
    }

    /** The instance's network namespace, e.g. {@code tly3-broker-2}, as {@code ip netns exec} takes it. */
    public String namespace(Instance instance) {
        return bridge() + "-" + instance.name();
    }

    /** The bridge's end of the instance's cable, e.g. {@code tly3-b2}: interface names stop at 15 characters. */
    String cable(Instance instance) {
        return bridge() + "-" + instance.component().label().charAt(0) + instance.id();
    }
}
