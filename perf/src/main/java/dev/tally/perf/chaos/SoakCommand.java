package dev.tally.perf.chaos;

import dev.tally.compose.kafka.KafkaCluster;
import dev.tally.compose.stack.Component;
import dev.tally.compose.stack.Instance;
import dev.tally.compose.stack.ProcessTable;
import dev.tally.compose.stack.StatusRow;
import dev.tally.perf.ResultsOption;
import dev.tally.perf.TargetOptions;
import dev.tally.perf.check.CountCheck;
import dev.tally.perf.check.RunId;
import dev.tally.perf.load.Bound;
import dev.tally.perf.load.LoadGenerator;
import dev.tally.perf.load.RetryCondition;
import dev.tally.perf.load.RunResult;
import dev.tally.perf.scenario.Loads;
import dev.tally.perf.stack.BenchStack;
import dev.tally.perf.stack.StackTarget;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code perf soak}: a long open-loop load of idempotent increments while a processor and a broker are
 * killed and started again, twice each; the RSS of every process sampled throughout from /proc. Reports
 * each process's RSS once warm and at the end (growth), and checks every counter exactly at the end.
 * Exit status 1 on a wrong count or a process that grew more than {@code --max-growth} percent.
 */
@Command(name = "soak", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Minutes of load with a processor and a broker killed and restarted twice each; the RSS of every",
                "process sampled from /proc, its growth after warm-up reported; exact counts at the end. Needs the stack's home."})
public final class SoakCommand implements Callable<Integer> {

    @Mixin TargetOptions target;
    @Mixin ResultsOption results;

    @Option(names = "--minutes", defaultValue = "10", description = "How long the load runs. Default ${DEFAULT-VALUE}.")
    double minutes;

    @Option(names = "--rate", defaultValue = "400", description = "Increments per second (pick about half the stack's capacity). Default ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--keys", defaultValue = "1000", description = "Counters the load goes round. Default ${DEFAULT-VALUE}.")
    int keys;

    @Option(names = "--stack-warm-up-seconds", defaultValue = "180",
            description = "Unmeasured load at --rate before the soak (idempotent increments on keys of their own, not counted):"
                    + " a fresh stack's JVMs compile their hot code for minutes, and a stack that starts behind the rate builds a"
                    + " backlog the faults then land on. 0 skips it. Default ${DEFAULT-VALUE}.")
    double stackWarmUpSeconds;

    @Option(names = "--warm-up", defaultValue = "120", description = "Seconds after a process (re)started before its RSS is the baseline. Default ${DEFAULT-VALUE}.")
    double warmUpSeconds;

    @Option(names = "--sample-every", defaultValue = "5", description = "Seconds between RSS samples. Default ${DEFAULT-VALUE}.")
    double sampleEvery;

    @Option(names = "--restart-after", defaultValue = "10", description = "Seconds after each kill the process is started again. Default ${DEFAULT-VALUE}.")
    double restartAfter;

    @Option(names = "--max-growth", defaultValue = "10", description = "Allowed RSS growth in percent after warm-up. Default ${DEFAULT-VALUE}.")
    double maxGrowth;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions of the stack started. Default ${DEFAULT-VALUE}.")
    int partitions;

    @Override
    public Integer call() throws Exception {
        if (minutes <= 0 || rate <= 0 || keys < 1) {
            throw new IllegalArgumentException("--minutes, --rate and --keys must be positive");
        }
        long increments = Math.round(rate * minutes * 60);
        RunId run = RunId.fresh();
        Duration restart = Duration.ofMillis(Math.round(restartAfter * 1000));
        Instance processor = new Instance(Component.PROCESSOR, 1);
        Instance broker = KafkaCluster.broker(2);
        // Twice each, spread over the run, none in the first fifth so that every process is warm at its first kill.
        List<FaultSchedule.Fault> faults = List.of(new FaultSchedule.Fault(processor, 0.2, restart),
                new FaultSchedule.Fault(broker, 0.35, restart), new FaultSchedule.Fault(processor, 0.5, restart),
                new FaultSchedule.Fault(broker, 0.65, restart));

        try (StackTarget stack = target.open(true, BenchStack.defaultShape(partitions), Map.of(), System.err)) {
            ProcessTable processes = new ProcessTable(stack.stack().home());
            List<Instance> everyProcess = new ArrayList<>(stack.stack().status().stream().map(StatusRow::instance).toList());
            warmUpStack(stack, run);
            ChaosLedger ledger = new ChaosLedger(Loads.keys(run, "soak", "keys", keys), run.prefix("soak", "increment"), increments);
            RunResult load;
            List<FaultSchedule.Event> events;
            RssSampler rss = new RssSampler(everyProcess, instance -> processes.find(instance)
                    .map(handle -> OptionalLong.of(handle.pid())).orElse(OptionalLong.empty()),
                    Math.round(sampleEvery * 1000), ledger.startNanos()).start();
            try {
                FaultSchedule schedule = new FaultSchedule(stack.stack(), faults).start(ledger::acknowledged, increments, ledger.startNanos());
                load = LoadGenerator.openLoop(URI.create(stack.apiUrl()), rate).name("soak increments")
                        .requests(ledger).onResponse(ledger)
                        .retryWhen(RetryCondition.UNLESS_REFUSED, ChaosCommand.RETRY_BACK_OFF, 300)
                        .requestTimeout(ChaosCommand.REQUEST_TIMEOUT)
                        .bound(Bound.requests(increments)).run();
                events = schedule.await();
            } finally {
                rss.close();
            }
            int unresolved = ledger.prepareResend();
            if (unresolved > 0) {
                LoadGenerator.closedLoop(URI.create(stack.apiUrl()), Math.min(16, unresolved)).name("resolution pass")
                        .requests(ledger).onResponse(ledger).retryWhen(RetryCondition.UNLESS_REFUSED, ChaosCommand.RETRY_BACK_OFF, 300)
                        .requestTimeout(ChaosCommand.REQUEST_TIMEOUT).bound(Bound.requests(unresolved)).run();
                unresolved = ledger.prepareResend();
            }
            CountCheck.Outcome check = Loads.counted(stack, ledger.expectation());
            Map<Instance, List<RssSampler.Sample>> samples = rss.samples();
            Map<String, List<RssSampler.Sample>> samplesByName = new LinkedHashMap<>();
            samples.forEach((instance, list) -> samplesByName.put(instance.name(), list));
            SoakReport report = new SoakReport(results.startedAt(), minutes, rate, load, events, RssGrowth.of(samples, warmUpSeconds),
                    ledger.acknowledged(), check.countedTotal(), check.exact(), unresolved, maxGrowth, samplesByName);
            report.print(System.out);
            System.out.println("results: " + results.writeJson("soak", report).toAbsolutePath());
            return report.exact() && report.withinGrowth() ? 0 : 1;
        }
    }

    /** The same kind of load as the soak's, unmeasured and unchecked, on keys nothing else writes. */
    private void warmUpStack(StackTarget stack, RunId run) throws InterruptedException {
        if (stackWarmUpSeconds <= 0) {
            return;
        }
        System.err.printf("soak: warming the stack up, %.0f s unmeasured at %.0f/s%n", stackWarmUpSeconds, rate);
        List<String> warmKeys = Loads.keys(run, "soak", "warm-up", keys);
        String idempotencyPrefix = run.prefix("soak", "warm-up-increment");
        Loads.open(stack, rate, "soak warm-up")
                .requests(index -> Loads.increment(warmKeys.get((int) (index % warmKeys.size())))
                        .withHeader("Idempotency-Key", idempotencyPrefix + index))
                .warmUp(Bound.duration(Duration.ofMillis(Math.round(stackWarmUpSeconds * 1000)))).bound(Bound.requests(0)).run();
    }
}
