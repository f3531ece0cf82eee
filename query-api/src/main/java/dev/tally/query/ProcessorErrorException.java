package dev.tally.query;

/** The processor answered, with an error status and the {@code error} code of its JSON body. */
public final class ProcessorErrorException extends ProcessorCallException {

    public static final String NOT_HOSTED = "not_hosted";
    /** The active copy has never applied the Idempotency-Key asked about. */
    public static final String NOT_SEEN = "not_seen";
    /** A standby copy has not applied the Idempotency-Key asked about, which the active may have. */
    public static final String NOT_SEEN_YET = "not_seen_yet";

    private final int status;
    private final String error;

    public ProcessorErrorException(String url, int status, String error, String message) {
        super(url, status + " " + error + (message == null ? "" : ": " + message), null);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public boolean notHosted() {
        return status == 409 || NOT_HOSTED.equals(error);
    }

    @Override
    public String outcome() {
        return status + " " + error;
    }

    @Override
    public boolean instanceIsUnwell() {
        return status >= 500;
    }
}
