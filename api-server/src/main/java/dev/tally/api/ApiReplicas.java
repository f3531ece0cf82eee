package dev.tally.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The API replicas of the stack as one replica sees them for {@code GET /status}: which one is
 * answering, and whether each sibling's own admin port answers {@code /health} right now.
 *
 * @param self        API_REPLICA_ID of this process
 * @param adminUrls   API_REPLICA_URLS: every replica's admin base URL, replica 1 first (empty: alone)
 */
public record ApiReplicas(int self, List<String> adminUrls) {

    /** A sibling must answer quickly: {@code /status} should not hang on a dead replica. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    // HTTP/1.1: the JDK client would otherwise try an h2c upgrade first, a round trip for nothing.
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(PROBE_TIMEOUT).build();

    /** One replica: its id (1-based), admin URL, and whether it answered. */
    public record Replica(int id, String url, boolean up) {
    }

    public ApiReplicas {
        adminUrls = List.copyOf(adminUrls);
    }

    public static ApiReplicas alone() {
        return new ApiReplicas(1, List.of());
    }

    /** Asks every replica at once; this one is up by definition (it is answering). */
    public List<Replica> probe() {
        List<CompletableFuture<Replica>> answers = new ArrayList<>();
        for (int i = 0; i < adminUrls.size(); i++) {
            int id = i + 1;
            String url = adminUrls.get(i);
            if (id == self) {
                answers.add(CompletableFuture.completedFuture(new Replica(id, url, true)));
                continue;
            }
            HttpRequest health = HttpRequest.newBuilder(URI.create(url + "/health")).timeout(PROBE_TIMEOUT).GET().build();
            answers.add(HTTP.sendAsync(health, HttpResponse.BodyHandlers.discarding())
                    .handle((response, failure) -> new Replica(id, url, failure == null && response.statusCode() == 200)));
        }
        return answers.stream().map(CompletableFuture::join).toList();
    }
}
