package dev.tally.compose.net;

import java.util.Map;

/** A processor's wiring behind the fault proxies: it listens on its own port, is reached at the proxy's, and has its own broker listeners. */
public final class NetServices {

    private NetServices() {
    }

    /** Nothing for a processor beyond the plan's: it has no proxy of its own and is wired as without proxies. */
    public static Map<String, String> processorWiring(NetPlan plan, int id) {
        if (id > plan.maxProcessors()) {
            return Map.of();
        }
        return Map.of(
                "BOOTSTRAP_SERVERS", plan.processorBootstrap(id),
                "PROCESSOR_PORT", Integer.toString(plan.processorListenPort(id)),
                "PROCESSOR_ADVERTISED_ADDRESS", "127.0.0.1:" + plan.spec().processorPort(id));
    }
}
