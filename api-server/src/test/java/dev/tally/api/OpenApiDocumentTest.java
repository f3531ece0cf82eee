package dev.tally.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.domain.Json;
import dev.tally.domain.wire.LocalCount;
import dev.tally.ingest.BacklogSource;
import dev.tally.ingest.IncrementLog;
import dev.tally.ingest.IngestApi;
import dev.tally.ingest.IngestConfig;
import dev.tally.ingest.IngestQueue;
import dev.tally.ingest.PartitionReading;
import dev.tally.query.CounterReader;
import dev.tally.query.IdempotentWrites;
import dev.tally.query.QueryApi;
import dev.tally.query.ReadPolicy;
import dev.tally.server.ConsistencyMetrics;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/** The document and the server cannot drift apart: same routes both ways, and its examples are real answers. */
class OpenApiDocumentTest {

    private static final Set<String> OPERATIONS = Set.of("get", "post", "put", "patch", "delete", "head", "options");

    private final MockProducer<String, String> producer =
            new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
    private final ConsistencyMetrics metrics = new ConsistencyMetrics();

    /** One active processor holding every key; page-views counts 7. */
    private final CounterReader reader = new CounterReader() {
        @Override
        public LocalCount read(String key, ReadPolicy policy) {
            return new LocalCount(key, key.equals("page-views") ? 7 : 0, 1, LocalCount.ACTIVE, "processor-1");
        }

        @Override
        public Map<String, Long> dumpAll() {
            return Map.of("page-views", 7L);
        }
    };

    /** One partition per queue, led by broker 1. */
    private final BacklogSource cluster = () -> Map.of(
            IngestQueue.MAIN, Map.of(0, new PartitionReading(0, 1, List.of(1), List.of(1), 1)),
            IngestQueue.EXCESS, Map.of(0, new PartitionReading(0, 1, List.of(1), List.of(1), 1)));

    private IngestApi ingest;

    private Javalin app() {
        ingest = new IngestApi(new IncrementLog(producer, Duration.ofSeconds(1)), IngestConfig.defaults("unused:9092"),
                cluster, metrics, IdempotentWrites.NONE);
        ingest.readClusterNow();
        return Javalin.create(config -> ApiServer.routes(config, ingest, new QueryApi(reader, metrics), metrics));
    }

    private static JsonNode document() throws Exception {
        return Json.MAPPER.readTree(OpenApiDocument.read());
    }

    @Test
    void everyRouteTheServerRegistersIsDocumentedAndEveryDocumentedOneIsRegistered() throws Exception {
        Javalin app = app();
        Set<String> served = app.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(handler -> handler.endpoint.method.isHttpMethod())
                .map(handler -> handler.endpoint.method.name() + " " + handler.endpoint.path)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = new TreeSet<>();
        document().get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            if (OPERATIONS.contains(operation.getKey())) {
                documented.add(operation.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
            }
        }));

        assertThat(served).isNotEmpty().isEqualTo(documented);
    }

    @Test
    void theServedDocumentIsTheResourceAndTheCopyInDocsIsTheSame() throws Exception {
        byte[] resource = OpenApiDocument.read();
        assertThat(Files.readAllBytes(Path.of("..", "docs", "openapi.json"))).isEqualTo(resource);
        assertThat(document().get("openapi").asText()).isEqualTo("3.1.0");
        JavalinTest.test(app(), (server, client) -> {
            Response response = client.get("/openapi.json");
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.headers().get("Content-Type").get(0)).startsWith("application/json");
            assertThat(Json.MAPPER.readTree(response.body().string())).isEqualTo(document());
        });
    }

    @Test
    void everyExampleWithARequestIsWhatTheServerAnswersToIt() throws Exception {
        List<JsonNode[]> examples = new ArrayList<>();
        collectExamples(document(), null, examples);
        assertThat(examples).hasSizeGreaterThanOrEqualTo(8);
        SoftAssertions softly = new SoftAssertions();
        JavalinTest.test(app(), (server, client) -> {
            for (JsonNode[] example : examples) {
                // A running API reads the cluster every poll; here nothing polls, so read it before each
                // request, or the readiness example ages past its 5 s limit on a slow run.
                ingest.readClusterNow();
                JsonNode request = example[0].get("x-request");
                String method = request.get("method").asText();
                String path = request.get("path").asText();
                Response response = method.equals("POST")
                        ? client.post(path, request.has("body") ? request.get("body").asText() : "")
                        : client.get(path);
                int expectedStatus = example[0].has("x-status") ? example[0].get("x-status").asInt()
                        : Integer.parseInt(example[1].asText());
                softly.assertThat(response.code()).as(method + " " + path).isEqualTo(expectedStatus);
                softly.assertThat(Json.MAPPER.readTree(response.body().string())).as(method + " " + path)
                        .isEqualTo(example[0].get("value"));
            }
        });
        softly.assertAll();
    }

    /** Every example object with an {@code x-request}, with the status code of the response it is under. */
    private static void collectExamples(JsonNode node, JsonNode status, List<JsonNode[]> into) {
        if (node.isObject()) {
            if (node.has("x-request") && node.has("value")) {
                into.add(new JsonNode[] {node, status});
                return;
            }
            node.properties().forEach(field -> collectExamples(field.getValue(),
                    field.getKey().matches("\\d{3}|default") ? Json.MAPPER.getNodeFactory().textNode(field.getKey()) : status, into));
        } else if (node.isArray()) {
            node.forEach(item -> collectExamples(item, status, into));
        }
    }
}
