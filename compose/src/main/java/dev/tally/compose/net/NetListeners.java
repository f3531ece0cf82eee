package dev.tally.compose.net;

import java.util.Map;

/** What a Kafka process's server.properties become behind the fault proxies (see {@link NetPlan}). */
public final class NetListeners {

    private NetListeners() {
    }

    /** Broker n: a listener per kind of client, each advertised at its proxy; its own replication listener; the controllers through its proxies. */
    public static void applyToBroker(NetPlan plan, int node, Map<String, String> properties) {
        properties.put("listeners", plan.brokerListenersConfig(node));
        properties.put("advertised.listeners", plan.brokerAdvertisedConfig(node));
        properties.put("listener.security.protocol.map", plan.securityProtocolMap());
        properties.put("inter.broker.listener.name", "B" + node);
        properties.put("controller.quorum.voters", plan.votersFor("broker-" + node));
    }

    /** Controller c: the other controllers through its proxies; it listens on its own port as without them. */
    public static void applyToController(NetPlan plan, int controller, Map<String, String> properties) {
        properties.put("controller.quorum.voters", plan.votersFor("controller-" + controller));
    }
}
