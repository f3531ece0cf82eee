package dev.tally.client;

import dev.tally.client.api.Reply;
import dev.tally.client.api.TallyClient;
import java.time.Duration;
import java.util.Arrays;
import picocli.CommandLine.Option;

/** The options every client command shares: where the API is, how long to wait, how often to retry, how to print. */
final class Connection {

    @Option(names = "--url", defaultValue = "${env:TALLY_URL:-http://localhost:8000}",
            description = "Base URL(s) of the API, comma-separated. Default $TALLY_URL, else ${DEFAULT-VALUE}.")
    String urls;

    @Option(names = "--timeout", defaultValue = "2", description = "Seconds to wait for an endpoint before trying the next. Default ${DEFAULT-VALUE}.")
    double timeoutSeconds;

    @Option(names = "--retries", defaultValue = "3", description = "Further attempts after a failed one. Default ${DEFAULT-VALUE}.")
    int retries;

    @Option(names = "--token", defaultValue = "${env:TALLY_TOKEN}",
            description = "The API's API_TOKEN, sent as Authorization: Bearer. Default $TALLY_TOKEN, else none.")
    String token;

    @Option(names = "--json", description = "Print the server's JSON answer on one line instead of text.")
    boolean json;

    TallyClient client() {
        if (timeoutSeconds <= 0 || retries < 0) {
            throw new IllegalArgumentException("--timeout must be positive and --retries 0 or more");
        }
        return TallyClient.builder(Arrays.stream(urls.split(",")).filter(u -> !u.isBlank()).toList())
                .timeout(Duration.ofMillis((long) (timeoutSeconds * 1_000)))
                .retries(retries)
                .token(token)
                .build();
    }

    /**
     * The reply if it is a success; else the failure that says why, with its exit status: a 4xx
     * (but 429) is the request's own fault, anything else means no endpoint could do it.
     */
    /**
     * Prints the answer: with {@code --json} as it came, else a line per element of its array {@code field}.
     */
    void printLines(java.io.PrintWriter out, Reply reply, String field,
                    java.util.function.Function<com.fasterxml.jackson.databind.JsonNode, String> line) {
        if (json) {
            out.println(reply.json().toString());
            return;
        }
        reply.json().path(field).forEach(element -> out.println(line.apply(element)));
    }

    static Reply success(Reply reply) throws ClientFailure {
        if (reply.ok()) {
            return reply;
        }
        boolean refused = reply.status() >= 400 && reply.status() < 500 && reply.status() != 429;
        String why = reply.failure() != null ? reply.failure() : reply.endpoint() + ": " + reply.describe();
        throw new ClientFailure(refused ? ClientFailure.REFUSED : ClientFailure.UNAVAILABLE, why);
    }
}
