package dev.tally.perf.chaos;

import dev.tally.compose.kafka.KafkaCluster;
import dev.tally.compose.stack.Component;
import dev.tally.compose.stack.Instance;
import dev.tally.perf.OptionValues;
import dev.tally.perf.ResultsOption;
import dev.tally.perf.TargetOptions;
import dev.tally.perf.check.CountCheck;
import dev.tally.perf.check.RunId;
import dev.tally.perf.load.Bound;
import dev.tally.perf.load.LoadGenerator;
import dev.tally.perf.load.RetryCondition;
import dev.tally.perf.load.RunResult;
import dev.tally.perf.report.ResultFiles;
import dev.tally.perf.scenario.Loads;
import dev.tally.perf.stack.BenchStack;
import dev.tally.perf.stack.StackTarget;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code perf chaos}, the exactness checker: N increments over K keys, each with its own
 * Idempotency-Key and sent again with it after any failure, while a broker and then a processor
 * are killed (and started again); then every counter is compared with the increments acknowledged.
 * Exit status 1 on any loss or duplicate.
 *
 * <p>The retries are the generator's own ({@link LoadGenerator#retryWhen}): it sends the very same
 * request again (so the same Idempotency-Key) after a 5xx, a 429 or no answer, on its event loop
 * and without holding a connection, and the latency of an increment covers all its sends. A retry
 * loop on top of the generator would have to run it in rounds, each waiting for its slowest request,
 * which is not how a client retries; one condition and a counter in the generator is all it takes.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Increments with idempotency keys while a broker and a processor are killed and restarted;",
                "then every counter must equal its acknowledged increments. Starts its own stack unless --url and --home."})
public final class ChaosCommand implements Callable<Integer> {

    /**
     * Longer than the API's own PRODUCE_TIMEOUT_MS (15 s), so that the API's 503 normally arrives
     * before the generator gives up on a request and sends it again.
     */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    static final Duration RETRY_BACK_OFF = Duration.ofMillis(100);

    @Mixin TargetOptions target;
    @Mixin ResultsOption results;
    @Spec CommandSpec command;

    @Option(names = "--increments", defaultValue = "20000", description = "Increments to send. Default ${DEFAULT-VALUE}.")
    int increments;

    @Option(names = "--keys", defaultValue = "100", description = "Counters they go round. Default ${DEFAULT-VALUE}.")
    int keys;

    @Option(names = "--connections", defaultValue = "16", description = "Closed-loop connections. Default ${DEFAULT-VALUE}.")
    int connections;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of the stack started. Default ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--broker-at", defaultValue = "0.3", description = "Share of the increments after which broker 2 is killed. Default ${DEFAULT-VALUE}.")
    double brokerAt;

    @Option(names = "--processor-at", defaultValue = "0.6", description = "Share after which processor 1 is killed. Default ${DEFAULT-VALUE}.")
    double processorAt;

    @Option(names = "--restart-after", defaultValue = "5", description = "Seconds after each kill the process is started again; 0: never. Default ${DEFAULT-VALUE}.")
    double restartAfter;

    @Option(names = "--partition", description = "Partition broker 2 and processor 1 at the fault proxies instead of killing them,"
            + " and heal them after --restart-after (a stack of its own behind proxies, or --url --home of one up with --net-faults or --hosts, where the cut is at the namespace's cable).")
    boolean partition;

    @Option(names = "--no-faults", description = "Kill nothing: the same load and check on a healthy stack.")
    boolean noFaults;

    @Option(names = "--max-retries", defaultValue = "300",
            description = "Sends of one increment after its first, 100 ms apart, before it is left for the resolution pass. Default ${DEFAULT-VALUE}.")
    int maxRetries;

    @Override
    public Integer call() throws Exception {
        if (increments < 1 || keys < 1 || connections < 1 || brokerAt < 0 || brokerAt > 1 || processorAt < 0 || processorAt > 1) {
            throw new IllegalArgumentException("--increments, --keys and --connections must be positive; --broker-at and --processor-at within 0..1");
        }
        RunId run = RunId.fresh();
        Duration restart = restartAfter > 0 ? Duration.ofMillis(Math.round(restartAfter * 1000)) : null;
        List<FaultSchedule.Fault> faults = noFaults ? List.of() : List.of(
                new FaultSchedule.Fault(KafkaCluster.broker(2), brokerAt, restart, partition),
                new FaultSchedule.Fault(new Instance(Component.PROCESSOR, 1), processorAt, restart, partition));

        try (StackTarget stack = partition && !noFaults
                ? target.openWithNetFaults(BenchStack.defaultShape(partitions), Map.of(), System.err)
                : target.open(!noFaults, BenchStack.defaultShape(partitions), Map.of(), System.err)) {
            ChaosLedger ledger = new ChaosLedger(Loads.keys(run, "chaos", "keys", keys), run.prefix("chaos", "increment"), increments);
            FaultSchedule schedule = noFaults ? new FaultSchedule(null, List.of())
                    : new FaultSchedule(stack.stack(), partition ? stack.net() : null, faults);
            schedule.start(ledger::acknowledged, increments, ledger.startNanos());
            RunResult load = generator(stack, connections, "chaos increments", ledger).bound(Bound.requests(increments)).run();
            List<FaultSchedule.Event> events = schedule.await();

            // After the faults: what never got a 202 is sent once more with its own key (a replay if it was written).
            RunResult resolution = null;
            int unresolved = ledger.prepareResend();
            if (unresolved > 0) {
                System.err.printf("%-10s sending the %d increments never acknowledged again, with their own keys%n", "chaos", unresolved);
                resolution = generator(stack, Math.min(connections, unresolved), "resolution pass", ledger)
                        .bound(Bound.requests(unresolved)).run();
                unresolved = ledger.prepareResend();
            }
            CountCheck.Outcome check = Loads.counted(stack, ledger.expectation());
            ChaosReport report = ChaosReport.of(results.startedAt(), stack, OptionValues.of(command), load, resolution,
                    ledger, events, unresolved, check);
            report.print(System.out);
            Path json = results.writeJson("chaos", report);
            Path png = ChaosReport.chart(ledger.ackTimes(), events, ResultFiles.chart(json, "acknowledged"));
            System.out.println("results: " + json.toAbsolutePath() + ", " + png.toAbsolutePath());
            return report.exact() ? 0 : 1;
        }
    }

    private LoadGenerator generator(StackTarget stack, int connectionCount, String name, ChaosLedger ledger) {
        return LoadGenerator.closedLoop(URI.create(stack.apiUrl()), connectionCount).name(name)
                .requests(ledger).onResponse(ledger)
                .retryWhen(RetryCondition.UNLESS_REFUSED, RETRY_BACK_OFF, maxRetries)
                .requestTimeout(REQUEST_TIMEOUT);
    }
}
