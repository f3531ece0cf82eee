package dev.tally.client;

import dev.tally.client.api.Reply;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "dump", description = "Print every counter (KEY, VALUE), sorted by key, then how many there are.")
final class DumpCommand implements Callable<Integer> {

    @Mixin
    Connection connection;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws ClientFailure {
        Reply reply = Connection.success(connection.client().dump());
        if (connection.json) {
            spec.commandLine().getOut().println(reply.json().toString());
        } else {
            ServerIds.dump(reply.json()).forEach(spec.commandLine().getOut()::println);
        }
        return 0;
    }
}
