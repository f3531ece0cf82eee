package dev.tally.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.domain.Json;
import dev.tally.server.http.JsonErrors;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /top} and {@code GET /counter/{key}/windows} over routed processors. */
class HistoryRoutesTest {

    private final FakeProcessors processors = new FakeProcessors();
    private final FakeTime time = new FakeTime();
    private final FakeProcessors.Instance one = processors.instance("processor-1", "127.0.0.1:8101").active(0, 1).standby(2, 3);
    private final FakeProcessors.Instance two = processors.instance("processor-2", "127.0.0.1:8102").active(2, 3).standby(0, 1);
    private final String a0 = FakeProcessors.keyIn(0);
    private final List<String> in1 = FakeProcessors.keysIn(1, 2);
    private final List<String> in3 = FakeProcessors.keysIn(3, 2);

    private Javalin app() {
        RoutingTable table = new RoutingTable(processors, List.of(one.url(), two.url()), Duration.ofSeconds(5), time);
        QueryApi api = new QueryApi(new RoutedCounterReader(table, processors, Duration.ofSeconds(3), time));
        return Javalin.create(config -> {
            api.addRoutes(config.routes);
            JsonErrors.install(config.routes);
        });
    }

    @BeforeEach
    void counts() {
        processors.set(a0, 7);
        processors.set(in1.get(0), 50);
        processors.set(in1.get(1), 2);
        processors.set(in3.get(0), 30);
        processors.set(in3.get(1), 7);
    }

    @Test
    void topAsksEveryInstanceOnceForItsPartitionsAndMergesTheirTopN() {
        JavalinTest.test(app(), (server, client) -> {
            var response = client.get("/top?n=3&window=1m");
            assertThat(response.code()).isEqualTo(200);
            JsonNode body = Json.MAPPER.readTree(response.body().string());
            assertThat(body.get("window").asText()).isEqualTo("1m");
            assertThat(body.get("count").asInt()).isEqualTo(3);
            assertThat(body.get("keys").toString()).isEqualTo("[{\"key\":\"" + in1.get(0) + "\",\"increments\":50},"
                    + "{\"key\":\"" + in3.get(0) + "\",\"increments\":30},"
                    + "{\"key\":\"" + minOf(a0, in3.get(1)) + "\",\"increments\":7}]");
            assertThat(processors.callsTo("top")).containsExactlyInAnyOrder(
                    "top " + one.url() + " [0, 1] 1m 3", "top " + two.url() + " [2, 3] 1m 3");
        });
    }

    @Test
    void topFallsBackToStandbysAndRefusesABadNAsJson() {
        one.unreachable();
        JavalinTest.test(app(), (server, client) -> {
            JsonNode body = Json.MAPPER.readTree(client.get("/top").body().string());
            assertThat(body.get("window").asText()).isEqualTo("recent");
            assertThat(body.get("count").asInt()).isEqualTo(5);
            for (String n : new String[] {"0", "1001", "ten", "-1"}) {
                var refused = client.get("/top?n=" + n);
                assertThat(refused.code()).as(n).isEqualTo(400);
                assertThat(refused.body().string()).contains("\"error\":\"invalid_n\"");
            }
        });
    }

    @Test
    void aProcessorsRefusalOfTheWindowSizeIsA400NotARetry() {
        one.failWith(400, "unknown_window_size");
        JavalinTest.test(app(), (server, client) -> {
            var refused = client.get("/counter/" + a0 + "/windows?size=7m");
            assertThat(refused.code()).isEqualTo(400);
            assertThat(refused.body().string()).contains("\"error\":\"unknown_window_size\"").doesNotContain("8101");
            assertThat(processors.callsTo("windows")).hasSize(1);
        });
    }

    @Test
    void aSeriesIsEveryWindowOfTheRangeFromTheActiveCopyThenTheStandby() {
        JavalinTest.test(app(), (server, client) -> {
            var response = client.get("/counter/" + a0 + "/windows?size=1m&from=2026-12-02T20:00:30Z&to=1796241720000");
            assertThat(response.code()).isEqualTo(200);
            JsonNode body = Json.MAPPER.readTree(response.body().string());
            assertThat(body.get("role").asText()).isEqualTo("active");
            assertThat(body.get("windows").toString()).isEqualTo("[{\"start\":\"2026-12-02T20:00:00Z\",\"end\":\"2026-12-02T20:01:00Z\",\"value\":7},"
                    + "{\"start\":\"2026-12-02T20:01:00Z\",\"end\":\"2026-12-02T20:02:00Z\",\"value\":7},"
                    + "{\"start\":\"2026-12-02T20:02:00Z\",\"end\":\"2026-12-02T20:03:00Z\",\"value\":7}]");

            one.unreachable();
            JsonNode standby = Json.MAPPER.readTree(client.get("/counter/" + a0 + "/windows?size=1m").body().string());
            assertThat(standby.get("role").asText()).isEqualTo("standby");
            assertThat(standby.get("windows").size()).isEqualTo(60);
        });
    }

    @Test
    void badWindowParametersAre400sWithJsonBodies() {
        JavalinTest.test(app(), (server, client) -> {
            String path = "/counter/" + a0 + "/windows";
            expect(client.get(path), "invalid_size");
            expect(client.get(path + "?size=1y"), "invalid_size");
            expect(client.get(path + "?size=1m&from=yesterday"), "invalid_time");
            expect(client.get(path + "?size=1m&from=2000&to=1000"), "invalid_range");
            expect(client.get(path + "?size=1s&from=0&to=2026-01-01T00:00:00Z"), "too_many_windows");
            expect(client.get("/counter/%20/windows?size=1m"), "invalid_key");
            assertThat(processors.callsTo("windows")).isEmpty();
        });
    }

    private static void expect(io.javalin.testtools.Response response, String error) throws java.io.IOException {
        assertThat(response.code()).isEqualTo(400);
        assertThat(response.headers().get("Content-Type").get(0)).startsWith("application/json");
        assertThat(response.body().string()).contains("\"error\":\"" + error + "\"");
    }

    private static String minOf(String a, String b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
