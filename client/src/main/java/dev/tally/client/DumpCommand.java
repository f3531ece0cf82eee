package dev.tally.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.client.api.Reply;
import dev.tally.client.api.TallyClient;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "dump", description = "Print every counter (KEY, VALUE), sorted by key, then how many there are;"
        + " read page by page, so memory stays flat however many counters there are.")
final class DumpCommand implements Callable<Integer> {

    @Mixin
    Connection connection;

    @Spec
    CommandSpec spec;

    @Option(names = "--page-size", defaultValue = "1000", description = "Counters per request (1 to 10000). Default ${DEFAULT-VALUE}.")
    int pageSize;

    @Override
    public Integer call() throws ClientFailure {
        TallyClient client = connection.client();
        PrintWriter out = spec.commandLine().getOut();
        long total = 0;
        String after = null;
        do {
            Reply reply = Connection.success(client.get("/dump?limit=" + pageSize
                    + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8))));
            if (connection.json) {
                out.println(reply.json().toString());
            } else {
                List<String> lines = ServerIds.counters(reply.json());
                lines.forEach(out::println);
                total += lines.size();
            }
            JsonNode next = reply.json().path("next");
            after = next.isTextual() ? next.asText() : null;
        } while (after != null);
        if (!connection.json) {
            out.println(ServerIds.total(total));
        }
        return 0;
    }
}
