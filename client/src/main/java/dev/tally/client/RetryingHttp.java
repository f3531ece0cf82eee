package dev.tally.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Seed 002's client rule: when an endpoint does not answer in time (or refuses, or answers 503/504),
 * refresh the view of the cluster from {@code GET /status} and try the next endpoint, up to
 * {@code retries} more times. A 429 waits its {@code Retry-After}; any other 4xx is the request's
 * own fault and is not retried. Callers make retried writes safe with an Idempotency-Key.
 */
final class RetryingHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    /** A Retry-After longer than this is not waited for by a command-line client. */
    private static final long MAX_RETRY_AFTER_MS = 5_000;

    /** A 2xx answer and the endpoint that gave it. */
    record Answer(int status, JsonNode body, String endpoint) {
    }

    private final Endpoints endpoints;
    private final Duration timeout;
    private final int retries;
    private final LongConsumer sleeper;
    private final HttpClient http;

    RetryingHttp(Endpoints endpoints, Duration timeout, int retries, LongConsumer sleeper) {
        this.endpoints = endpoints;
        this.timeout = timeout;
        this.retries = retries;
        this.sleeper = sleeper;
        // HTTP/1.1: the JDK client would otherwise try an h2c upgrade first, a round trip for nothing.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    Answer get(String pathAndQuery) throws ClientFailure {
        return send("GET", pathAndQuery, Map.of());
    }

    Answer post(String pathAndQuery, Map<String, String> headers) throws ClientFailure {
        return send("POST", pathAndQuery, headers);
    }

    private Answer send(String method, String pathAndQuery, Map<String, String> headers) throws ClientFailure {
        Map<String, String> tried = new LinkedHashMap<>();
        for (int attempt = 0; attempt <= retries; attempt++) {
            String endpoint = endpoints.current();
            HttpResponse<String> response;
            try {
                response = http.send(request(endpoint, method, pathAndQuery, headers), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                tried.put(endpoint, describe(e));
                failOver(attempt);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ClientFailure(ClientFailure.UNAVAILABLE, "interrupted");
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Answer(status, parse(response.body()), endpoint);
            }
            String error = errorOf(status, response.body());
            if (status == 429) {
                tried.put(endpoint, error);
                sleeper.accept(retryAfterMillis(response));
            } else if (status == 503 || status == 504) {
                tried.put(endpoint, error);
                failOver(attempt);
            } else {
                throw new ClientFailure(status < 500 ? ClientFailure.REFUSED : ClientFailure.UNAVAILABLE, endpoint + ": " + error);
            }
        }
        List<String> said = new ArrayList<>();
        tried.forEach((endpoint, what) -> said.add(endpoint + ": " + what));
        throw new ClientFailure(ClientFailure.UNAVAILABLE, "no endpoint could answer after " + (retries + 1)
                + " attempts: " + String.join("; ", said));
    }

    private HttpRequest request(String endpoint, String method, String pathAndQuery, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(endpoint + pathAndQuery))
                .timeout(timeout)
                .header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(builder::header);
        return builder.build();
    }

    /** After a failure: learn the current replicas from any endpoint that answers /status, then move on. */
    private void failOver(int attempt) {
        if (attempt == retries) {
            return;
        }
        refresh();
        endpoints.next();
        sleeper.accept(100L * (attempt + 1));
    }

    private void refresh() {
        for (String endpoint : endpoints.all()) {
            try {
                HttpResponse<String> status = http.send(request(endpoint, "GET", "/status", Map.of()),
                        HttpResponse.BodyHandlers.ofString());
                if (status.statusCode() == 200) {
                    List<String> up = new ArrayList<>();
                    parse(status.body()).path("apiReplicas").forEach(replica -> {
                        if (replica.path("up").asBoolean()) {
                            up.add(replica.path("url").asText());
                        }
                    });
                    endpoints.learn(up);
                    return;
                }
            } catch (IOException e) {
                // that one is down too: ask the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long retryAfterMillis(HttpResponse<String> response) {
        try {
            long seconds = Long.parseLong(response.headers().firstValue("Retry-After").orElse("1").strip());
            return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, seconds) * 1_000);
        } catch (NumberFormatException e) {
            return 1_000;
        }
    }

    /** {@code 400 invalid_by: by must not be zero}, from the API's JSON error body when there is one. */
    static String errorOf(int status, String body) {
        JsonNode json = parse(body);
        if (json.hasNonNull("error")) {
            return status + " " + json.get("error").asText() + ": " + json.path("message").asText();
        }
        return status + (body.isBlank() ? "" : " " + (body.length() > 200 ? body.substring(0, 200) + "…" : body));
    }

    private static String describe(IOException e) {
        String name = e.getClass().getSimpleName();
        return name.equals("HttpTimeoutException") || name.equals("HttpConnectTimeoutException") ? "no answer in time"
                : name.equals("ConnectException") ? "connection refused" : name + (e.getMessage() == null ? "" : " " + e.getMessage());
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
