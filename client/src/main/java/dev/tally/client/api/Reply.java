package dev.tally.client.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One answer of the API as {@link TallyClient} got it: the status, the body, the headers a client
 * acts on, how long the round trip took and which base URL answered. A request that got no answer
 * at all (refused, reset, timed out) is a reply with status {@value #NO_ANSWER} and the reason in
 * {@link #failure()}, so that load and test code can count it instead of dying mid-run.
 *
 * @param failure why no endpoint answered, with what each attempt got; null when this is an answer
 */
public record Reply(int status, String body, Map<String, List<String>> headers, Duration took, String endpoint,
                    String failure) {

    /** The status of a request that got no HTTP answer. */
    public static final int NO_ANSWER = -1;

    private static final ObjectMapper JSON = new ObjectMapper();

    static Reply noAnswer(String why, Duration took, String endpoint) {
        return new Reply(NO_ANSWER, "", Map.of(), took, endpoint, why);
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The body as JSON; a missing node when it is empty or not JSON. */
    public JsonNode json() {
        if (body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    /** A top-level field of the JSON body as text, or null when absent. */
    public String field(String name) {
        JsonNode node = json().path(name);
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    /** {@code error} of an error body ({@code queue_full}, {@code not_enough_replicas}, …). */
    public String error() {
        return field("error");
    }

    /** {@code value} of a read. */
    public long value() {
        return json().path("value").asLong();
    }

    /** {@code partition} of a 202 or a read. */
    public int partition() {
        return json().path("partition").asInt(-1);
    }

    /** {@code token} of a 202: for read-your-writes reads ({@link ReadOptions#after}). */
    public String token() {
        return field("token");
    }

    /** {@code queue} of a 202: {@code main} or {@code excess}. */
    public String queue() {
        return field("queue");
    }

    /** {@code role} of a read: {@code active} or {@code standby}. */
    public String role() {
        return field("role");
    }

    /** {@code Idempotent-Replay: true}: the increment was already counted, this is its first 202 again. */
    public boolean replay() {
        return header("Idempotent-Replay").filter("true"::equalsIgnoreCase).isPresent();
    }

    /** {@code Retry-After} in seconds, as the API sends it with a 429 or 503; an HTTP date or garbage counts as absent. */
    public Optional<Duration> retryAfter() {
        return header("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value.strip())));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    public Optional<String> header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).findFirst();
    }

    /** {@code 400 invalid_by: by must not be zero}: the status and the error body's code and message, for messages. */
    public String describe() {
        if (status == NO_ANSWER) {
            return failure;
        }
        String error = error();
        if (error != null) {
            return status + " " + error + ": " + json().path("message").asText();
        }
        return status + (body.isBlank() ? "" : " " + (body.length() > 200 ? body.substring(0, 200) + "…" : body));
    }
}
