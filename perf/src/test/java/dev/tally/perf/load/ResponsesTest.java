package dev.tally.perf.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What reaches a listener: statuses, bodies, the request it answers; and what a throwing listener does. */
class ResponsesTest {

    /** Answers with what it got: method, URI, one header and the body. */
    private static TestTarget echo() throws InterruptedException {
        return TestTarget.answering((ctx, request, n) -> TargetServer.reply(ctx, HttpResponseStatus.OK,
                request.method() + " " + request.uri() + " " + request.headers().get("X-Probe") + " "
                        + request.content().toString(StandardCharsets.UTF_8)));
    }

    @Test
    void everyBodyReachesTheListenerWithTheIndexOfItsRequest() throws Exception {
        Map<Long, String> bodies = new ConcurrentHashMap<>();
        Map<Long, byte[]> bytes = new ConcurrentHashMap<>();
        RequestSource mixed = index -> index % 2 == 0
                ? LoadRequest.get("/counter/k" + index % 5 + "?after=" + index).withHeader("X-Probe", "read")
                : LoadRequest.postJson("/counters/increments", "[\"k" + index + "\"]").withHeader("X-Probe", "batch");
        try (TestTarget target = echo()) {
            LoadGenerator.closedLoop(target.uri("/"), 3)
                    .requests(mixed)
                    .bound(Bound.requests(30))
                    .onResponse(response -> {
                        bodies.put(response.index(), response.bodyText());
                        bytes.put(response.index(), response.body());
                    })
                    .run();
        }

        assertThat(bodies).hasSize(30)
                .containsEntry(4L, "GET /counter/k4?after=4 read ")
                .containsEntry(7L, "POST /counters/increments batch [\"k7\"]");
        assertThat(bytes.get(7L)).isEqualTo(bodies.get(7L).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aListenerCanCountAnswersPerKey() throws Exception {
        Map<String, Integer> perKey = new ConcurrentHashMap<>();
        try (TestTarget target = echo()) {
            LoadGenerator.openLoop(target.uri("/"), 1_000)
                    .eventLoops(2)
                    .requests(index -> LoadRequest.post("/counter/k" + index % 4 + "/increment"))
                    .bound(Bound.requests(100))
                    .onResponse(response -> perKey.merge(response.bodyText().split("/")[2], 1, Integer::sum))
                    .run();
        }

        assertThat(perKey).isEqualTo(Map.of("k0", 25, "k1", 25, "k2", 25, "k3", 25));
    }

    @Test
    void aBodyCannotBeReadOnceTheListenerReturned() throws Exception {
        AtomicReference<LoadResponse> kept = new AtomicReference<>();
        try (TestTarget target = echo()) {
            LoadGenerator.closedLoop(target.uri("/"), 1).bound(Bound.requests(1)).onResponse(kept::set).run();
        }

        assertThat(kept.get().status()).isEqualTo(200);
        assertThatThrownBy(() -> kept.get().bodyText()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aListenerThatThrowsEndsTheRunWithItsException() throws Exception {
        try (TestTarget target = echo()) {
            LoadGenerator generator = LoadGenerator.closedLoop(target.uri("/"), 2)
                    .bound(Bound.requests(1_000))
                    .onResponse(response -> {
                        throw new IllegalArgumentException("listener bug");
                    });

            assertThatThrownBy(generator::run).isInstanceOf(IllegalArgumentException.class).hasMessage("listener bug");
            assertThat(target.requests.get()).isLessThan(1_000);
        }
    }
}
