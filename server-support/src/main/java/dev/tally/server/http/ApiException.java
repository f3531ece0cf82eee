package dev.tally.server.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A request that cannot be served, with the HTTP status and the machine-readable error code to answer. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String error;
    private final Map<String, Object> details = new LinkedHashMap<>();
    private int retryAfterSeconds;

    public ApiException(int status, String error, String message) {
        super(message);
        this.status = status;
        this.error = error;
    }

    public static ApiException badRequest(String error, String message) {
        return new ApiException(400, error, message);
    }

    public static ApiException unavailable(String error, String message) {
        return new ApiException(503, error, message);
    }

    /** 429: the client should back off and retry after the given time. */
    public static ApiException tooManyRequests(String error, String message, int retryAfterSeconds) {
        ApiException e = new ApiException(429, error, message);
        e.retryAfterSeconds = Math.max(1, retryAfterSeconds);
        return e;
    }

    /** Asks the client to wait this long before retrying (a {@code Retry-After} header). */
    public ApiException withRetryAfter(int seconds) {
        this.retryAfterSeconds = Math.max(1, seconds);
        return this;
    }

    /** Adds a machine-readable fact to the error body's {@code details}, e.g. which queue was full. */
    public ApiException withDetail(String name, Object value) {
        details.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public Map<String, Object> details() {
        return Collections.unmodifiableMap(details);
    }

    /** @return seconds for a {@code Retry-After} header, or 0 for none */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
