package dev.tally.perf.stack;

import dev.tally.client.api.TallyClient;
import dev.tally.compose.stack.InternalSecret;
import dev.tally.compose.stack.StackHome;
import java.nio.file.Files;
import java.util.List;

/**
 * A client of one processor's internal API, with the stack's internal secret when its home has one,
 * as every stack the launcher started does.
 */
public final class ProcessorCalls {

    private ProcessorCalls() {
    }

    /** @param home the home of the stack the processor belongs to (a perf command's own stack, or --home) */
    public static TallyClient client(String processorUrl, StackHome home) {
        String secret = Files.isRegularFile(home.internalSecret()) ? InternalSecret.read(home) : null;
        return TallyClient.builder(List.of(processorUrl)).token(secret).build();
    }
}
