package dev.tally.compose.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "start", description = "Start one process of a running stack (a new processor id adds a processor) and wait until it is healthy.")
final class StartCommand implements Callable<Integer> {

    @Mixin
    InstanceArgs target;

    @Override
    public Integer call() throws Exception {
        TallyCli.stack().start(target.instance());
        return 0;
    }
}
