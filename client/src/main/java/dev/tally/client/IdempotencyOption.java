package dev.tally.client;

import java.util.UUID;
import picocli.CommandLine.Option;

/** {@code --idempotency-key} of the writing commands: each run sends one key, so its own retries apply once. */
final class IdempotencyOption {

    @Option(names = "--idempotency-key", description = "Sent as Idempotency-Key; default: a new one for this command,"
            + " so that its own retries apply once.")
    String idempotencyKey;

    /** The key given, or a new one for this run. */
    String keyForThisRun() {
        return idempotencyKey != null ? idempotencyKey : "tally-cli-" + UUID.randomUUID();
    }
}
