package dev.tally.compose.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "down", description = "Stop every process of the stack (brokers all at once). Data stays unless --purge.")
final class DownCommand implements Callable<Integer> {

    @Option(names = "--purge", description = "Also delete the stack's home: all counts, topics and logs.")
    boolean purge;

    @Override
    public Integer call() throws Exception {
        TallyCli.stack().down(purge);
        return 0;
    }
}
