package dev.tally.client;

import dev.tally.client.api.Reply;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "windows", description = "Print a counter's series in tumbling windows of one size (the processors' WINDOWS):"
        + " a line START VALUE per window, oldest first, 0 where nothing was added.")
final class WindowsCommand implements Callable<Integer> {

    @Parameters(paramLabel = "KEY", description = "The counter.")
    String key;

    @Option(names = "--size", required = true, description = "The window size, one of the processors' WINDOWS (e.g. 1m).")
    String size;

    @Option(names = "--from", description = "The first window: ISO-8601 (2026-12-02T20:00:00Z) or epoch ms; default 60 windows before --to.")
    String from;

    @Option(names = "--to", description = "The last window, likewise; default now.")
    String to;

    @Mixin
    Connection connection;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws ClientFailure {
        Reply reply = Connection.success(connection.client().windows(key, size, from, to));
        connection.printLines(spec.commandLine().getOut(), reply, "windows", window -> window.path("start").asText() + " " + window.path("value").asLong());
        return 0;
    }
}
