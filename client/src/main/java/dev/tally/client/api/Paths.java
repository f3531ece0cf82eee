package dev.tally.client.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** How keys and values go into the API's URLs. */
public final class Paths {

    private Paths() {
    }

    /** A key as one path segment: a space is %20 there, not '+'. */
    public static String segment(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A query parameter's value. */
    public static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
