package dev.tally.perf;

import dev.tally.compose.kafka.KafkaCluster;
import dev.tally.compose.stack.Component;
import dev.tally.compose.stack.Instance;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Issue "Fault tolerance", the exactness checker: N increments over K keys, each with its own
 * Idempotency-Key and retried with it after any failure, while a broker and then a processor are
 * killed (and started again); then every counter is compared with the increments acknowledged.
 * Exit status 1 on any loss or duplicate.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = {"Increments with idempotency keys while a broker and a processor are killed and restarted;",
                "then every counter must equal its acknowledged increments. Starts its own stack unless --url/--home."})
final class ChaosCommand implements Callable<Integer> {

    @Option(names = "--increments", defaultValue = "20000", description = "Increments to send. Default ${DEFAULT-VALUE}.")
    int increments;

    @Option(names = "--keys", defaultValue = "100", description = "Counters they go round. Default ${DEFAULT-VALUE}.")
    int keys;

    @Option(names = "--clients", defaultValue = "16", description = "Closed-loop clients. Default ${DEFAULT-VALUE}.")
    int clients;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of the stack started. Default ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--broker-at", defaultValue = "0.3", description = "Share of the increments after which broker 2 is killed. Default ${DEFAULT-VALUE}.")
    double brokerAt;

    @Option(names = "--processor-at", defaultValue = "0.6", description = "Share after which processor 1 is killed. Default ${DEFAULT-VALUE}.")
    double processorAt;

    @Option(names = "--restart-after", defaultValue = "5", description = "Seconds after each kill the process is started again; 0: never. Default ${DEFAULT-VALUE}.")
    int restartAfter;

    @Option(names = "--no-faults", description = "Kill nothing: the same load and check on a healthy stack.")
    boolean noFaults;

    @Option(names = "--max-attempts", defaultValue = "30", description = "Sends of one increment before it is left for the resolution pass. Default ${DEFAULT-VALUE}.")
    int maxAttempts;

    @Option(names = "--url", description = "API of a running stack (needs --home).")
    String url;

    @Option(names = "--home", description = "TALLY_HOME of that stack, so its processes can be killed and started.")
    Path home;

    @Option(names = "--results", defaultValue = "perf-results", description = "Directory for the JSON and PNG. Default ${DEFAULT-VALUE}/.")
    Path results;

    @Override
    public Integer call() throws Exception {
        if (increments < 1 || keys < 1 || clients < 1 || brokerAt < 0 || brokerAt > 1 || processorAt < 0 || processorAt > 1) {
            throw new IllegalArgumentException("--increments, --keys and --clients must be positive; --broker-at and --processor-at within 0..1");
        }
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String run = Long.toString(System.currentTimeMillis(), 36);
        Duration restart = restartAfter > 0 ? Duration.ofSeconds(restartAfter) : null;
        List<FaultSchedule.Fault> faults = noFaults ? List.of() : List.of(
                new FaultSchedule.Fault(KafkaCluster.broker(2), brokerAt, restart),
                new FaultSchedule.Fault(new Instance(Component.PROCESSOR, 1), processorAt, restart));
        RetryPolicy policy = new RetryPolicy(maxAttempts, Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ofSeconds(20));

        try (StackTarget target = StackTarget.open(url, home, BenchStack.spec(partitions), Map.of(), System.err)) {
            ApiClient api = new ApiClient(target.apiUrl());
            ChaosLoad load = new ChaosLoad(api, run, keys, clients, increments, policy).start();
            FaultSchedule schedule = new FaultSchedule(target.stack(), faults).start(load::finished, increments, load.startNanos());
            ChaosLoad.Outcome outcome = load.await();
            List<FaultSchedule.Event> events = schedule.await();

            // After the faults: what never got a 202 is sent once more with its own key (a replay if it was written).
            Map<String, Long> acknowledged = new HashMap<>(outcome.load().acceptedByKey());
            long unresolved = outcome.unresolved().size();
            if (unresolved > 0) {
                ChaosLoad.Outcome pass = load.resolve(outcome.unresolved());
                pass.load().acceptedByKey().forEach((key, n) -> acknowledged.merge(key, n, Long::sum));
                unresolved = pass.unresolved().size();
            }
            for (int k = 0; k < keys && k < increments; k++) {
                acknowledged.putIfAbsent(load.keyOf(k), 0L);
            }
            CountCheck.Outcome check = new CountCheck(api::value, Duration.ofSeconds(120), Duration.ofMillis(500)).await(acknowledged);
            ChaosReport report = report(startedAt, target, outcome, events, acknowledged, unresolved, check);
            report.print(System.out);
            Path json = report.write(results);
            Path png = ChaosReport.chart(outcome.ackNanos(), events, json.resolveSibling(json.getFileName().toString().replace(".json", ".png")));
            System.out.println("results: " + json.toAbsolutePath() + ", " + png.toAbsolutePath());
            return report.exact() ? 0 : 1;
        }
    }

    private ChaosReport report(String startedAt, StackTarget target, ChaosLoad.Outcome outcome, List<FaultSchedule.Event> events,
                               Map<String, Long> acknowledged, long unresolved, CountCheck.Outcome check) {
        long expected = acknowledged.values().stream().mapToLong(Long::longValue).sum();
        long lost = 0;
        long duplicated = 0;
        for (CountCheck.Mismatch m : check.mismatches()) {
            long difference = m.actual() == CountCheck.UNREADABLE ? -m.expected() : m.actual() - m.expected();
            lost += Math.max(0, -difference);
            duplicated += Math.max(0, difference);
        }
        long[] acks = outcome.ackNanos();
        double longestPause = 0;
        double longestPauseAt = 0;
        for (int i = 1; i < acks.length; i++) {
            double gap = (acks[i] - acks[i - 1]) / 1e9;
            if (gap > longestPause) {
                longestPause = gap;
                longestPauseAt = acks[i - 1] / 1e9;
            }
        }
        return new ChaosReport(startedAt, target.apiUrl(), target.mode(), options(), target.spec(), outcome.load(),
                outcome.replays(), outcome.retriesByCause(), events, expected, check.countedTotal(), lost, duplicated,
                unresolved, longestPause, longestPauseAt, check, check.exact() && unresolved == 0);
    }

    private Map<String, Object> options() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("increments", increments);
        options.put("keys", keys);
        options.put("clients", clients);
        options.put("partitions", partitions);
        options.put("brokerAt", brokerAt);
        options.put("processorAt", processorAt);
        options.put("restartAfterSec", restartAfter);
        options.put("faults", !noFaults);
        options.put("maxAttempts", maxAttempts);
        return options;
    }
}
