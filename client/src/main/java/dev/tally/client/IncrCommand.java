package dev.tally.client;

import dev.tally.client.api.IncrementOptions;
import dev.tally.client.api.Reply;
import java.util.UUID;
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

    @Option(names = "--idempotency-key", description = "Sent as Idempotency-Key; default: a new one for this command,"
            + " so that its own retries count once.")
    String idempotencyKey;

    @Mixin
    Connection connection;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws ClientFailure {
        String idempotency = idempotencyKey != null ? idempotencyKey : "tally-cli-" + UUID.randomUUID();
        Reply reply = Connection.success(connection.client().increment(key,
                IncrementOptions.by(by).withConsistency(consistency).withIdempotencyKey(idempotency)));
        spec.commandLine().getOut().println(connection.json ? reply.json().toString() : ServerIds.written(reply.json()));
        return 0;
    }
}
