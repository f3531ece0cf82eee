package dev.tally.client;

import dev.tally.client.api.ReadOptions;
import dev.tally.client.api.Reply;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "get", description = "Read a counter; prints KEY, VALUE and the processor that answered, active or standby.")
final class GetCommand implements Callable<Integer> {

    @Parameters(paramLabel = "KEY", description = "The counter.")
    String key;

    @Option(names = "--consistency", description = "eventual (any copy, the default) or strong (the active copy only).")
    String consistency;

    @Option(names = "--max-lag", description = "Only a copy at most this many changelog records behind.")
    Long maxLag;

    @Option(names = "--after", description = "The token of an increment's 202: answer only with a value that includes it.")
    String after;

    @Mixin
    Connection connection;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws ClientFailure {
        Reply reply = Connection.success(connection.client().read(key, new ReadOptions(consistency, maxLag, after)));
        spec.commandLine().getOut().println(connection.json ? reply.json().toString() : ServerIds.read(reply.json()));
        return 0;
    }
}
