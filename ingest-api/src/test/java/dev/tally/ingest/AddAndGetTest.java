package dev.tally.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.domain.Json;
import dev.tally.domain.WriteToken;
import dev.tally.domain.wire.LocalCount;
import dev.tally.query.IdempotentWrites;
import dev.tally.query.ReadBack;
import dev.tally.server.ConsistencyMetrics;
import dev.tally.server.http.ApiException;
import dev.tally.server.http.JsonErrors;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** {@code POST /counter/{key}/increment?return=value}: the value including the increment, through its token. */
class AddAndGetTest {

    private final MockProducer<String, String> producer =
            new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
    private final List<WriteToken> tokensRead = new CopyOnWriteArrayList<>();

    private Javalin app(ReadBack readBack) {
        ReadBack recording = (key, token) -> {
            tokensRead.add(token);
            return readBack.afterWrite(key, token);
        };
        IngestApi api = new IngestApi(new IncrementLog(producer, Duration.ofSeconds(1)), IngestConfig.defaults("unused:9092"),
                FixedBacklog.empty(), new ConsistencyMetrics(), IdempotentWrites.NONE, recording);
        return Javalin.create(config -> {
            api.addRoutes(config.routes);
            JsonErrors.install(config.routes);
        });
    }

    @Test
    void theValueIsReadThroughTheIncrementsOwnTokenAndAnswered200() {
        JavalinTest.test(app((key, token) -> new LocalCount(key, 47, token.partition(), LocalCount.STANDBY, "processor-2", 1L)),
                (server, client) -> {
                    var response = client.post("/counter/page/increment?by=5&return=value");

                    assertThat(response.code()).isEqualTo(200);
                    JsonNode body = Json.MAPPER.readTree(response.body().string());
                    assertThat(body.get("value").asLong()).isEqualTo(47);
                    assertThat(body.get("by").asLong()).isEqualTo(5);
                    assertThat(body.get("role").asText()).isEqualTo("standby");
                    assertThat(body.get("lag").asLong()).isEqualTo(1);
                    assertThat(tokensRead).singleElement()
                            .satisfies(token -> assertThat(token.toString()).isEqualTo(body.get("token").asText()));
                    assertThat(tokensRead.get(0).offset()).isEqualTo(producer.history().size() - 1);
                });
    }

    @Test
    void whenNoCopyShowsItInTimeTheReadsErrorSaysTheIncrementStaysCounted() {
        JavalinTest.test(app((key, token) -> {
            throw new ApiException(504, "write_not_visible", "no copy had applied the write");
        }), (server, client) -> {
            var response = client.post("/counter/page/increment?return=value");

            assertThat(response.code()).isEqualTo(504);
            JsonNode body = Json.MAPPER.readTree(response.body().string());
            assertThat(body.get("error").asText()).isEqualTo("write_not_visible");
            assertThat(body.get("message").asText()).contains("accepted and stays counted");
            assertThat(body.toString()).contains(tokensRead.get(0).toString());
            assertThat(producer.history()).singleElement().satisfies(record -> assertThat(record.value()).isEqualTo("1"));
        });
    }

    @Test
    void withoutReturnItIsThe202AndAnyOtherReturnIsA400() {
        JavalinTest.test(app((key, token) -> new LocalCount(key, 1, 0, LocalCount.ACTIVE, "processor-1", 0L)), (server, client) -> {
            assertThat(client.post("/counter/page/increment").code()).isEqualTo(202);
            var bad = client.post("/counter/page/increment?return=everything");
            assertThat(bad.code()).isEqualTo(400);
            assertThat(bad.body().string()).contains("\"invalid_return\"");
            assertThat(tokensRead).isEmpty();
            assertThat(producer.history()).hasSize(1);
        });
    }
}
