package dev.tally.compose.net;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Talks to a stack's fault proxies over their control channel; used by {@code bin/tally net} and the benchmarks. */
public final class NetClient implements NetworkFaults {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int controlPort;

    public NetClient(NetPlan plan) {
        this.controlPort = plan.controlPort();
    }

    /** Holds every chunk to and from the instance a random MIN..MAX ms; returns the faults now in force. */
    @Override
    public String lag(String instance, String range) {
        return post("/lag?instance=" + encode(instance) + "&range=" + encode(range));
    }

    /** Stalls every connection to and from the instance. */
    @Override
    public String partition(String instance) {
        return post("/partition?instance=" + encode(instance));
    }

    @Override
    public String heal() {
        return post("/heal");
    }

    /** Lifts the lag or partition of one instance only. */
    @Override
    public String heal(String instance) {
        return post("/heal?instance=" + encode(instance));
    }

    @Override
    public String faults() {
        return send(HttpRequest.newBuilder(uri("/faults")).GET());
    }

    private String post(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private String send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalArgumentException(response.body().strip());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("the fault proxies do not answer on port " + controlPort
                    + " (is the stack up with --net-faults?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + controlPort + pathAndQuery);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
