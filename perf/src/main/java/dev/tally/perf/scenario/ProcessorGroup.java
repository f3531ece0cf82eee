package dev.tally.perf.scenario;

import dev.tally.compose.stack.Component;
import dev.tally.compose.stack.Instance;
import dev.tally.compose.stack.Stack;
import dev.tally.compose.stack.StackSpec;
import dev.tally.perf.stack.ProcessSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The processors of a stack, for {@code perf rebalance}: which task assignor they run, switching it
 * (a rolling restart) and putting back what they ran, and a processor that joins and leaves again.
 * Each processor is restarted with the settings it was started with, only TASK_ASSIGNOR changed.
 */
final class ProcessorGroup {

    static final String TASK_ASSIGNOR = "TASK_ASSIGNOR";
    /** What a processor runs without TASK_ASSIGNOR: Kafka Streams' default. */
    static final String DEFAULT_ASSIGNOR = "high-availability";

    private final Stack stack;
    private final StackSpec spec;
    /** Each processor's settings as found, to start it with again. */
    private final Map<Instance, Map<String, String>> original = new LinkedHashMap<>();
    /** The processors restarted with another assignor, to be put back. */
    private final Set<Instance> switched = new LinkedHashSet<>();

    ProcessorGroup(Stack stack) {
        this.stack = stack;
        this.spec = stack.savedSpec().orElseThrow(() -> new IllegalStateException("no stack.properties in " + stack.home().root()));
        for (int id = 1; id <= spec.processors(); id++) {
            Instance processor = processor(id);
            original.put(processor, ProcessSettings.of(stack, processor));
        }
    }

    int size() {
        return spec.processors();
    }

    /** The assignor the processors run now (the first one's; they are started alike). */
    String assignor() {
        return assignorOf(original.values().iterator().next());
    }

    /** Endpoints of processors 1..count, as the processors report them in their routing. */
    Set<String> endpoints(int count) {
        Set<String> endpoints = new TreeSet<>();
        for (int id = 1; id <= count; id++) {
            endpoints.add(spec.processorUrl(id).substring("http://".length()));
        }
        return endpoints;
    }

    /** Restarts the processors that run another assignor, one after the other, with this one. */
    void switchTo(String assignor) throws Exception {
        for (Map.Entry<Instance, Map<String, String>> processor : original.entrySet()) {
            if (!assignorOf(processor.getValue()).equals(assignor)) {
                Map<String, String> settings = new HashMap<>(processor.getValue());
                settings.put(TASK_ASSIGNOR, assignor);
                restart(processor.getKey(), settings);
                switched.add(processor.getKey());
            }
        }
    }

    /** Restarts the processors {@link #switchTo} restarted, with the settings they were found with. */
    void restore() throws Exception {
        for (Instance processor : switched) {
            restart(processor, original.get(processor));
        }
        switched.clear();
    }

    /** Starts one more processor, set up like the first with this assignor. */
    Instance join(String assignor) throws Exception {
        Instance joiner = processor(spec.processors() + 1);
        Map<String, String> settings = new HashMap<>(original.get(processor(1)));
        settings.put(TASK_ASSIGNOR, assignor);
        stack.withSettings(settings);
        stack.start(joiner);
        return joiner;
    }

    /**
     * Stops the joiner, and the stack's home records its processors as before it joined: the shape's
     * count, and no pid file of the joiner (which `status` and a later `up` would take for a member
     * that is down, and start again).
     */
    void leave(Instance joiner) throws IOException {
        stack.stop(joiner);
        Files.deleteIfExists(stack.home().pidFile(joiner));
        stack.savedSpec().orElse(spec).withProcessors(spec.processors()).save(stack.home().spec());
    }

    private static String assignorOf(Map<String, String> settings) {
        return settings.getOrDefault(TASK_ASSIGNOR, DEFAULT_ASSIGNOR);
    }

    private void restart(Instance processor, Map<String, String> settings) throws Exception {
        stack.stop(processor);
        stack.withSettings(settings);
        stack.start(processor);
    }

    private static Instance processor(int id) {
        return new Instance(Component.PROCESSOR, id);
    }
}
