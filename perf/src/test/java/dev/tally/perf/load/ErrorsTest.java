package dev.tally.perf.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Requests that get no answer end all the same, counted by why. */
class ErrorsTest {

    @Test
    void aClosedLoopAgainstNoServerCountsEveryRequestAsRefused() throws Exception {
        RunResult result = LoadGenerator.closedLoop(nothingListening(), 4).eventLoops(2).bound(Bound.requests(40)).run();

        assertThat(result.requests()).isEqualTo(40);
        assertThat(result.statuses()).isEmpty();
        assertThat(result.errors()).containsOnlyKeys(ErrorKind.CONNECT_REFUSED);
        assertThat(result.errors().get(ErrorKind.CONNECT_REFUSED).count()).isEqualTo(40);
        assertThat(result.errors().get(ErrorKind.CONNECT_REFUSED).firstMessage()).containsIgnoringCase("refused");
    }

    @Test
    void anOpenLoopAgainstNoServerCountsEveryRequestAsRefused() throws Exception {
        RunResult result = LoadGenerator.openLoop(nothingListening(), 200).bound(Bound.requests(20)).run();

        assertThat(result.errorCount()).isEqualTo(20);
        assertThat(result.errors()).containsOnlyKeys(ErrorKind.CONNECT_REFUSED);
    }

    @Test
    void aConnectionTheServerClosesFailsItsRequestAndIsReplaced() throws Exception {
        // Every other request: the server closes the connection instead of answering.
        TestTarget.Behaviour closeEveryOther = (ctx, request, n) -> {
            if (n % 2 == 0) {
                ctx.close();
            } else {
                TestTarget.OK.respond(ctx, request, n);
            }
        };
        try (TestTarget target = TestTarget.answering(closeEveryOther)) {
            RunResult result = LoadGenerator.closedLoop(target.uri("/health"), 2).bound(Bound.requests(100)).run();

            assertThat(result.statuses()).isEqualTo(Map.of(200, 50L));
            assertThat(result.errors()).containsOnlyKeys(ErrorKind.CONNECTION_CLOSED);
            assertThat(result.errors().get(ErrorKind.CONNECTION_CLOSED).count()).isEqualTo(50);
            // Two to start with, and one for each that closed while there were requests left to send.
            assertThat(result.connectionsOpened()).isBetween(50L, 52L);
        }
    }

    @Test
    void aRequestWithoutAnAnswerTimesOutAndTheRunGoesOn() throws Exception {
        TestTarget.Behaviour neverAnswerTheFifth = (ctx, request, n) -> {
            if (n != 5) {
                TestTarget.OK.respond(ctx, request, n);
            }
        };
        try (TestTarget target = TestTarget.answering(neverAnswerTheFifth)) {
            RunResult result = LoadGenerator.closedLoop(target.uri("/health"), 2)
                    .requestTimeout(Duration.ofMillis(200))
                    .bound(Bound.requests(20))
                    .run();

            assertThat(result.statuses()).isEqualTo(Map.of(200, 19L));
            assertThat(result.errors()).containsOnlyKeys(ErrorKind.REQUEST_TIMEOUT);
            assertThat(result.errors().get(ErrorKind.REQUEST_TIMEOUT).count()).isOne();
        }
    }

    @Test
    void anAnswerThatIsNotHttpIsABadResponse() throws Exception {
        // Written from the head of the pipeline: the server's HTTP encoder would refuse it.
        TestTarget.Behaviour garbage = (ctx, request, n) -> ctx.pipeline().firstContext()
                .writeAndFlush(Unpooled.copiedBuffer("NOT HTTP AT ALL\r\n\r\n", StandardCharsets.US_ASCII));
        try (TestTarget target = TestTarget.answering(garbage)) {
            RunResult result = LoadGenerator.closedLoop(target.uri("/health"), 1).bound(Bound.requests(3)).run();

            assertThat(result.errors()).containsOnlyKeys(ErrorKind.BAD_RESPONSE);
            assertThat(result.errors().get(ErrorKind.BAD_RESPONSE).count()).isEqualTo(3);
        }
    }

    /** A port nothing listens on: one the OS just handed out and took back. */
    private static URI nothingListening() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/health");
        }
    }
}
