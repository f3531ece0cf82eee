package dev.tally.client;

import java.util.ArrayList;
import java.util.List;
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
        List<String> query = new ArrayList<>();
        if (consistency != null) {
            query.add("consistency=" + Connection.query(consistency));
        }
        if (maxLag != null) {
            query.add("max_lag=" + maxLag);
        }
        if (after != null) {
            query.add("after=" + Connection.query(after));
        }
        String path = "/counter/" + Connection.segment(key) + (query.isEmpty() ? "" : "?" + String.join("&", query));
        RetryingHttp.Answer answer = connection.http().get(path);
        spec.commandLine().getOut().println(connection.json ? answer.body().toString() : ServerIds.read(answer.body()));
        return 0;
    }
}
