package dev.tally.systemtest;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tally.domain.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A plain HTTP client of a running stack's API, as a user's program would be. */
final class TallyClient {

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    TallyClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    Reply increment(String key) {
        return increment(key, "", Map.of());
    }

    /** @param query e.g. {@code ?consistency=eventual}, or empty */
    Reply increment(String key, String query, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/counter/" + encode(key) + "/increment" + query))
                .POST(HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return send(request);
    }

    Reply read(String key) {
        return read(key, "");
    }

    Reply read(String key, String query) {
        return send(HttpRequest.newBuilder(uri("/counter/" + encode(key) + query)).GET());
    }

    /** {@code GET /status}: brokers, topics, queues, processors. */
    Reply status() {
        return send(HttpRequest.newBuilder(uri("/status")).GET());
    }

    private Reply send(HttpRequest.Builder request) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Map<String, Object> body = response.body().isEmpty() ? Map.of()
                    : Json.MAPPER.readValue(response.body(), new TypeReference<>() { });
            return new Reply(response.statusCode(), body, Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            return new Reply(-1, Map.of("error", e.toString()), Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private static String encode(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
    }

    record Reply(int status, Map<String, Object> body, Duration took) {
        String error() {
            return (String) body.get("error");
        }

        String role() {
            return (String) body.get("role");
        }

        long value() {
            return ((Number) body.get("value")).longValue();
        }

        int partition() {
            return ((Number) body.get("partition")).intValue();
        }
    }
}
