package dev.tally.client;

import dev.tally.client.api.Reply;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "top", description = "Print the keys with the most increments of the last minutes (or of the current"
        + " window of --window): a line KEY INCREMENTS per key, busiest first.")
final class TopCommand implements Callable<Integer> {

    @Option(names = "-n", defaultValue = "10", description = "How many keys, 1 to 1000 (default ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--window", description = "A window size of the processors' WINDOWS (e.g. 1m): the current window of it.")
    String window;

    @Mixin
    Connection connection;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws ClientFailure {
        Reply reply = Connection.success(connection.client().top(n, window));
        connection.printLines(spec.commandLine().getOut(), reply, "keys", entry -> entry.path("key").asText() + " " + entry.path("increments").asLong());
        return 0;
    }
}
