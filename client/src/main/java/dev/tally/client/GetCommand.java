package dev.tally.client;

import dev.tally.client.api.ReadOptions;
import dev.tally.client.api.Reply;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "get", description = "Read one or more counters; prints KEY, VALUE and the processor that answered,"
        + " active or standby, one line per counter.")
final class GetCommand implements Callable<Integer> {

    @Parameters(paramLabel = "KEY", arity = "1..*", description = "The counters; several are read in one request.")
    List<String> keys;

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
        ReadOptions options = new ReadOptions(consistency, maxLag, after);
        if (keys.size() == 1) {
            Reply reply = Connection.success(connection.client().read(keys.get(0), options));
            spec.commandLine().getOut().println(connection.json ? reply.json().toString() : ServerIds.read(reply.json()));
            return 0;
        }
        if (after != null) {
            throw new IllegalArgumentException("--after is the token of one counter's write: read that counter alone");
        }
        Reply reply = Connection.success(connection.client().readAll(keys, options));
        if (connection.json) {
            spec.commandLine().getOut().println(reply.json().toString());
        } else {
            reply.json().path("counters").forEach(counter -> spec.commandLine().getOut().println(ServerIds.read(counter)));
        }
        return 0;
    }
}
