package dev.tally.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tally.domain.Consistency;
import dev.tally.domain.Json;
import dev.tally.domain.wire.KeyList;
import java.util.List;

/** Query parameters and bodies several routes share, each refused with the same 400 wherever it comes in. */
public final class RequestParams {

    private RequestParams() {
    }

    /**
     * {@code ?consistency=}, or the route's default when absent.
     *
     * @throws ApiException 400 {@code invalid_consistency}
     */
    public static Consistency consistency(String text, Consistency fallback) {
        try {
            return Consistency.parse(text, fallback);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_consistency", e.getMessage());
        }
    }

    /**
     * A {@code {"keys": [...]}} body (the keys themselves not yet checked).
     *
     * @throws ApiException 400 {@code invalid_body}
     */
    public static List<String> keyList(String body) {
        KeyList keys;
        try {
            keys = Json.MAPPER.readValue(body, KeyList.class);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("invalid_body", KEY_LIST_SHAPE + ": " + e.getOriginalMessage());
        }
        if (keys == null || keys.keys() == null) {
            throw ApiException.badRequest("invalid_body", KEY_LIST_SHAPE);
        }
        return keys.keys();
    }

    private static final String KEY_LIST_SHAPE = "the body must be {\"keys\": [\"a\", …]}";
}
