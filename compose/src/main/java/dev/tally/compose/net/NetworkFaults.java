package dev.tally.compose.net;

import dev.tally.compose.hosts.NamespaceFaults;
import dev.tally.compose.stack.StackHome;
import dev.tally.compose.stack.StackSpec;
import java.util.Optional;

/**
 * Delays or cuts one process's traffic, by instance name ({@code broker-2}); each call returns the
 * faults in force, one line each ({@code partitioned broker-2}), or {@code none}. On loopback the fault
 * proxies do it ({@code up --net-faults}); on separate hosts, the namespaces' cables ({@code up --hosts}).
 */
public interface NetworkFaults {

    /** Holds every chunk to and from the instance a random MIN..MAX ms. */
    String lag(String instance, String range);

    /** Stalls every connection to and from the instance; new ones hang until healed. */
    String partition(String instance);

    /** Lifts every fault. */
    String heal();

    /** Lifts the faults of one instance only. */
    String heal(String instance);

    /** The faults in force. */
    String faults();

    /** How faults reach the processes of this stack, if they can: its namespaces, or its fault proxies. */
    static Optional<NetworkFaults> of(StackHome home, StackSpec spec) {
        if (spec.hosts().separate()) {
            return Optional.of(new NamespaceFaults(spec));
        }
        return NetSetup.load(home, spec).map(NetClient::new);
    }
}
