package dev.tally.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.domain.Json;
import dev.tally.server.http.ApiException;
import dev.tally.server.http.JsonErrors;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class DumpStreamTest {

    private static final int COUNTERS = 2 * DumpStream.PAGE + 7;

    /** Pages out of a map; records each page asked; the page after {@code failAfter} fails like a partition without copies. */
    private static final class PagedReader extends PagesOnlyReader {
        final Map<String, Long> counts = new TreeMap<>();
        final List<String> cursors = new CopyOnWriteArrayList<>();
        final List<Integer> limits = new CopyOnWriteArrayList<>();
        String failAfter = "never";

        @Override
        public DumpPage dumpPage(String after, int limit) {
            cursors.add(String.valueOf(after));
            limits.add(limit);
            if (String.valueOf(after).equals(failAfter)) {
                throw ApiException.unavailable("no_replica_available", "no copy of partition 3 answered");
            }
            return DumpPage.of(counts, after, limit);
        }
    }

    private final PagedReader reader = new PagedReader();

    private Javalin app() {
        QueryApi api = new QueryApi(reader);
        return Javalin.create(config -> {
            api.addRoutes(config.routes);
            JsonErrors.install(config.routes);
        });
    }

    private void fill() {
        for (int i = 0; i < COUNTERS; i++) {
            reader.counts.put(String.format("k%05d", i), (long) i);
        }
    }

    private static List<JsonNode> lines(String body) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            lines.add(Json.MAPPER.readTree(line));
        }
        return lines;
    }

    @Test
    void theWholeDumpStreamsAsOneLinePerCounterPageByPage() {
        fill();
        JavalinTest.test(app(), (server, client) -> {
            var response = client.get("/dump?format=ndjson");
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.headers().get("Content-Type").get(0)).startsWith("application/x-ndjson");
            List<JsonNode> lines = lines(response.body().string());
            assertThat(lines).hasSize(COUNTERS);
            assertThat(lines.get(0).toString()).isEqualTo("{\"key\":\"k00000\",\"value\":0}");
            assertThat(lines).extracting(l -> l.get("key").asText()).isSorted().doesNotHaveDuplicates();
            assertThat(lines.stream().mapToLong(l -> l.get("value").asLong()).sum()).isEqualTo((long) COUNTERS * (COUNTERS - 1) / 2);
            // Three pages, each asked after the last key of the one before: never more than a page at once.
            assertThat(reader.limits).containsOnly(DumpStream.PAGE).hasSize(3);
            assertThat(reader.cursors).containsExactly("null", "k01999", "k03999");
        });
    }

    @Test
    void theAcceptHeaderAsksForItTooAndAfterStartsItLater() {
        fill();
        JavalinTest.test(app(), (server, client) -> {
            var response = client.request("/dump?after=k04000", b -> b.header("Accept", "application/x-ndjson"));
            List<JsonNode> lines = lines(response.body().string());
            assertThat(lines).extracting(l -> l.get("key").asText()).containsExactly("k04001", "k04002", "k04003", "k04004",
                    "k04005", "k04006");
        });
    }

    @Test
    void aPageThatCannotBeReadEndsTheStreamWithAnErrorLine() {
        fill();
        reader.failAfter = "k01999";
        JavalinTest.test(app(), (server, client) -> {
            var response = client.get("/dump?format=ndjson");
            List<JsonNode> lines = lines(response.body().string());
            assertThat(lines).hasSize(DumpStream.PAGE + 1);
            JsonNode last = lines.get(lines.size() - 1);
            assertThat(last.get("error").asText()).isEqualTo("no_replica_available");
            assertThat(last.get("message").asText()).contains("after \"k01999\"");
        });
    }

    @Test
    void aFirstPageThatCannotBeReadIsAnOrdinaryJsonError() {
        fill();
        reader.failAfter = "null";
        JavalinTest.test(app(), (server, client) -> {
            var response = client.get("/dump?format=ndjson");
            assertThat(response.code()).isEqualTo(503);
            assertThat(Json.MAPPER.readTree(response.body().string()).get("error").asText()).isEqualTo("no_replica_available");
        });
    }
}
