package dev.tally.compose.cli;

import dev.tally.compose.stack.StatusTable;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "status", description = "A table of the stack's processes: component, id, pid, port, up/down.")
final class StatusCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        var stack = TallyCli.stack();
        stack.externalKafka().ifPresent(kafka -> System.out.println("kafka: the external cluster at " + kafka.bootstrapServers()
                + " (tally neither starts nor stops it)"));
        StatusTable.print(stack.status(), System.out);
        return 0;
    }
}
