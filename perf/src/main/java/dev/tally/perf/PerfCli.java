package dev.tally.perf;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/tally perf}: measurements against a running stack, or one a scenario starts for itself. */
@Command(name = "tally perf", mixinStandardHelpOptions = true,
        description = "Measures a tally stack over HTTP.",
        subcommands = {LatencyCommand.class, HotKeyCommand.class, CeilingCommand.class, ChaosCommand.class, ReplicationCommand.class, BalanceCommand.class, ConsistencyCommand.class, QuorumCommand.class, RebalanceCommand.class, dev.tally.perf.load.GeneratorCommand.class})
public final class PerfCli implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new PerfCli()).execute(args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
