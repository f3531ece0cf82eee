package dev.tally.compose.stack;

import dev.tally.compose.net.NetPlan;
import dev.tally.compose.net.NetSetup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code bin/tally status} shows: every process the stack's shape names or its pid files
 * record, whether it runs, and for a service its readiness and metrics URL.
 */
final class StatusRows {

    private StatusRows() {
    }

    /** @param ownKafka false when the stack runs on a cluster tally did not start: then it has no brokers to list */
    static List<StatusRow> of(StackSpec spec, Services services, ProcessTable processes, boolean ownKafka, StackHome home) {
        Set<Instance> all = new LinkedHashSet<>();
        if (ownKafka) {
            all.addAll(Stack.instances(Component.CONTROLLER, spec.controllers()));
            all.addAll(Stack.instances(Component.BROKER, spec.brokers()));
        }
        all.addAll(Stack.instances(Component.PROCESSOR, spec.processors()));
        all.addAll(Stack.instances(Component.API, spec.apiReplicas()));
        all.addAll(processes.recorded());
        List<StatusRow> rows = new ArrayList<>();
        for (Instance instance : all.stream().sorted(Comparator.comparing(Instance::component).thenComparing(Instance::id)).toList()) {
            var process = processes.find(instance);
            String detail = "";
            if (process.isPresent() && instance.component().isService()) {
                HealthCheck.Answer answer = HealthCheck.get(services.healthUrl(instance));
                detail = answer.ok() ? "healthy" : answer.status() < 0 ? "not answering" : "HTTP " + answer.status() + " " + answer.body();
            }
            // The fault proxy's row shows its control port: the one `bin/tally net` talks to.
            int port = instance.component() == Component.NET
                    ? NetSetup.load(home, spec).map(NetPlan::controlPort).orElse(0) : spec.portOf(instance);
            rows.add(new StatusRow(instance, process.map(ProcessHandle::pid).orElse(null), port,
                    process.isPresent(), detail, instance.component().isService() ? services.metricsUrl(instance) : null));
        }
        return rows;
    }
}
