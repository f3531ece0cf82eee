package dev.tally.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The text the client prints: which server took a write, which answered a read. */
final class ServerIds {

    private ServerIds() {
    }

    /** {@code OK, partition 4 (leader broker 2)}, or {@code OK, excess partition 3 (leader unknown)} for a hot key's spill. */
    static String written(JsonNode accepted) {
        String queue = "excess".equals(accepted.path("queue").asText()) ? "excess " : "";
        JsonNode leader = accepted.path("leader");
        return "OK, " + queue + "partition " + accepted.path("partition").asInt() + " ("
                + (leader.isNumber() ? "leader broker " + leader.asInt() : "leader unknown") + ")";
    }

    /** {@code hits, 42, processor-1 (active)} or {@code hits, 42, processor-2 (standby, lag 3)}. */
    static String read(JsonNode counter) {
        String role = counter.path("role").asText();
        JsonNode lag = counter.path("lag");
        boolean showLag = !"active".equals(role) || (lag.isNumber() && lag.asLong() > 0);
        return counter.path("key").asText() + ", " + counter.path("value").asLong() + ", "
                + counter.path("instance").asText() + " (" + role
                + (showLag ? ", lag " + (lag.isNumber() ? lag.asLong() : "unknown") : "") + ")";
    }

    /** {@code KEY, VALUE} per counter, then how many. */
    static List<String> dump(JsonNode dump) {
        List<String> lines = counters(dump);
        lines.add(total(lines.size()));
        return lines;
    }

    /** {@code KEY, VALUE} per counter of one dump page. */
    static List<String> counters(JsonNode page) {
        List<String> lines = new ArrayList<>();
        page.path("counters").fields().forEachRemaining(e -> lines.add(e.getKey() + ", " + e.getValue().asLong()));
        return lines;
    }

    static String total(long count) {
        return count + (count == 1 ? " counter" : " counters");
    }
}
