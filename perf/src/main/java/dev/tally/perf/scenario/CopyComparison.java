package dev.tally.perf.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.client.api.Paths;
import dev.tally.client.api.Reply;
import dev.tally.client.api.TallyClient;
import java.util.List;

/** Whether the active and the standby copy of a counter agree right now: each processor answers for its own copy. */
final class CopyComparison {

    private final List<TallyClient> processors;

    CopyComparison(List<String> processorUrls, dev.tally.compose.stack.StackHome home) {
        this.processors = processorUrls.stream().map(url -> dev.tally.perf.stack.ProcessorCalls.client(url, home)).toList();
    }

    /** Keys whose active and standby copies show different values (or one of them could not be read). */
    int mismatches(List<String> keys) {
        int mismatched = 0;
        for (String key : keys) {
            Long active = null;
            Long standby = null;
            for (TallyClient processor : processors) {
                Reply reply = processor.get("/internal/counter/" + Paths.segment(key));
                if (reply.status() == 200) {
                    JsonNode copy = reply.json();
                    if ("active".equals(copy.path("role").asText())) {
                        active = copy.path("value").asLong();
                    } else {
                        standby = copy.path("value").asLong();
                    }
                }
            }
            if (active == null || !active.equals(standby)) {
                mismatched++;
            }
        }
        return mismatched;
    }
}
