package dev.tally.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.domain.Json;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What Jetty refuses before any route sees the request is answered with the same JSON error body. */
class JettyErrorsTest {

    private final Javalin app = Javalin.create(config -> {
        JsonServer.configure(config);
        config.routes.get("/counter/{key}", ctx -> ctx.result(ctx.pathParam("key")));
        JsonErrors.install(config.routes);
    });

    /** A raw request, so that nothing on the client side encodes or refuses what is sent. */
    private static Answer send(int port, String target, String extraHeader) throws Exception {
        return send(port, "GET", target, extraHeader);
    }

    private static Answer send(int port, String method, String target, String extraHeader) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n" + extraHeader + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String[] headAndBody = response.split("\r\n\r\n", 2);
            return new Answer(Integer.parseInt(headAndBody[0].split(" ")[1]), headAndBody[0], headAndBody[1]);
        }
    }

    private record Answer(int status, String head, String body) {
        JsonNode json() throws Exception {
            assertThat(head.toLowerCase()).contains("content-type: application/json");
            return Json.MAPPER.readTree(body);
        }
    }

    @Test
    void rawControlCharactersInTheRequestLineAreAJson400WhateverTheMethod() {
        JavalinTest.test(app, (server, client) -> {
            for (String method : java.util.List.of("GET", "POST", "DELETE")) {
                for (String target : java.util.List.of("/counter/a\tb", "/counter/a\u0001b", "/counter/a\u007fb", "/counter/a-\t\u00a0")) {
                    Answer answer = send(server.port(), method, target, "");
                    assertThat(answer.status()).as(method + " " + target).isEqualTo(400);
                    assertThat(answer.json().get("error").asText()).as(method + " " + target).isEqualTo("bad_request");
                }
            }
        });
    }

    @Test
    void aNulInThePathIsAJson400() {
        JavalinTest.test(app, (server, client) -> {
            Answer answer = send(server.port(), "/counter/a%00b", "");
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.json().get("error").asText()).isEqualTo("bad_request");
            assertThat(answer.body()).doesNotContain("<html");
        });
    }

    @Test
    void anUndecodablePercentEscapeIsAJson400() {
        JavalinTest.test(app, (server, client) -> {
            Answer answer = send(server.port(), "/counter/a%zz", "");
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.json().get("error").asText()).isEqualTo("bad_request");
        });
    }

    @Test
    void aTooLongUriIsAJson414() {
        JavalinTest.test(app, (server, client) -> {
            Answer answer = send(server.port(), "/counter/" + "k".repeat(20_000), "");
            assertThat(answer.status()).isEqualTo(414);
            assertThat(answer.json().get("error").asText()).isEqualTo("uri_too_long");
        });
    }

    @Test
    void tooLargeHeadersAreAJson431() {
        JavalinTest.test(app, (server, client) -> {
            Answer answer = send(server.port(), "/counter/a", "X-Padding: " + "p".repeat(20_000) + "\r\n");
            assertThat(answer.status()).isEqualTo(431);
            assertThat(answer.json().get("error").asText()).isEqualTo("headers_too_large");
        });
    }

    @Test
    void aDecodableKeyStillReachesTheRoute() {
        JavalinTest.test(app, (server, client) -> {
            Answer answer = send(server.port(), "/counter/a%20b", "");
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("a b");
        });
    }
}
