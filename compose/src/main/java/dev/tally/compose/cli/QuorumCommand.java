package dev.tally.compose.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "quorum", description = "Set the write quorum (min.insync.replicas) of a running stack's topics; starts nothing.")
final class QuorumCommand implements Callable<Integer> {

    @Parameters(paramLabel = "Q", description = "in-sync replicas a strong write needs, 1 to the replication factor")
    int quorum;

    @Override
    public Integer call() throws Exception {
        TallyCli.stack().setWriteQuorum(quorum);
        return 0;
    }
}
