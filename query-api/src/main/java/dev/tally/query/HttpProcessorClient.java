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
import java.net.ConnectException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * {@link ProcessorClient} over Jetty's {@link HttpClient}: one connection pool per processor, shared by
 * all request threads.
 *
 * <p>Not the JDK's {@code java.net.http.HttpClient}: with a hundred request threads reading at once,
 * its connection pool and timer queue are single locks that every call takes several times (profiled:
 * ~1,000 waits a second of ~100 ms each), which held reads near a thousand a second.
 */
public final class HttpProcessorClient implements ProcessorClient {

    /** An answer larger than this is refused (a dump page is at most a few MB). */
    private static final int MAX_ANSWER_BYTES = 64 << 20;

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
        this.http = start(timeout);
    }

    private static HttpClient start(Duration timeout) {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("processor-client");
        // The client must never keep the process alive on its own.
        threads.setDaemon(true);
        HttpClient client = new HttpClient();
        client.setExecutor(threads);
        client.setScheduler(new ScheduledExecutorScheduler("processor-client-timeouts", true));
        client.setConnectTimeout(timeout.toMillis());
        // Enough connections for every request thread to have a call in flight to one processor.
        client.setMaxConnectionsPerDestination(256);
        // The processors answer JSON of their own; no cookies, redirects or compression to negotiate.
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new org.eclipse.jetty.http.HttpCookieStore.Empty());
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP client for the processors", e);
        }
        return client;
    }

    @Override
    public LocalCount count(String url, String key) {
        return AsyncCalls.await(url, countAsync(url, key));
    }

    @Override
    public CompletableFuture<LocalCount> countAsync(String url, String key) {
        return callAsync(url, http.newRequest(url + "/internal/counter/" + encodePathSegment(key)).method(HttpMethod.GET),
                LocalCount.class);
    }

    @Override
    public List<LocalCount> counts(String url, List<String> keys) {
        return AsyncCalls.await(url, countsAsync(url, keys));
    }

    @Override
    public CompletableFuture<List<LocalCount>> countsAsync(String url, List<String> keys) {
        String body;
        try {
            body = Json.MAPPER.writeValueAsString(new KeyList(keys));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings is always JSON", e);
        }
        Request request = http.newRequest(url + "/internal/counters")
                .method(HttpMethod.POST)
                .body(new StringRequestContent("application/json", body, StandardCharsets.UTF_8));
        return callAsync(url, request, LocalCounts.class).thenApply(LocalCounts::counts);
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
            if (e.status() == 404 && ProcessorErrorException.NOT_SEEN.equals(e.error())) {
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
        return call(url, http.newRequest(url + pathAndQuery).method(HttpMethod.GET), type);
    }

    private <T> T call(String url, Request request, Class<T> type) {
        return AsyncCalls.await(url, callAsync(url, request, type));
    }

    /**
     * Sends without holding a thread while the processor answers: the answer is parsed, and the
     * future completed, on one of the client's own threads.
     */
    private <T> CompletableFuture<T> callAsync(String url, Request request, Class<T> type) {
        request.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .headers(headers -> {
                    headers.put(HttpHeader.ACCEPT, "application/json");
                    if (internalSecret != null) {
                        headers.put(HttpHeader.AUTHORIZATION, internalSecret.header());
                    }
                });
        return new CompletableResponseListener(request, MAX_ANSWER_BYTES).send().handle((response, failure) -> {
            if (failure != null) {
                throw unreachable(url, AsyncCalls.cause(failure));
            }
            return answerOf(url, response, type);
        });
    }

    private static <T> T answerOf(String url, ContentResponse response, Class<T> type) {
        if (response.getStatus() / 100 != 2) {
            throw errorFrom(url, response);
        }
        try {
            return Json.MAPPER.readValue(new String(response.getContent(), StandardCharsets.UTF_8), type);
        } catch (JsonProcessingException e) {
            throw new ProcessorErrorException(url, 502, "malformed_answer",
                    "not a " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }

    private ProcessorUnreachableException unreachable(String url, Throwable cause) {
        if (cause instanceof TimeoutException) {
            // The request's total timeout, and the connect timeout too.
            return new ProcessorUnreachableException(url, "no answer within " + timeout.toMillis() + " ms", cause);
        }
        if (cause instanceof ConnectException) {
            return new ProcessorUnreachableException(url, "connection refused", cause);
        }
        return new ProcessorUnreachableException(url, cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
    }

    private static ProcessorErrorException errorFrom(String url, ContentResponse response) {
        int status = response.getStatus();
        try {
            ErrorBody body = Json.MAPPER.readValue(new String(response.getContent(), StandardCharsets.UTF_8), ErrorBody.class);
            if (body != null && body.error() != null) {
                return new ProcessorErrorException(url, status, body.error(), body.message());
            }
        } catch (JsonProcessingException e) {
            // Not one of ours (a proxy, Jetty's own page): the status alone has to do.
        }
        return new ProcessorErrorException(url, status, "http_" + status, null);
    }
}
