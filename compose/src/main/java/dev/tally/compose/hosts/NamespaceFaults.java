package dev.tally.compose.hosts;

import dev.tally.compose.net.NetworkFaults;
import dev.tally.compose.stack.Component;
import dev.tally.compose.stack.Instance;
import dev.tally.compose.stack.StackSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Network partitions of a stack on separate hosts, made the way a cable is pulled: the instance's
 * cable is taken off the bridge, so every packet to and from it is lost (no reset, no error) until
 * it is plugged back, and TCP then delivers what waited. The process keeps running, cut off.
 */
public final class NamespaceFaults implements NetworkFaults {

    private final StackSpec spec;

    public NamespaceFaults(StackSpec spec) {
        this.spec = spec;
    }

    @Override
    public String lag(String instance, String range) {
        throw new IllegalArgumentException("on separate hosts a lag would need the kernel's tc netem, which this machine lacks;"
                + " lag a stack on loopback, started with `bin/tally up --net-faults`");
    }

    @Override
    public String partition(String instance) {
        HostNetwork.unplug(spec.hosts(), known(instance));
        return faults();
    }

    @Override
    public String heal() {
        for (Instance instance : instances()) {
            if (HostNetwork.isUnplugged(spec.hosts(), instance)) {
                HostNetwork.plug(spec.hosts(), instance);
            }
        }
        return faults();
    }

    @Override
    public String heal(String instance) {
        Instance cut = known(instance);
        if (HostNetwork.isUnplugged(spec.hosts(), cut)) {
            HostNetwork.plug(spec.hosts(), cut);
        }
        return faults();
    }

    @Override
    public String faults() {
        StringBuilder text = new StringBuilder();
        for (Instance instance : instances()) {
            if (HostNetwork.isUnplugged(spec.hosts(), instance)) {
                text.append("partitioned ").append(instance.name()).append('\n');
            }
        }
        return text.isEmpty() ? "none\n" : text.toString();
    }

    private Instance known(String name) {
        for (Instance instance : instances()) {
            if (instance.name().equals(name)) {
                return instance;
            }
        }
        throw new IllegalArgumentException("the stack has no process \"" + name + "\"; these can be cut off: "
                + String.join(", ", instances().stream().map(Instance::name).toList()));
    }

    private List<Instance> instances() {
        List<Instance> all = new ArrayList<>();
        add(all, Component.CONTROLLER, spec.controllers());
        add(all, Component.BROKER, spec.brokers());
        add(all, Component.PROCESSOR, spec.processors());
        add(all, Component.API, spec.apiReplicas());
        return all;
    }

    private static void add(List<Instance> all, Component component, int count) {
        for (int id = 1; id <= count; id++) {
            all.add(new Instance(component, id));
        }
    }
}
