package dev.tally.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ClientCliTest {

    private static final String ACCEPTED = "{\"key\":\"a\",\"by\":1,\"queue\":\"main\",\"topic\":\"tally-increments\","
            + "\"partition\":4,\"offset\":7,\"leader\":2,\"token\":\"m-4-7-00000000\"}";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = ClientCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void incrPrintsOkWithThePartitionAndItsLeader() throws Exception {
        try (FakeApi api = new FakeApi(request -> FakeApi.Reply.json(202, ACCEPTED))) {
            assertThat(run("incr", "a", "--by", "5", "--url", api.url())).isZero();

            assertThat(out.toString()).isEqualTo("OK, partition 4 (leader broker 2)" + System.lineSeparator());
            assertThat(api.requests).singleElement().satisfies(r -> {
                assertThat(r.uri()).isEqualTo("/counter/a/increment?by=5");
                assertThat(r.idempotencyKey()).startsWith("tally-cli-");
            });
        }
    }

    @Test
    void resetSendsADeleteWithAnIdempotencyKeyKeptAcrossRetriesAndPrintsTheToken() throws Exception {
        String accepted = "{\"key\":\"a b\",\"topic\":\"tally-increments\",\"partition\":2,\"offset\":9,"
                + "\"leader\":1,\"token\":\"m-2-9-0000abcd\"}";
        try (FakeApi dying = new FakeApi(request -> FakeApi.Reply.json(503, "{\"error\":\"kafka_timeout\",\"message\":\"no ack\"}"));
             FakeApi healthy = new FakeApi(request -> FakeApi.Reply.json(202, accepted))) {
            assertThat(run("reset", "a b", "--url", dying.url() + "," + healthy.url())).isZero();

            assertThat(out.toString()).isEqualTo("OK, partition 2 (leader broker 1), token m-2-9-0000abcd" + System.lineSeparator());
            FakeApi.Request first = dying.calls("DELETE").get(0);
            assertThat(first.uri()).isEqualTo("/counter/a%20b");
            assertThat(first.idempotencyKey()).startsWith("tally-cli-");
            assertThat(healthy.calls("DELETE")).singleElement()
                    .satisfies(r -> assertThat(r.idempotencyKey()).isEqualTo(first.idempotencyKey()));
        }
    }

    @Test
    void getOfSeveralKeysIsOneRequestAndALinePerCounter() throws Exception {
        String counters = "{\"counters\":[{\"key\":\"a\",\"value\":3,\"instance\":\"processor-1\",\"role\":\"active\",\"lag\":0},"
                + "{\"key\":\"b c\",\"value\":5,\"instance\":\"processor-2\",\"role\":\"standby\",\"lag\":2}],\"count\":2}";
        try (FakeApi api = new FakeApi(request -> FakeApi.Reply.json(200, counters))) {
            assertThat(run("get", "a", "b c", "--consistency", "eventual", "--url", api.url())).isZero();

            assertThat(out.toString()).isEqualTo("a, 3, processor-1 (active)" + System.lineSeparator()
                    + "b c, 5, processor-2 (standby, lag 2)" + System.lineSeparator());
            assertThat(api.requests).singleElement()
                    .satisfies(r -> assertThat(r.uri()).isEqualTo("/counters?key=a&key=b+c&consistency=eventual"));
        }
    }

    @Test
    void anIncrementWhoseEndpointFailsIsRetriedOnTheNextWithTheSameIdempotencyKey() throws Exception {
        try (FakeApi dying = new FakeApi(request -> FakeApi.Reply.json(503, "{\"error\":\"kafka_timeout\",\"message\":\"no ack\"}"));
             FakeApi healthy = new FakeApi(request -> FakeApi.Reply.json(202, ACCEPTED))) {
            assertThat(run("incr", "a", "--url", dying.url() + "," + healthy.url())).isZero();

            String first = dying.calls("POST").get(0).idempotencyKey();
            assertThat(healthy.calls("POST")).singleElement().satisfies(r -> assertThat(r.idempotencyKey()).isEqualTo(first));
            // The failure made the client ask for the cluster's view before moving on.
            assertThat(dying.calls("GET")).extracting(FakeApi.Request::uri).contains("/status");
            assertThat(out.toString()).startsWith("OK, partition 4");
        }
    }

    @Test
    void aReplicaLearnedFromStatusIsTriedWhenTheOnlyGivenUrlFails() throws Exception {
        try (FakeApi other = new FakeApi(request -> FakeApi.Reply.json(200,
                "{\"key\":\"a\",\"value\":3,\"instance\":\"processor-2\",\"role\":\"standby\",\"lag\":1}"))) {
            String status = "{\"apiReplicas\":[{\"id\":1,\"url\":\"x\",\"up\":false},{\"id\":2,\"url\":\"" + other.url() + "\",\"up\":true}]}";
            try (FakeApi given = new FakeApi(request -> request.uri().equals("/status")
                    ? FakeApi.Reply.json(200, status) : FakeApi.Reply.json(504, "{\"error\":\"write_not_visible\",\"message\":\"slow\"}"))) {
                assertThat(run("get", "a", "--url", given.url())).isZero();

                assertThat(out.toString()).isEqualTo("a, 3, processor-2 (standby, lag 1)" + System.lineSeparator());
            }
        }
    }

    @Test
    void aRefusedRequestIsNotRetriedAndExitsTwoWithTheServersMessage() throws Exception {
        try (FakeApi api = new FakeApi(request -> FakeApi.Reply.json(400, "{\"error\":\"invalid_by\",\"message\":\"by must not be zero\"}"))) {
            assertThat(run("incr", "a", "--by", "0", "--url", api.url())).isEqualTo(2);

            assertThat(api.calls("POST")).hasSize(1);
            assertThat(err.toString()).contains("400 invalid_by: by must not be zero");
        }
    }

    @Test
    void whenNoEndpointAnswersTheClientGivesUpWithExitOneNamingWhatEachSaid() throws Exception {
        try (FakeApi api = new FakeApi(request -> FakeApi.Reply.json(503, "{\"error\":\"no_replica_available\",\"message\":\"down\"}"))) {
            String refused = "http://127.0.0.1:1";
            assertThat(run("get", "a", "--url", api.url() + "," + refused, "--retries", "3")).isEqualTo(1);

            assertThat(err.toString()).contains("no endpoint could answer after 4 attempts")
                    .contains(api.url() + ": 503 no_replica_available: down")
                    .contains(refused + ": connection refused");
        }
    }

    @Test
    void a429IsWaitedOutAndRetried() throws Exception {
        List<Integer> statuses = new java.util.concurrent.CopyOnWriteArrayList<>(List.of(429, 200));
        try (FakeApi api = new FakeApi(request -> statuses.size() > 1
                ? new FakeApi.Reply(statuses.remove(0), "{\"error\":\"queue_full\",\"message\":\"full\"}", Map.of("Retry-After", "0"))
                : FakeApi.Reply.json(200, "{\"counters\":{\"a\":1},\"count\":1}"))) {
            assertThat(run("dump", "--url", api.url())).isZero();

            assertThat(api.calls("GET")).hasSize(2);
            assertThat(out.toString()).contains("a, 1").contains("1 counter");
        }
    }

    @Test
    void dumpReadsPageAfterPageUntilTheLast() throws Exception {
        try (FakeApi api = new FakeApi(request -> request.uri().contains("after=b+b")
                ? FakeApi.Reply.json(200, "{\"counters\":{\"c\":3},\"count\":1}")
                : FakeApi.Reply.json(200, "{\"counters\":{\"a\":1,\"b b\":2},\"count\":2,\"next\":\"b b\"}"))) {
            assertThat(run("dump", "--page-size", "2", "--url", api.url())).isZero();

            assertThat(api.calls("GET")).extracting(FakeApi.Request::uri)
                    .containsExactly("/dump?limit=2", "/dump?limit=2&after=b+b");
            assertThat(out.toString()).contains("a, 1").contains("b b, 2").contains("c, 3").contains("3 counters");
        }
    }

    @Test
    void jsonPrintsTheServersAnswer() throws Exception {
        try (FakeApi api = new FakeApi(request -> FakeApi.Reply.json(202, ACCEPTED))) {
            assertThat(run("incr", "a", "--json", "--url", api.url())).isZero();

            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString()).get("token").asText()).isEqualTo("m-4-7-00000000");
        }
    }
}
