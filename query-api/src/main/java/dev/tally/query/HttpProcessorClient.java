package dev.tally.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tally.domain.Json;
import dev.tally.domain.wire.ErrorBody;
import dev.tally.domain.wire.IdempotentWrite;
import dev.tally.domain.wire.KeyList;
import dev.tally.domain.wire.LocalCount;
import dev.tally.domain.wire.LocalCounts;
import dev.tally.domain.wire.LocalDump;
import dev.tally.domain.wire.LocalWindows;
import dev.tally.domain.wire.ProcessorStats;
import dev.tally.domain.wire.RoutingSnapshot;
import dev.tally.server.http.BearerAuth;
import dev.tally.server.http.WindowParams;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@link ProcessorClient} over {@link HttpClient}: one connection pool shared by all request threads. */
public final class HttpProcessorClient implements ProcessorClient {

    private final HttpClient http;
    private final Duration timeout;
    private final BearerAuth internalSecret;

    /** @param timeout bounds both connecting and waiting for the answer of each call */
    public HttpProcessorClient(Duration timeout) {
        this(timeout, null);
    }

    /** @param internalSecret the stack's INTERNAL_SECRET, sent with every call; null for none */
    public HttpProcessorClient(Duration timeout, BearerAuth internalSecret) {
        this.timeout = timeout;
        this.internalSecret = internalSecret;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                // The processors speak plain HTTP/1.1; skipping the h2c upgrade attempt saves a round trip.
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public LocalCount count(String url, String key) {
        return get(url, "/internal/counter/" + encodePathSegment(key), LocalCount.class);
    }

    @Override
    public List<LocalCount> counts(String url, List<String> keys) {
        String body;
        try {
            body = Json.MAPPER.writeValueAsString(new KeyList(keys));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings is always JSON", e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/internal/counters"))
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return call(url, request, LocalCounts.class).counts();
    }

    @Override
    public LocalDump dump(String url, Collection<Integer> partitions) {
        String list = partitions.stream().map(String::valueOf).collect(Collectors.joining(","));
        return get(url, "/internal/dump?partitions=" + list, LocalDump.class);
    }

    @Override
    public LocalDump dump(String url, Collection<Integer> partitions, String after, int limit) {
        String list = partitions.stream().map(String::valueOf).collect(Collectors.joining(","));
        return get(url, "/internal/dump?partitions=" + list + "&limit=" + limit
                + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8)), LocalDump.class);
    }

    @Override
    public LocalDump top(String url, Collection<Integer> partitions, String window, int n) {
        String list = partitions.stream().map(String::valueOf).collect(Collectors.joining(","));
        return get(url, "/internal/top?partitions=" + list + "&n=" + n
                + (window == null ? "" : "&window=" + URLEncoder.encode(window, StandardCharsets.UTF_8)), LocalDump.class);
    }

    @Override
    public LocalWindows windows(String url, String key, WindowParams.Range range) {
        return get(url, "/internal/counter/" + encodePathSegment(key) + "/windows?size="
                + URLEncoder.encode(range.size(), StandardCharsets.UTF_8) + "&from=" + range.fromMs() + "&to=" + range.toMs(),
                LocalWindows.class);
    }

    @Override
    public RoutingSnapshot routing(String url) {
        return get(url, "/internal/routing", RoutingSnapshot.class);
    }

    @Override
    public Optional<IdempotentWrite> idempotency(String url, String idempotencyKey, String key) {
        try {
            return Optional.of(get(url, "/internal/idempotency/" + encodePathSegment(idempotencyKey) + "?key="
                    + URLEncoder.encode(key, StandardCharsets.UTF_8), IdempotentWrite.class));
        } catch (ProcessorErrorException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public ProcessorStats stats(String url) {
        return get(url, "/internal/stats", ProcessorStats.class);
    }

    /** Keys may hold anything but control characters; a space must be %20 in a path, not '+'. */
    static String encodePathSegment(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private <T> T get(String url, String pathAndQuery, Class<T> type) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + pathAndQuery))
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET();
        return call(url, request, type);
    }

    private <T> T call(String url, HttpRequest.Builder request, Class<T> type) {
        if (internalSecret != null) {
            request.header("Authorization", internalSecret.header());
        }
        HttpResponse<String> response = send(url, request.build());
        if (response.statusCode() / 100 != 2) {
            throw errorFrom(url, response);
        }
        try {
            return Json.MAPPER.readValue(response.body(), type);
        } catch (JsonProcessingException e) {
            throw new ProcessorErrorException(url, 502, "malformed_answer",
                    "not a " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }

    private HttpResponse<String> send(String url, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            // Also the connect timeout (HttpConnectTimeoutException is a subclass).
            throw new ProcessorUnreachableException(url, "no answer within " + timeout.toMillis() + " ms", e);
        } catch (ConnectException e) {
            throw new ProcessorUnreachableException(url, "connection refused", e);
        } catch (IOException e) {
            throw new ProcessorUnreachableException(url, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProcessorUnreachableException(url, "interrupted while waiting", e);
        }
    }

    private static ProcessorErrorException errorFrom(String url, HttpResponse<String> response) {
        int status = response.statusCode();
        try {
            ErrorBody body = Json.MAPPER.readValue(response.body(), ErrorBody.class);
            if (body != null && body.error() != null) {
                return new ProcessorErrorException(url, status, body.error(), body.message());
            }
        } catch (JsonProcessingException e) {
            // Not one of ours (a proxy, Jetty's own page): the status alone has to do.
        }
        return new ProcessorErrorException(url, status, "http_" + status, null);
    }
}
