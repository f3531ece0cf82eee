package dev.tally.perf;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Issue "Back-pressure and hot keys": does one hammered key slow down the other keys of its
 * partition, and what does the excess path (salted sub-keys over all partitions) change?
 * <pre>
 *   A  cold keys of the hot key's partition, alone                        → cold latency
 *   B  the same cold traffic while a hot key of that partition is hammered → cold latency, hot 202/s
 *   C  the hot key alone                                                   → hot 202/s and latency
 * </pre>
 * B and C run once with the excess path and once without it (EXCESS_THRESHOLD=1000000, API restarted),
 * and every phase ends with an exact-count check of every key it touched.
 */
@Command(name = "hotkey", mixinStandardHelpOptions = true,
        description = {"Cold-key latency beside a hot key on the same partition, and one hot key's throughput,",
                "with and without the excess path. Starts its own stack unless --url is given."})
final class HotKeyCommand implements Callable<Integer> {

    /** The API's defaults, explicit so that an EXCESS_* exported in this shell cannot blur the comparison. */
    static final Map<String, String> EXCESS_ON = Map.of("EXCESS_THRESHOLD", "50", "EXCESS_WINDOW", "10");
    /** No key reaches a million increments in 10 s here, so nothing ever spills. */
    static final Map<String, String> EXCESS_OFF = Map.of("EXCESS_THRESHOLD", "1000000", "EXCESS_WINDOW", "10");

    @Option(names = "--url", description = "Use this running stack instead of starting one; then only its current configuration is measured.")
    String url;

    @Option(names = "--requests", defaultValue = "1000", description = "Cold increments per cold client and phase. Default ${DEFAULT-VALUE}.")
    int requests;

    @Option(names = "--clients", defaultValue = "4", description = "Cold closed-loop clients. Default ${DEFAULT-VALUE}.")
    int clients;

    @Option(names = "--hot-clients", defaultValue = "16", description = "Closed-loop clients hammering the hot key. Default ${DEFAULT-VALUE}.")
    int hotClients;

    @Option(names = "--hot-requests", defaultValue = "20000", description = "Hot-key increments in each throughput phase (C). Default ${DEFAULT-VALUE}.")
    int hotRequests;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of the increments topic (of the stack started, or checked against --url). Default ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--no-excess-first", description = "Measure without the excess path first, then with it (the default order is the reverse), to see how much the order matters.")
    boolean noExcessFirst;

    @Option(names = "--results", defaultValue = "perf-results", description = "Directory for the JSON result file. Default ${DEFAULT-VALUE}/.")
    Path results;

    @Override
    public Integer call() throws Exception {
        if (requests < 1 || clients < 1 || hotClients < 1 || hotRequests < 1 || partitions < 1) {
            throw new IllegalArgumentException("--requests, --clients, --hot-clients, --hot-requests and --partitions must be positive");
        }
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String run = Long.toString(System.currentTimeMillis(), 36);
        Map<String, Map<String, String>> configurations = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        if (url == null) {
            if (noExcessFirst) {
                configurations.put("no-excess", EXCESS_OFF);
            }
            configurations.put("excess", EXCESS_ON);
            configurations.putIfAbsent("no-excess", EXCESS_OFF);
        } else {
            configurations.put("current", Map.of());
            notes.add("--url: the tool cannot restart that API with other settings, so only its current configuration"
                    + " was measured; the hot rows' excess column shows whether its excess path was on");
        }
        notes.add("closed loop of platform threads over java.net.http (HTTP/1.1); 429s retried after "
                + LoadLoop.BACK_OFF_MILLIS + " ms and not in the latencies; the load generator shares the machine's "
                + Runtime.getRuntime().availableProcessors() + " cores with the stack (its CPU is shown per traffic)");

        // Stack steps go to stderr with the progress lines, so stdout is only the results.
        Map<String, String> firstSettings = configurations.values().iterator().next();
        try (BenchStack bench = url == null ? BenchStack.up(BenchStack.spec(partitions), firstSettings, System.err) : null) {
            ApiClient api = new ApiClient(bench == null ? url : bench.spec().apiUrl());
            HotKeyScenario scenario = new HotKeyScenario(api, run, partitions, clients, requests, hotClients, hotRequests);
            scenario.checkPartitionCount();
            scenario.warmUp("start");
            LoadResult.Latency floor = scenario.httpFloor(200);

            List<HotKeyScenario.Phase> phases = new ArrayList<>();
            boolean first = true;
            for (Map.Entry<String, Map<String, String>> configuration : configurations.entrySet()) {
                String name = configuration.getKey();
                if (first) {
                    phases.add(scenario.coldOnly("A", name));
                } else {
                    System.err.printf("%-10s restarting the API with %s%n", "perf", configuration.getValue());
                    bench.restartApi(configuration.getValue());
                    scenario.warmUp(name);
                }
                first = false;
                phases.add(scenario.coldBesideHot("B " + name, name));
                phases.add(scenario.hotAlone("C " + name, name));
            }

            boolean exact = phases.stream().allMatch(p -> p.check().exact());
            HotKeyReport report = new HotKeyReport(startedAt, api.baseUrl(), url == null ? "own stack" : "--url", options(),
                    bench == null ? null : bench.spec(), configurations, scenario.partition(),
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), floor, phases, exact, notes);
            report.print(System.out);
            System.out.println("results: " + report.write(results).toAbsolutePath());
            return exact ? 0 : 1;
        }
    }

    private Map<String, Object> options() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("requests", requests);
        options.put("clients", clients);
        options.put("hotClients", hotClients);
        options.put("hotRequests", hotRequests);
        options.put("partitions", partitions);
        options.put("noExcessFirst", noExcessFirst);
        return options;
    }
}
