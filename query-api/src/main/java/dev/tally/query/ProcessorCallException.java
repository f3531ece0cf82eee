package dev.tally.query;

/** A call to a processor that did not give an answer to use; says which processor and what happened. */
public abstract class ProcessorCallException extends RuntimeException {

    private final String url;

    ProcessorCallException(String url, String message, Throwable cause) {
        super(url + ": " + message, cause);
        this.url = url;
    }

    /** The processor's base URL. */
    public String url() {
        return url;
    }

    /** What the processor did, short enough to list several in one error message. */
    public abstract String outcome();

    /**
     * Whether this copy should be asked last for a while: it is down, frozen or still restoring. A 409
     * is not: the instance is fine, the routing that sent us there is stale.
     */
    public abstract boolean instanceIsUnwell();
}
