package dev.tally.perf.scenario;

import dev.tally.perf.OptionValues;
import dev.tally.perf.ResultsOption;
import dev.tally.perf.TargetOptions;
import dev.tally.perf.check.RunId;
import dev.tally.perf.load.RunResult;
import dev.tally.perf.stack.BenchStack;
import dev.tally.perf.stack.StackTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code perf hotkey}: does one hammered key slow down the other keys of its partition, and what
 * does the excess path (salted sub-keys over all partitions) change?
 * <pre>
 *   A  cold keys of the hot key's partition, alone                        → cold latency
 *   B  the same cold traffic while a hot key of that partition is hammered → cold latency, hot 202/s
 *   C  the hot key alone                                                   → hot 202/s and latency
 * </pre>
 * On a stack of its own, B and C run once with the excess path and once without it
 * (EXCESS_THRESHOLD=1000000, the API restarted); with {@code --url}, the stack's configuration as
 * it is. Every phase ends with an exact-count check of every key it touched.
 */
@Command(name = "hotkey", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Cold-key latency beside a hot key on the same partition, and one hot key's throughput,",
                "with and without the excess path. Starts its own stack unless --url is given."})
public final class HotKeyCommand implements Callable<Integer> {

    /** The API's defaults, explicit so that an EXCESS_* exported in this shell cannot blur the comparison. */
    static final Map<String, String> EXCESS_ON = Map.of("EXCESS_THRESHOLD", "50", "EXCESS_WINDOW", "10");
    /** No key reaches a million increments in 10 s here, so nothing ever spills. */
    static final Map<String, String> EXCESS_OFF = Map.of("EXCESS_THRESHOLD", "1000000", "EXCESS_WINDOW", "10");

    @Mixin TargetOptions target;
    @Mixin ResultsOption results;
    @Spec CommandSpec command;

    @Option(names = "--cold-rate", defaultValue = "200", description = "Open-loop cold increments per second. Default ${DEFAULT-VALUE}.")
    double coldRate;

    @Option(names = "--seconds", defaultValue = "10", description = "Measured seconds of each cold phase. Default ${DEFAULT-VALUE}.")
    double seconds;

    @Option(names = "--hot-connections", defaultValue = "16", description = "Closed-loop connections hammering the hot key. Default ${DEFAULT-VALUE}.")
    int hotConnections;

    @Option(names = "--hot-requests", defaultValue = "20000", description = "Hot-key increments of each hot-alone phase (C). Default ${DEFAULT-VALUE}.")
    int hotRequests;

    @Option(names = "--no-excess-first", description = "On a stack of its own, measure without the excess path first, then with it.")
    boolean noExcessFirst;

    /** How much each phase sends. */
    record Load(double coldRate, double seconds, int hotConnections, int hotRequests) {
    }

    @Override
    public Integer call() throws Exception {
        if (coldRate <= 0 || seconds <= 0 || hotConnections < 1 || hotRequests < 1) {
            throw new IllegalArgumentException("--cold-rate, --seconds, --hot-connections and --hot-requests must be positive");
        }
        RunId run = RunId.fresh();
        Map<String, Map<String, String>> configurations = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        if (target.running()) {
            configurations.put("current", Map.of());
            notes.add("--url: that API is not restarted with other settings, so only its current configuration was"
                    + " measured; the hot rows' excess share shows whether its excess path was on");
        } else {
            configurations.put(noExcessFirst ? "no-excess" : "excess", noExcessFirst ? EXCESS_OFF : EXCESS_ON);
            configurations.put(noExcessFirst ? "excess" : "no-excess", noExcessFirst ? EXCESS_ON : EXCESS_OFF);
        }
        notes.add("cold: open loop at " + coldRate + "/s; hot: closed loop of " + hotConnections + " connections; 429s retried after "
                + Loads.BACK_OFF_429.toMillis() + " ms; the load generator shares the machine's "
                + Runtime.getRuntime().availableProcessors() + " cores with the stack (its share is a column)");
        Map<String, String> first = configurations.values().iterator().next();
        try (StackTarget stack = target.open(false, BenchStack.defaultShape(6), first, System.err)) {
            HotKeyScenario scenario = new HotKeyScenario(stack, run, new Load(coldRate, seconds, hotConnections, hotRequests));
            scenario.warmUp("start");
            RunResult floor = scenario.httpFloor();
            List<HotKeyScenario.Phase> phases = new ArrayList<>();
            boolean firstConfiguration = true;
            for (Map.Entry<String, Map<String, String>> configuration : configurations.entrySet()) {
                String name = configuration.getKey();
                if (firstConfiguration) {
                    phases.add(scenario.coldOnly("A", name));
                } else {
                    System.err.printf("%-10s restarting the API with %s%n", "perf", configuration.getValue());
                    stack.restartApis(configuration.getValue());
                    scenario.warmUp(name);
                }
                firstConfiguration = false;
                phases.add(scenario.coldBesideHot("B " + name, name));
                phases.add(scenario.hotAlone("C " + name, name));
            }
            boolean exact = phases.stream().allMatch(p -> p.check().exact());
            HotKeyReport report = new HotKeyReport(results.startedAt(), stack.apiUrl(), stack.mode(), OptionValues.of(command),
                    configurations, scenario.partition(), Runtime.getRuntime().availableProcessors(), floor, phases, exact, notes);
            report.print(System.out);
            Path json = results.writeJson("hotkey", report);
            System.out.println("results: " + json.toAbsolutePath());
            return exact ? 0 : 1;
        }
    }
}
