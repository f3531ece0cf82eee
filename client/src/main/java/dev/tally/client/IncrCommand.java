package dev.tally.client;

import dev.tally.client.api.IncrementOptions;
import dev.tally.client.api.Reply;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "incr", description = "Increment a counter; prints OK and the partition and leader broker that took it.")
final class IncrCommand implements Callable<Integer> {

    @Parameters(paramLabel = "KEY", description = "The counter.")
    String key;

    @Option(names = "--by", defaultValue = "1", description = "The delta, any non-zero 64-bit integer. Default ${DEFAULT-VALUE}.")
    long by;

    @Option(names = "--consistency", description = "strong (acks=all, the API's default) or eventual (acks=1).")
    String consistency;

    @Mixin
    IdempotencyOption idempotency;

    @Mixin
    Connection connection;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws ClientFailure {
        Reply reply = Connection.success(connection.client().increment(key,
                IncrementOptions.by(by).withConsistency(consistency).withIdempotencyKey(idempotency.keyForThisRun())));
        spec.commandLine().getOut().println(connection.json ? reply.json().toString() : ServerIds.written(reply.json()));
        return 0;
    }
}
