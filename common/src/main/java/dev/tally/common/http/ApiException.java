package dev.tally.common.http;

/** A request that cannot be served, with the HTTP status and the machine-readable error code to answer. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String error;

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

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }
}
