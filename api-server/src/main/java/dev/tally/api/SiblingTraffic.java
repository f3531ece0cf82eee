package dev.tally.api;

import dev.tally.domain.Json;
import dev.tally.server.http.BearerAuth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The traffic of the other API replicas, asked on their admin ports ({@code GET /dashboard.json?scope=replica}),
 * so the dashboard shows the stack's increments and reads whichever replica the page's request reached.
 */
final class SiblingTraffic {

    /** A sibling must answer within the page's refresh interval: a dead replica must not stall the page. */
    static final Duration TIMEOUT = Duration.ofSeconds(1);

    /** One replica's own traffic. */
    record ReplicaTraffic(int replica, DashboardTraffic.Traffic traffic) {
    }

    private final ApiReplicas replicas;
    private final BearerAuth apiToken;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param apiToken sent to the siblings, which require it as this replica does; null for an open API
     * @param timeout  how long a sibling may take to answer before its traffic is left out
     */
    SiblingTraffic(ApiReplicas replicas, BearerAuth apiToken, Duration timeout) {
        this.replicas = replicas;
        this.apiToken = apiToken;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /** Every sibling's traffic, asked at once; a sibling that does not answer in time is left out. */
    List<ReplicaTraffic> ask() {
        List<CompletableFuture<Optional<ReplicaTraffic>>> answers = new ArrayList<>();
        for (int i = 0; i < replicas.adminUrls().size(); i++) {
            int id = i + 1;
            if (id == replicas.self()) {
                continue;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(replicas.adminUrls().get(i) + Dashboard.DATA
                    + "?scope=" + Dashboard.SCOPE_REPLICA)).timeout(timeout).GET();
            if (apiToken != null) {
                request.header("Authorization", apiToken.header());
            }
            answers.add(http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                    .handle((response, failure) -> failure != null || response.statusCode() != 200
                            ? Optional.<ReplicaTraffic>empty() : parse(id, response.body())));
        }
        return answers.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList();
    }

    private static Optional<ReplicaTraffic> parse(int id, String body) {
        try {
            DashboardTraffic.Traffic traffic = Json.MAPPER.treeToValue(Json.MAPPER.readTree(body).path("traffic"),
                    DashboardTraffic.Traffic.class);
            return Optional.ofNullable(traffic).map(t -> new ReplicaTraffic(id, t));
        } catch (java.io.IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
