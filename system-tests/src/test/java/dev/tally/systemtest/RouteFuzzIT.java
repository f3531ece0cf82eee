package dev.tally.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.client.api.Reply;
import dev.tally.compose.stack.Classpaths;
import dev.tally.domain.Json;
import dev.tally.systemtest.support.DocumentedErrors;
import dev.tally.systemtest.support.FuzzInputs;
import dev.tally.systemtest.support.OnSharedStack;
import dev.tally.systemtest.support.RawHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Random requests to every public route of a running stack (the OpenAPI document's list): odd keys
 * (any Unicode, whitespace, %-escapes, over-long), odd {@code by}s, headers and bodies. Whatever comes,
 * no 5xx but the documented 503/504s, every error a JSON body with a documented code, and in the end
 * every counter holds exactly what was answered 202.
 *
 * <p>The values come from {@link FuzzInputs}, all from one seeded {@link Random}: the seed is printed
 * and TALLY_FUZZ_SEED replays a run. (Not a jqwik property: a property has its own lifecycle, outside
 * the shared stack's JUnit extension, and jqwik's generators refuse to run outside one.)
 */
class RouteFuzzIT extends OnSharedStack {

    private static final int TRIES = 400;
    private static final Set<Integer> DOCUMENTED_5XX = Set.of(503, 504);

    private final Map<String, long[]> expected = new TreeMap<>(); // key -> {lowest, highest} it may hold
    private final Set<String> countedIdempotency = new HashSet<>();
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private Random random;
    private RawHttp http;
    private Set<String> documented;
    private String lastIdempotency;
    private long lastBy;

    @Test
    void noInputGetsAnUndocumentedAnswerAndTheCountsAreThe202s() throws Exception {
        long seed = System.getenv("TALLY_FUZZ_SEED") != null ? Long.parseLong(System.getenv("TALLY_FUZZ_SEED")) : new Random().nextLong();
        System.out.println("route fuzz seed " + seed + " (TALLY_FUZZ_SEED replays it)");
        random = new Random(seed);
        URI api = URI.create(stack.spec().apiUrl());
        http = new RawHttp(api.getHost(), api.getPort());
        documented = DocumentedErrors.codes(Classpaths.projectRoot());
        assertThat(documented).contains("invalid_key", "queue_full", "token_from_the_future", "not_found");

        FuzzInputs inputs = new FuzzInputs(random, key(""));
        for (int i = 0; i < TRIES; i++) {
            String key = inputs.key();
            String text = inputs.text(40);
            switch (random.nextInt(10)) {
                case 0, 1, 2 -> increment(key, text);
                case 3 -> batch(key, text);
                case 4, 5 -> read(key, text);
                case 6 -> reset(key);
                case 7 -> readMany(key, text);
                case 8 -> dump(text);
                default -> plain(text);
            }
        }
        System.out.println("route fuzz: " + TRIES + " requests, answered " + outcomes);
        assertThat(expected).as("some increments accepted").isNotEmpty();
        for (Map.Entry<String, long[]> counter : expected.entrySet()) {
            await(counter.getKey() + " counted").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                Reply read = stack.client().get("/counter/" + pathSegment(counter.getKey()));
                assertThat(read.status()).as("%s", read.describe()).isEqualTo(200);
                assertThat(read.value()).as("%s (the 202s say %d to %d)", counter.getKey(), counter.getValue()[0], counter.getValue()[1])
                        .isBetween(counter.getValue()[0], counter.getValue()[1]);
            });
        }
        Reply health = stack.client().health();
        assertThat(health.status()).as("the API is still up").isEqualTo(200);
    }

    /** The key as a path segment: percent-encoded mostly, now and then raw or with a broken escape. */
    private String target(String key) {
        return switch (random.nextInt(12)) {
            case 0 -> key.replace(" ", "%20").replace("\n", "").replace("\r", "");
            case 1 -> pathSegment(key) + "%zz";
            case 2 -> "%00" + pathSegment(key);
            case 3 -> pathSegment(key) + "%2F";
            default -> pathSegment(key);
        };
    }

    private static String pathSegment(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private String by(String text) {
        return switch (random.nextInt(8)) {
            case 0 -> "";
            case 1 -> query(text);
            case 2 -> "9223372036854775808";
            case 3 -> "0";
            case 4 -> String.valueOf(-1 - random.nextInt(5));
            default -> String.valueOf(1 + random.nextInt(9));
        };
    }

    private List<Map.Entry<String, String>> headers(String text) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        if (random.nextInt(4) == 0) {
            // Header values cannot hold line breaks on the wire; anything else goes.
            headers.add(Map.entry("X-Client-Id", text.replaceAll("[\r\n]", "")));
        }
        if (random.nextInt(5) == 0) {
            headers.add(Map.entry(random.nextBoolean() ? "Accept" : "Content-Type", random.nextBoolean() ? "application/x-ndjson" : "text/html"));
        }
        return headers;
    }

    private void increment(String key, String text) throws Exception {
        List<Map.Entry<String, String>> headers = headers(text);
        String by = by(text);
        String idempotency = null;
        if (random.nextInt(3) == 0) {
            // Now and then a retry of the last one, now and then a key with the wrong characters.
            boolean retry = lastIdempotency != null && random.nextBoolean();
            idempotency = retry ? lastIdempotency : random.nextInt(5) == 0 ? text.replaceAll("[\r\n]", "") : UUID.randomUUID().toString();
            if (retry) {
                by = String.valueOf(lastBy);
            }
            headers.add(Map.entry("Idempotency-Key", idempotency));
        }
        String consistency = random.nextInt(4) == 0 ? "&consistency=" + List.of("eventual", "strong", "sometimes").get(random.nextInt(3)) : "";
        String returnValue = random.nextInt(6) == 0 ? "&return=value" : "";
        RawHttp.Answer answer = check("POST", "/counter/" + target(key) + "/increment?by=" + by + consistency + returnValue, headers, null);
        if (answer.status() == 202 || answer.status() == 200) {
            JsonNode body = Json.MAPPER.readTree(answer.body());
            long amount = body.path("by").asLong();
            String counted = body.path("key").asText();
            boolean replay = "true".equals(answer.header("Idempotent-Replay"));
            boolean duplicate = idempotency != null && !countedIdempotency.add(counted + "\n" + idempotency);
            if (!replay && !duplicate) {
                add(counted, amount, amount);
            }
            lastIdempotency = idempotency;
            lastBy = amount;
        } else if ("outcome_unknown".equals(error(answer))) {
            long amount = by.isEmpty() ? 1 : Long.parseLong(by);
            add(key, 0, amount);
        }
    }

    private void batch(String key, String text) throws Exception {
        boolean ndjson = random.nextBoolean();
        List<String> items = new ArrayList<>();
        int n = 1 + random.nextInt(5);
        for (int i = 0; i < n; i++) {
            String item = switch (random.nextInt(6)) {
                case 0 -> text;
                case 1 -> "{\"key\":" + Json.MAPPER.writeValueAsString(key + i) + ",\"by\":\"" + text.replace("\"", "") + "\"}";
                case 2 -> "{\"key\":" + Json.MAPPER.writeValueAsString(key) + "}{\"key\":\"x\"}";
                case 3 -> "{\"key\":" + Json.MAPPER.writeValueAsString(key) + ",\"idempotencyKey\":\"" + UUID.randomUUID() + "\",\"by\":2}";
                default -> "{\"key\":" + Json.MAPPER.writeValueAsString(key + i) + ",\"by\":" + (1 + random.nextInt(4)) + "}";
            };
            items.add(ndjson ? item.replace("\n", " ") : item);
        }
        String body = ndjson ? String.join("\n", items) : "[" + String.join(",", items) + "]";
        if (random.nextInt(8) == 0) {
            body = text;
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>(headers(text));
        headers.removeIf(h -> h.getKey().equals("Content-Type"));
        headers.add(Map.entry("Content-Type", ndjson ? "application/x-ndjson" : "application/json"));
        RawHttp.Answer answer = check("POST", "/counters/increments", headers, body.getBytes(StandardCharsets.UTF_8));
        if (answer.status() == 202 || answer.status() == 207) {
            for (JsonNode result : Json.MAPPER.readTree(answer.body()).path("results")) {
                if (result.has("token")) {
                    add(result.path("key").asText(), result.path("by").asLong(), result.path("by").asLong());
                } else if ("outcome_unknown".equals(result.path("error").path("code").asText())) {
                    // The item's own amount is not echoed in an error: leave the counter out of the exact check.
                    expected.computeIfAbsent(key, k -> new long[2])[1] = Long.MAX_VALUE;
                }
            }
        }
    }

    private void read(String key, String text) throws Exception {
        String after = switch (random.nextInt(6)) {
            case 0 -> "&after=" + query(text);
            case 1 -> "&after=m-" + random.nextInt(20) + "-" + (random.nextInt(3) == 0 ? Long.MAX_VALUE : random.nextInt(50)) + "-0000abcd";
            case 2 -> "&max_lag=" + query(text);
            case 3 -> "&consistency=" + query(text);
            default -> "";
        };
        check("GET", "/counter/" + target(key) + "?consistency=" + (random.nextBoolean() ? "strong" : "eventual") + after, headers(text), null);
    }

    private void reset(String key) throws Exception {
        RawHttp.Answer answer = check("DELETE", "/counter/" + target(key), List.of(), null);
        if (answer.status() == 202) {
            String counted = Json.MAPPER.readTree(answer.body()).path("key").asText();
            expected.put(counted, new long[] {0, 0});
        }
    }

    private void readMany(String key, String text) throws Exception {
        if (random.nextBoolean()) {
            check("GET", "/counters?key=" + query(key) + "&key=" + query(text) + "&max_lag=" + by(text), headers(text), null);
        } else {
            String body = random.nextBoolean() ? "{\"keys\":[" + Json.MAPPER.writeValueAsString(key) + "]}" : text;
            check("POST", "/counters", List.of(Map.entry("Content-Type", "application/json")), body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void dump(String text) throws Exception {
        String query = switch (random.nextInt(4)) {
            case 0 -> "?limit=" + query(text);
            case 1 -> "?limit=" + (1 + random.nextInt(20)) + "&after=" + query(text);
            case 2 -> "?format=ndjson&after=" + query(key(""));
            default -> "?limit=5";
        };
        check("GET", "/dump" + query, headers(text), null);
    }

    private void plain(String text) throws Exception {
        List<String> routes = List.of("/status", "/consistency-metrics", "/metrics", "/health", "/health/live", "/health/ready",
                "/openapi.json", "/" + query(text), "/counter", "/counters/increments");
        String route = routes.get(random.nextInt(routes.size()));
        String method = route.equals("/counters/increments") ? "GET" : random.nextInt(5) == 0 ? "PUT" : "GET";
        check(method, route, headers(text), null);
    }

    /** Sends it and checks what every answer must be. */
    private RawHttp.Answer check(String method, String target, List<Map.Entry<String, String>> headers, byte[] body) throws Exception {
        RawHttp.Answer answer = http.send(method, target, headers, body);
        String what = method + " " + target + " " + headers + " -> " + answer.status() + " " + answer.body();
        outcomes.merge(answer.status() + (answer.status() >= 400 ? " " + error(answer) : ""), 1, Integer::sum);
        assertThat(answer.status() < 500 || DOCUMENTED_5XX.contains(answer.status())).as("no undocumented 5xx: %s", what).isTrue();
        if (answer.status() >= 400) {
            assertThat(answer.header("Content-Type")).as("error as JSON: %s", what).startsWith("application/json");
            assertThat(error(answer)).as("a documented error code: %s", what).isIn(documented);
        }
        return answer;
    }

    private static String error(RawHttp.Answer answer) {
        try {
            return Json.MAPPER.readTree(answer.body()).path("error").asText(null);
        } catch (Exception e) {
            return null;
        }
    }

    private void add(String key, long lowest, long highest) {
        long[] range = expected.computeIfAbsent(key, k -> new long[2]);
        range[0] += lowest;
        range[1] = range[1] == Long.MAX_VALUE ? Long.MAX_VALUE : range[1] + highest;
    }
}
