package dev.tally.server.http;

import dev.tally.domain.Consistency;

/** Query parameters several routes share, each refused with the same 400 wherever it comes in. */
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
}
