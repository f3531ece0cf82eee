package dev.tally.compose.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "kill", description = "SIGKILL one process, as in a crash (for failure tests).")
final class KillCommand implements Callable<Integer> {

    @Mixin
    InstanceArgs target;

    @Override
    public Integer call() throws Exception {
        TallyCli.stack().kill(target.instance());
        return 0;
    }
}
