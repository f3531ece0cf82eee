package dev.tally.client.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The one client of tally's HTTP API, used by the command-line client, the perf tools' checks and
 * the integration tests. Calls block on the caller's thread and always come back with a
 * {@link Reply}: an answer, or {@link Reply#NO_ANSWER} with the reason.
 *
 * <p>With {@code retries > 0} it fails over as a client of a replicated service should: when an
 * endpoint does not answer in time, refuses the connection, or answers 503/504, it learns the API
 * replicas that are up from any endpoint's {@code GET /status} and tries the next one, up to
 * {@code retries} more times; a 429 waits its {@code Retry-After} (at most {@link #MAX_RETRY_AFTER})
 * first. Any other answer is final: a 4xx is the request's own fault. A retried write is safe only
 * with an Idempotency-Key ({@link IncrementOptions#withIdempotencyKey}). With {@code retries = 0}
 * (the default) every call is exactly one request, which is what tests and measurements want.
 */
public final class TallyClient {

    /** A Retry-After longer than this is not waited for: the caller gets the 429. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(5);

    private final Endpoints endpoints;
    private final Duration timeout;
    private final int retries;
    private final LongConsumer sleeper;
    private final String token;
    private final HttpClient http;

    private TallyClient(Builder builder) {
        this.endpoints = new Endpoints(builder.urls);
        this.timeout = builder.timeout;
        this.retries = builder.retries;
        this.sleeper = builder.sleeper;
        this.token = builder.token;
        // HTTP/1.1: the JDK client would otherwise try an h2c upgrade first, a round trip for nothing.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /** A client of one base URL, one request per call, 30 s per request. */
    public static TallyClient of(String baseUrl) {
        return builder(List.of(baseUrl)).build();
    }

    /** @param urls base URLs of API replicas, tried in this order */
    public static Builder builder(List<String> urls) {
        return new Builder(urls);
    }

    /** The base URL the next call goes to first. */
    public String baseUrl() {
        return endpoints.current();
    }

    public Reply increment(String key) {
        return increment(key, IncrementOptions.ONE);
    }

    public Reply increment(String key, IncrementOptions options) {
        Map<String, String> headers = options.idempotencyKey() == null ? Map.of()
                : Map.of("Idempotency-Key", options.idempotencyKey());
        return send("POST", "/counter/" + Paths.segment(key) + "/increment" + options.query(), headers, null);
    }

    /**
     * {@code DELETE /counter/{key}}: sets the counter to 0 through the log; 202 with a token to read it
     * back. Retrying it is safe only with an Idempotency-Key (null: none), as for increments.
     */
    public Reply reset(String key, String idempotencyKey) {
        Map<String, String> headers = idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey);
        return send("DELETE", "/counter/" + Paths.segment(key), headers, null);
    }

    public Reply read(String key) {
        return read(key, ReadOptions.ANY);
    }

    public Reply read(String key, ReadOptions options) {
        return send("GET", "/counter/" + Paths.segment(key) + options.query(), Map.of(), null);
    }

    /** {@code GET /counters?key=…&key=…}: several counters in one request ({@code options} without {@code after}). */
    public Reply readAll(List<String> keys, ReadOptions options) {
        StringBuilder query = new StringBuilder();
        keys.forEach(key -> query.append(query.length() == 0 ? "?" : "&").append("key=").append(Paths.query(key)));
        String extra = options.query();
        return send("GET", "/counters" + query + (extra.isEmpty() ? "" : "&" + extra.substring(1)), Map.of(), null);
    }

    /**
     * {@code GET /counter/{key}/windows?size=…}: the key's series in windows of one size.
     *
     * @param from null for the API's default (60 windows before {@code to}); ISO-8601 or epoch ms
     * @param to   null for now
     */
    public Reply windows(String key, String size, String from, String to) {
        return get("/counter/" + Paths.segment(key) + "/windows?size=" + Paths.query(size)
                + (from == null ? "" : "&from=" + Paths.query(from)) + (to == null ? "" : "&to=" + Paths.query(to)));
    }

    /** {@code GET /top?n=…}: the busiest keys of the recent minutes, or of the current window of that size. */
    public Reply top(int n, String window) {
        return get("/top?n=" + n + (window == null ? "" : "&window=" + Paths.query(window)));
    }

    /** {@code POST /counters/increments}: a JSON array, or NDJSON with {@code application/x-ndjson}. */
    public Reply batch(String body, String contentType, String query) {
        return send("POST", "/counters/increments" + query, Map.of("Content-Type", contentType), body);
    }

    public Reply dump() {
        return get("/dump");
    }

    public Reply status() {
        return get("/status");
    }

    public Reply health() {
        return get("/health");
    }

    /** A GET of any path and query of the API. */
    public Reply get(String pathAndQuery) {
        return send("GET", pathAndQuery, Map.of(), null);
    }

    /**
     * Any request; the failover rules of the class apply.
     *
     * @param body null for none
     */
    public Reply send(String method, String pathAndQuery, Map<String, String> headers, String body) {
        Map<String, String> tried = new LinkedHashMap<>();
        Reply reply = null;
        for (int attempt = 0; attempt <= retries; attempt++) {
            reply = once(endpoints.current(), method, pathAndQuery, headers, body);
            boolean unavailable = reply.status() == Reply.NO_ANSWER || reply.status() == 503 || reply.status() == 504;
            if (!unavailable && reply.status() != 429 || mayHaveBeenWritten(method, headers, reply)) {
                return reply;
            }
            tried.put(reply.endpoint(), reply.describe());
            if (attempt == retries) {
                break;
            }
            if (reply.status() == 429) {
                Duration wait = reply.retryAfter().orElse(Duration.ofSeconds(1));
                if (wait.compareTo(MAX_RETRY_AFTER) > 0) {
                    return reply;
                }
                sleeper.accept(wait.toMillis());
            } else {
                learnReplicas();
                endpoints.next();
                sleeper.accept(100L * (attempt + 1));
            }
        }
        if (retries == 0) {
            return reply;
        }
        List<String> said = new ArrayList<>();
        tried.forEach((endpoint, what) -> said.add(endpoint + ": " + what));
        String failure = "no endpoint could answer after " + (retries + 1) + " attempts: " + String.join("; ", said);
        return new Reply(reply.status(), reply.body(), reply.headers(), reply.took(), reply.endpoint(), failure);
    }

    /**
     * A write that timed out in Kafka (503 {@code outcome_unknown}), or whose request got no answer, may
     * have been written: sent again without an Idempotency-Key it could count twice, so it is not retried.
     */
    private static boolean mayHaveBeenWritten(String method, Map<String, String> headers, Reply reply) {
        boolean unknown = reply.status() == Reply.NO_ANSWER && !"connection refused".equals(reply.failure())
                || reply.status() == 503 && "outcome_unknown".equals(reply.error());
        return unknown && "POST".equals(method) && !headers.containsKey("Idempotency-Key");
    }

    private Reply once(String endpoint, String method, String pathAndQuery, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + pathAndQuery))
                .timeout(timeout)
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response.headers().map(),
                    Duration.ofNanos(System.nanoTime() - start), endpoint, null);
        } catch (IOException e) {
            return Reply.noAnswer(describe(e), Duration.ofNanos(System.nanoTime() - start), endpoint);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.noAnswer("interrupted", Duration.ofNanos(System.nanoTime() - start), endpoint);
        }
    }

    /** After a failure: add the API replicas that any endpoint's {@code /status} reports up. */
    private void learnReplicas() {
        for (String endpoint : endpoints.all()) {
            Reply status = once(endpoint, "GET", "/status", Map.of(), null);
            if (status.status() == 200) {
                List<String> up = new ArrayList<>();
                status.json().path("apiReplicas").forEach(replica -> {
                    if (replica.path("up").asBoolean()) {
                        up.add(replica.path("url").asText());
                    }
                });
                endpoints.learn(up);
                return;
            }
        }
    }

    private static String describe(IOException e) {
        String name = e.getClass().getSimpleName();
        return name.equals("HttpTimeoutException") || name.equals("HttpConnectTimeoutException") ? "no answer in time"
                : name.equals("ConnectException") ? "connection refused" : name + (e.getMessage() == null ? "" : " " + e.getMessage());
    }

    /** How a {@link TallyClient} talks: where to, how long to wait, how often to fail over. */
    public static final class Builder {
        private final List<String> urls;
        private Duration timeout = Duration.ofSeconds(30);
        private int retries;
        private LongConsumer sleeper = Builder::sleep;
        private String token;

        private Builder(List<String> urls) {
            this.urls = List.copyOf(urls);
        }

        /** How long one attempt may take, connecting included. Default 30 s. */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("a timeout must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /** Further attempts after a failed one, each on the next endpoint (see the class). Default 0. */
        public Builder retries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("retries must be 0 or more");
            }
            this.retries = retries;
            return this;
        }

        /** Sent as {@code Authorization: Bearer <token>} with every request (the API's API_TOKEN); null or blank for none. */
        public Builder token(String token) {
            this.token = token == null || token.isBlank() ? null : token.strip();
            return this;
        }

        /** How the client waits between attempts; tests pass one that only records the waits. */
        public Builder sleeper(LongConsumer sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        public TallyClient build() {
            return new TallyClient(this);
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
