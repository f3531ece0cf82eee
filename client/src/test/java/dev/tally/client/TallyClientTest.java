package dev.tally.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.client.api.IncrementOptions;
import dev.tally.client.api.ReadOptions;
import dev.tally.client.api.Reply;
import dev.tally.client.api.TallyClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TallyClientTest {

    @Test
    void withoutRetriesEveryCallIsOneRequestAndA503ComesBackAsItIs() throws Exception {
        try (FakeApi api = new FakeApi(request -> FakeApi.Reply.json(503, "{\"error\":\"kafka_timeout\",\"message\":\"no ack\"}"))) {
            Reply reply = TallyClient.of(api.url()).increment("a");

            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.error()).isEqualTo("kafka_timeout");
            assertThat(reply.failure()).isNull();
            assertThat(api.requests).hasSize(1);
        }
    }

    @Test
    void aTokenIsSentAsABearerHeaderWithEveryRequest() throws Exception {
        List<String> authorizations = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (FakeApi api = new FakeApi(request -> {
            authorizations.add(String.valueOf(request.authorization()));
            return FakeApi.Reply.json(200, "{\"value\":1}");
        })) {
            TallyClient.builder(List.of(api.url())).token("t0k3n").build().read("a");
            TallyClient.of(api.url()).read("a");

            assertThat(authorizations).containsExactly("Bearer t0k3n", "null");
        }
    }

    @Test
    void aWriteWhoseOutcomeIsUnknownIsRetriedOnlyWithAnIdempotencyKey() throws Exception {
        try (FakeApi api = new FakeApi(request -> FakeApi.Reply.json(503, "{\"error\":\"outcome_unknown\",\"message\":\"maybe\"}"))) {
            TallyClient client = TallyClient.builder(List.of(api.url())).retries(2).sleeper(ms -> { }).build();

            assertThat(client.increment("a").error()).isEqualTo("outcome_unknown");
            long plain = api.requests.stream().filter(r -> r.uri().contains("/increment")).count();
            client.increment("a", IncrementOptions.ONE.withIdempotencyKey("k1"));
            long keyed = api.requests.stream().filter(r -> r.uri().contains("/increment")).count() - plain;

            assertThat(plain).isEqualTo(1);
            assertThat(keyed).isEqualTo(3);
        }
    }

    @Test
    void aRequestThatGetsNoAnswerIsAReplyWithNoStatusAndTheReason() {
        Reply reply = TallyClient.of("http://127.0.0.1:1").read("a");

        assertThat(reply.status()).isEqualTo(Reply.NO_ANSWER);
        assertThat(reply.failure()).isEqualTo("connection refused");
        assertThat(reply.describe()).isEqualTo("connection refused");
    }

    @Test
    void optionsBecomeTheQueryAndTheIdempotencyHeader() throws Exception {
        try (FakeApi api = new FakeApi(request -> FakeApi.Reply.json(200, "{\"value\":3,\"role\":\"active\"}"))) {
            TallyClient client = TallyClient.of(api.url());
            client.increment("a b", IncrementOptions.by(-2).withConsistency("eventual").withIdempotencyKey("k1"));
            Reply read = client.read("a b", new ReadOptions("strong", 5L, "m-1-2-3"));

            assertThat(api.requests).extracting(FakeApi.Request::uri).containsExactly(
                    "/counter/a%20b/increment?by=-2&consistency=eventual", "/counter/a%20b?consistency=strong&max_lag=5&after=m-1-2-3");
            assertThat(api.requests.get(0).idempotencyKey()).isEqualTo("k1");
            assertThat(read.value()).isEqualTo(3);
            assertThat(read.role()).isEqualTo("active");
        }
    }

    @Test
    void a429LongerThanTheClientWaitsIsReturnedAtOnce() throws Exception {
        List<Long> waits = new ArrayList<>();
        try (FakeApi api = new FakeApi(request -> new FakeApi.Reply(429, "{\"error\":\"queue_full\",\"message\":\"full\"}",
                java.util.Map.of("Retry-After", "60")))) {
            Reply reply = TallyClient.builder(List.of(api.url())).retries(3).sleeper(waits::add).build().increment("a");

            assertThat(reply.status()).isEqualTo(429);
            assertThat(reply.retryAfter()).hasValue(java.time.Duration.ofSeconds(60));
            assertThat(waits).isEmpty();
            assertThat(api.requests).hasSize(1);
        }
    }
}
