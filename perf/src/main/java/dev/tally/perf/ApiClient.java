package dev.tally.perf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.domain.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The load tools' one HTTP client of the API. Blocking calls on the caller's thread: each perf
 * client is one platform thread doing one request at a time, so a sample is one round trip.
 *
 * <p>HTTP/1.1 is forced: the JDK client otherwise offers an h2c upgrade on the first request of
 * each connection, which the API ignores and which would only add bytes to the measured requests.
 * Its own cost is a hand-over to the client's selector thread per request (tens of microseconds),
 * which {@code GET /health} latency shows as the floor under every number.
 */
final class ApiClient {

    /** One answer: status, body, and how long the round trip took in microseconds (-1 status: no answer). */
    record Reply(int status, String body, long micros) {
        /** Whether the ingest API put this increment on the excess queue; a substring test keeps the client cheap. */
        boolean excess() {
            return body.contains("\"queue\":\"excess\"");
        }

        /** This reply, if it has the expected status; anything else is an error naming the request. */
        Reply expect(int expected, String what) {
            if (status != expected) {
                throw new IllegalStateException(what + " answered " + status + ": " + body);
            }
            return this;
        }

        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON (HTTP " + status + "): " + body, e);
            }
        }
    }

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    ApiClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    String baseUrl() {
        return baseUrl;
    }

    Reply increment(String key) {
        return send(HttpRequest.newBuilder(uri("/counter/" + encode(key) + "/increment")).POST(HttpRequest.BodyPublishers.noBody()));
    }

    Reply read(String key) {
        return send(HttpRequest.newBuilder(uri("/counter/" + encode(key))).GET());
    }

    /** The BENCH_ENDPOINTS twin of {@link #increment}: the same request to an endpoint that answers 202 without Kafka. */
    Reply ceilingIncrement(String key) {
        return send(HttpRequest.newBuilder(uri("/ceiling/counter/" + encode(key) + "/increment")).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** {@code POST /counters/increments} with an NDJSON body (one {"key":…,"by":…} object per line). */
    Reply incrementBatch(String ndjson) {
        return send(HttpRequest.newBuilder(uri("/counters/increments"))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(ndjson, StandardCharsets.UTF_8)));
    }

    /** A GET of any path of the base URL (a query, a processor's {@code /internal/routing}, …). */
    Reply get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET());
    }

    /** A POST without a body to any path, e.g. an increment with {@code ?consistency=eventual}. */
    Reply post(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** An increment at a write consistency level ({@code strong} or {@code eventual}). */
    Reply increment(String key, String consistency) {
        return post("/counter/" + encode(key) + "/increment?consistency=" + consistency);
    }

    /** A key as one path segment of a URL. */
    static String segment(String key) {
        return encode(key);
    }

    /** A read that must include the write the token was handed out for (read-your-writes). */
    Reply readAfter(String key, String token) {
        return send(HttpRequest.newBuilder(uri("/counter/" + encode(key) + "?after=" + encode(token))).GET());
    }

    Reply health() {
        return send(HttpRequest.newBuilder(uri("/health")).GET());
    }

    /** The counter's value; anything but a 200 is an error, since a benchmark cannot go on without reads. */
    long value(String key) {
        Reply reply = read(key);
        if (reply.status() != 200) {
            throw new IllegalStateException("GET /counter/" + key + " answered " + reply.status() + ": " + reply.body());
        }
        return reply.json().get("value").asLong();
    }

    /**
     * An answer with what a retrying client reads from the headers.
     *
     * @param replay     {@code Idempotent-Replay: true}: the key's increment was already counted, this is its first 202 again
     * @param retryAfter the {@code Retry-After} of a 429 or 503, if any
     */
    record Answer(Reply reply, boolean replay, Optional<Duration> retryAfter) {
    }

    /**
     * One increment carrying an {@code Idempotency-Key}, so that sending it again after an unclear
     * failure (503, timeout, no answer) counts it once; {@code timeout} bounds the whole round trip.
     */
    Answer incrementIdempotent(String key, String idempotencyKey, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(uri("/counter/" + encode(key) + "/increment"))
                .header("Idempotency-Key", idempotencyKey)
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            Reply reply = new Reply(response.statusCode(), response.body(), (System.nanoTime() - start) / 1_000);
            boolean replay = response.headers().firstValue("Idempotent-Replay").filter("true"::equalsIgnoreCase).isPresent();
            return new Answer(reply, replay, retryAfter(response));
        } catch (IOException e) {
            // Timed out, refused or reset: whether it was written is unknown, which is what the idempotency key is for.
            return new Answer(new Reply(-1, e.toString(), (System.nanoTime() - start) / 1_000), false, Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Retry-After in seconds, as the API sends it; an HTTP date or garbage is treated as absent. */
    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value.strip())));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private Reply send(HttpRequest.Builder request) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), (System.nanoTime() - start) / 1_000);
        } catch (IOException e) {
            // No answer (refused, reset, timed out): the caller counts it as an error instead of dying mid-run.
            return new Reply(-1, e.toString(), (System.nanoTime() - start) / 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private static String encode(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
