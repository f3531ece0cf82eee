package dev.tally.compose.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "stop", description = "SIGTERM one process and wait for it to exit.")
final class StopCommand implements Callable<Integer> {

    @Mixin
    InstanceArgs target;

    @Override
    public Integer call() throws Exception {
        TallyCli.stack().stop(target.instance());
        return 0;
    }
}
