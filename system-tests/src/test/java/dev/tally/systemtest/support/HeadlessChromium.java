package dev.tally.systemtest.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.domain.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One page in Debian's {@code chromium}, headless, driven over the Chrome DevTools Protocol with the
 * JDK's own WebSocket client (no driver binary, no library): open a URL, evaluate JavaScript in it,
 * take a screenshot, and collect what the browser reports as errors (console errors, uncaught
 * exceptions, failed loads).
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process browser;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();

    private HeadlessChromium(Process browser, Path profile, WebSocket.Builder sockets, URI page) {
        this.browser = browser;
        this.profile = profile;
        this.socket = sockets.buildAsync(page, new Listener()).join();
    }

    /** Starts a browser with a profile of its own and attaches to its one tab. */
    public static HeadlessChromium start() throws Exception {
        Path profile = Files.createTempDirectory("tally-chromium-");
        Process browser = new ProcessBuilder("chromium", "--headless", "--disable-gpu",
                // Root in CI containers: chromium refuses to start its sandbox as root.
                "--no-sandbox",
                "--no-first-run", "--disable-extensions", "--disable-background-networking",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, "--window-size=1400,1150", "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        try {
            // Chromium writes the port it chose, then the browser's WebSocket path, to this file once it listens.
            Path activePort = profile.resolve("DevToolsActivePort");
            await("chromium listens for DevTools").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Files.exists(activePort) && Files.readAllLines(activePort).size() >= 2);
            int port = Integer.parseInt(Files.readAllLines(activePort).get(0).strip());
            JsonNode targets = Json.MAPPER.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode target : targets) {
                if (target.path("type").asText().equals("page")) {
                    HeadlessChromium page = new HeadlessChromium(browser, profile, HTTP.newWebSocketBuilder(),
                            URI.create(target.path("webSocketDebuggerUrl").asText()));
                    page.send("Runtime.enable", Map.of());
                    page.send("Log.enable", Map.of());
                    page.send("Page.enable", Map.of());
                    return page;
                }
            }
            throw new IllegalStateException("chromium has no page to drive: " + targets);
        } catch (Throwable e) {
            browser.destroyForcibly();
            throw e;
        }
    }

    /** Opens the URL in the tab and waits for its load event. */
    public void open(String url) throws Exception {
        send("Page.navigate", Map.of("url", url));
        await("the page loaded").atMost(ANSWER_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> "complete".equals(evaluate("document.readyState")));
    }

    /** The value of a JavaScript expression in the page (strings, numbers, booleans; null for undefined). */
    public Object evaluate(String expression) throws Exception {
        JsonNode answer = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        JsonNode result = answer.path("result");
        if (answer.has("exceptionDetails")) {
            throw new IllegalStateException("the page threw on " + expression + ": " + answer.path("exceptionDetails"));
        }
        JsonNode value = result.path("value");
        return value.isMissingNode() || value.isNull() ? null
                : value.isNumber() ? value.numberValue() : value.isBoolean() ? value.booleanValue() : value.asText();
    }

    /** The whole page as a PNG, as wide as the window and as long as the page. */
    public void screenshot(Path png) throws Exception {
        JsonNode size = send("Page.getLayoutMetrics", Map.of()).path("cssContentSize");
        Map<String, Object> wholePage = Map.of("x", 0, "y", 0, "width", size.path("width").asDouble(),
                "height", size.path("height").asDouble(), "scale", 1);
        JsonNode answer = send("Page.captureScreenshot", Map.of("format", "png", "clip", wholePage,
                "captureBeyondViewport", true));
        Files.write(png, Base64.getDecoder().decode(answer.path("data").asText()));
    }

    /** What the browser reported as an error since it started: console errors, uncaught exceptions, failed loads. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    private JsonNode send(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = Json.MAPPER.createObjectNode().put("id", id).put("method", method);
        message.set("params", Json.MAPPER.valueToTree(params));
        socket.sendText(Json.MAPPER.writeValueAsString(message), true).join();
        JsonNode reply = answer.get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + ": " + reply.path("error"));
        }
        return reply.path("result");
    }

    private void received(JsonNode message) {
        if (message.has("id")) {
            CompletableFuture<JsonNode> answer = pending.remove(message.path("id").asInt());
            if (answer != null) {
                answer.complete(message);
            }
            return;
        }
        JsonNode params = message.path("params");
        switch (message.path("method").asText()) {
            case "Runtime.consoleAPICalled" -> {
                if (List.of("error", "assert").contains(params.path("type").asText())) {
                    errors.add("console." + params.path("type").asText() + ": " + params.path("args"));
                }
            }
            case "Runtime.exceptionThrown" -> errors.add("uncaught: " + params.path("exceptionDetails"));
            case "Log.entryAdded" -> {
                if (params.path("entry").path("level").asText().equals("error")) {
                    errors.add("log: " + params.path("entry").path("text").asText() + " " + params.path("entry").path("url").asText());
                }
            }
            default -> {
            }
        }
    }

    /** Reassembles the protocol's messages, which may arrive in several frames. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    received(Json.MAPPER.readTree(text));
                } catch (IOException e) {
                    errors.add("unreadable DevTools message: " + e.getMessage());
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        List<ProcessHandle> helpers = browser.descendants().toList();
        try {
            send("Browser.close", Map.of());
        } catch (Exception e) {
            // stopped below either way
        }
        browser.destroy();
        try {
            if (!browser.waitFor(10, TimeUnit.SECONDS)) {
                browser.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            browser.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        // Its renderer and GPU helpers, should any outlive it.
        helpers.forEach(ProcessHandle::destroyForcibly);
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
