package dev.tally.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.domain.Json;
import dev.tally.domain.Partitions;
import dev.tally.domain.ResetRecords;
import dev.tally.domain.Topics;
import dev.tally.domain.WriteToken;
import dev.tally.domain.wire.IdempotentWrite;
import dev.tally.query.IdempotentWrites;
import dev.tally.server.ConsistencyMetrics;
import dev.tally.server.http.JsonErrors;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.Response;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** {@code DELETE /counter/{key}}: markers on every excess partition first, then the reset with their offsets. */
class ResetIngestTest {

    private static final int EXCESS_PARTITIONS = 3;
    private static final int INCREMENT_PARTITIONS = 4;

    private static MockProducer<String, String> producer(boolean autoComplete) {
        Node broker = new Node(1, "localhost", 9092);
        List<PartitionInfo> partitions = new ArrayList<>();
        IntStream.range(0, EXCESS_PARTITIONS).forEach(p -> partitions.add(new PartitionInfo(Topics.EXCESS, p, broker, null, null)));
        IntStream.range(0, INCREMENT_PARTITIONS).forEach(p -> partitions.add(new PartitionInfo(Topics.INCREMENTS, p, broker, null, null)));
        Cluster cluster = new Cluster("c", List.of(broker), partitions, Set.of(), Set.of());
        return new MockProducer<>(cluster, autoComplete, null, new StringSerializer(), new StringSerializer());
    }

    private static Javalin app(MockProducer<String, String> producer, IdempotentWrites idempotency) {
        IngestApi api = new IngestApi(new IncrementLog(producer, Duration.ofSeconds(1)),
                IngestConfig.defaults("unused:9092"), FixedBacklog.empty(), new ConsistencyMetrics(), idempotency);
        return Javalin.create(config -> {
            api.addRoutes(config.routes);
            JsonErrors.install(config.routes);
        });
    }

    private static Response delete(HttpClient client, String path, String idempotencyKey) {
        return client.delete(path, null, request -> {
            if (idempotencyKey != null) {
                request.header("Idempotency-Key", idempotencyKey);
            }
        });
    }

    private static String header(ProducerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void theResetIsWrittenOnlyOnceEveryMarkerIsAcknowledgedAndCarriesTheirOffsets() {
        MockProducer<String, String> producer = producer(false);
        JavalinTest.test(app(producer, IdempotentWrites.NONE), (server, client) -> {
            // Earlier records on the excess partitions, so the markers' offsets differ from 0.
            producer.send(new ProducerRecord<>(Topics.EXCESS, 1, "x#1", "1"));
            producer.completeNext();
            CompletableFuture<Response> answer = CompletableFuture.supplyAsync(() -> delete(client, "/counter/page%20views", "clear-1"));

            await().atMost(5, TimeUnit.SECONDS).until(() -> producer.history().size() == 1 + EXCESS_PARTITIONS);
            List<ProducerRecord<String, String>> markers = producer.history().subList(1, 1 + EXCESS_PARTITIONS);
            assertThat(markers).extracting(ProducerRecord::partition).containsExactly(0, 1, 2);
            assertThat(markers).allSatisfy(marker -> {
                assertThat(marker.topic()).isEqualTo(Topics.EXCESS);
                assertThat(marker.key()).isEqualTo("page views");
                assertThat(marker.value()).isEqualTo(ResetRecords.VALUE);
                assertThat(header(marker, ResetRecords.HEADER)).isEmpty();
            });
            // Not yet: the cuts are the markers' offsets, known only once they are acknowledged.
            assertThat(answer).isNotDone();
            IntStream.range(0, EXCESS_PARTITIONS).forEach(i -> producer.completeNext());

            await().atMost(5, TimeUnit.SECONDS).until(() -> producer.history().size() == 2 + EXCESS_PARTITIONS);
            ProducerRecord<String, String> reset = producer.history().get(1 + EXCESS_PARTITIONS);
            assertThat(reset.topic()).isEqualTo(Topics.INCREMENTS);
            assertThat(reset.key()).isEqualTo("page views");
            assertThat(reset.value()).isEqualTo(ResetRecords.VALUE);
            assertThat(header(reset, ResetRecords.HEADER)).isEqualTo("0:0,1:1,2:0");
            assertThat(header(reset, "tally.idempotency-key")).isEqualTo("clear-1");
            assertThat(answer).isNotDone();
            producer.completeNext();

            Response response = answer.get(5, TimeUnit.SECONDS);
            assertThat(response.code()).isEqualTo(202);
            JsonNode body = Json.MAPPER.readTree(response.body().string());
            int partition = Partitions.forKey("page views", INCREMENT_PARTITIONS);
            assertThat(body.get("partition").asInt()).isEqualTo(partition);
            assertThat(WriteToken.parse(body.get("token").asText())).isEqualTo(WriteToken.of("page views", false, partition, 0));
        });
    }

    @Test
    void aMarkerKafkaRefusesMeansNoResetAndA503() {
        MockProducer<String, String> producer = producer(false);
        JavalinTest.test(app(producer, IdempotentWrites.NONE), (server, client) -> {
            CompletableFuture<Response> answer = CompletableFuture.supplyAsync(() -> delete(client, "/counter/a", null));
            await().atMost(5, TimeUnit.SECONDS).until(() -> producer.history().size() == EXCESS_PARTITIONS);
            producer.completeNext();
            producer.errorNext(new TimeoutException("no ack"));
            producer.completeNext();

            Response response = answer.get(5, TimeUnit.SECONDS);
            assertThat(response.code()).isEqualTo(503);
            assertThat(Json.MAPPER.readTree(response.body().string()).get("error").asText()).isEqualTo("outcome_unknown");
            assertThat(producer.history()).extracting(ProducerRecord::topic).containsOnly(Topics.EXCESS);
        });
    }

    @Test
    void aRetryWhoseResetWasAppliedIsAnsweredWithTheFirst202AndWritesNothing() {
        MockProducer<String, String> producer = producer(true);
        IdempotentWrites remembered = (idempotencyKey, key) -> idempotencyKey.equals("clear-1")
                ? Optional.of(new IdempotentWrite("clear-1", key, 0, Topics.INCREMENTS, 2, 40, true))
                : idempotencyKey.equals("incr-1")
                ? Optional.of(new IdempotentWrite("incr-1", key, 5, Topics.INCREMENTS, 2, 41))
                : Optional.empty();
        JavalinTest.test(app(producer, remembered), (server, client) -> {
            Response replay = delete(client, "/counter/a", "clear-1");
            assertThat(replay.code()).isEqualTo(202);
            assertThat(replay.headers().get("Idempotent-Replay")).containsExactly("true");
            JsonNode body = Json.MAPPER.readTree(replay.body().string());
            assertThat(body.get("offset").asLong()).isEqualTo(40);
            assertThat(body.get("token").asText()).isEqualTo(WriteToken.of("a", false, 2, 40).toString());

            Response reused = delete(client, "/counter/a", "incr-1");
            assertThat(reused.code()).isEqualTo(409);
            assertThat(Json.MAPPER.readTree(reused.body().string()).get("error").asText()).isEqualTo("idempotency_key_reused");
            assertThat(producer.history()).isEmpty();
        });
    }

    @Test
    void badKeysAreRefusedWith400() {
        MockProducer<String, String> producer = producer(true);
        JavalinTest.test(app(producer, IdempotentWrites.NONE), (server, client) -> {
            Response badKey = delete(client, "/counter/tab%09key", null);
            assertThat(badKey.code()).isEqualTo(400);
            assertThat(Json.MAPPER.readTree(badKey.body().string()).get("error").asText()).isEqualTo("invalid_key");
            Response badIdempotencyKey = delete(client, "/counter/a", " ");
            assertThat(badIdempotencyKey.code()).isEqualTo(400);
            assertThat(Json.MAPPER.readTree(badIdempotencyKey.body().string()).get("error").asText())
                    .isEqualTo("invalid_idempotency_key");
            assertThat(producer.history()).isEmpty();
        });
    }
}
