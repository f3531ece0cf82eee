package dev.tally.perf;

import dev.tally.perf.ceiling.CeilingCommand;
import dev.tally.perf.chaos.ChaosCommand;
import dev.tally.perf.chaos.SoakCommand;
import dev.tally.perf.load.GeneratorCommand;
import dev.tally.perf.scenario.BalanceCommand;
import dev.tally.perf.scenario.ConsistencyCommand;
import dev.tally.perf.scenario.HotKeyCommand;
import dev.tally.perf.scenario.LatencyCommand;
import dev.tally.perf.scenario.QuorumCommand;
import dev.tally.perf.scenario.RebalanceCommand;
import dev.tally.perf.scenario.ReplicationCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/tally perf}: measurements of a tally stack over HTTP, every load from the Netty load
 * generator ({@code dev.tally.perf.load}). Each scenario starts the stack it needs on free ports,
 * or runs on a running one with {@code --url} (and {@code --home} where it kills, starts or
 * reconfigures processes).
 */
@Command(name = "tally perf", mixinStandardHelpOptions = true,
        description = "Measures a tally stack over HTTP.",
        subcommands = {CeilingCommand.class, LatencyCommand.class, HotKeyCommand.class, ChaosCommand.class, SoakCommand.class,
                ReplicationCommand.class, BalanceCommand.class, ConsistencyCommand.class, QuorumCommand.class,
                RebalanceCommand.class, GeneratorCommand.class})
public final class PerfCli implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new PerfCli()).execute(args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
