package dev.tally.client;

import dev.tally.client.api.Reply;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "reset", description = "Set a counter to 0: every increment acknowledged before is cleared, every one"
        + " sent after counts. Prints OK and the partition and leader broker that took it, and the token.")
final class ResetCommand implements Callable<Integer> {

    @Parameters(paramLabel = "KEY", description = "The counter.")
    String key;

    @Mixin
    IdempotencyOption idempotency;

    @Mixin
    Connection connection;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws ClientFailure {
        Reply reply = Connection.success(connection.client().reset(key, idempotency.keyForThisRun()));
        spec.commandLine().getOut().println(connection.json ? reply.json().toString()
                : ServerIds.written(reply.json()) + ", token " + reply.json().path("token").asText());
        return 0;
    }
}
