package dev.tally.perf.load;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP/1.1 request the generator sends: a method, a path with any query string, extra headers
 * (the generator adds {@code Host} and {@code Content-Length} itself) and a body, empty for none.
 *
 * <p>A request is immutable and can be sent any number of times, so a caller that sends the same
 * request every time builds it once ({@link RequestSource#always}).
 */
public record LoadRequest(String method, String path, Map<String, String> headers, byte[] body) {

    private static final byte[] NO_BODY = new byte[0];

    public LoadRequest {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a request path starts with '/', not " + path);
        }
        headers = Map.copyOf(headers);
    }

    public static LoadRequest get(String path) {
        return new LoadRequest("GET", path, Map.of(), NO_BODY);
    }

    /** A POST without a body, e.g. {@code POST /counter/k/increment}. */
    public static LoadRequest post(String path) {
        return new LoadRequest("POST", path, Map.of(), NO_BODY);
    }

    /** A POST of a JSON document, e.g. a batch of increments. */
    public static LoadRequest postJson(String path, String json) {
        return new LoadRequest("POST", path, Map.of("Content-Type", "application/json"),
                json.getBytes(StandardCharsets.UTF_8));
    }

    /** This request with one more header (or another value for one it has). */
    public LoadRequest withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new LoadRequest(method, path, more, body);
    }
}
