package dev.tally.perf;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/tally perf}: measurements against a running stack. */
@Command(name = "tally perf", mixinStandardHelpOptions = true,
        description = "Measures a running tally stack over HTTP.",
        subcommands = {LatencyCommand.class})
public final class PerfCli implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new PerfCli()).execute(args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
