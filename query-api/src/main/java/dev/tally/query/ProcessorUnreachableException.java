package dev.tally.query;

/** The processor did not answer: connection refused, reset, or no answer within the timeout. */
public final class ProcessorUnreachableException extends ProcessorCallException {

    private final String reason;

    public ProcessorUnreachableException(String url, String reason, Throwable cause) {
        super(url, "unreachable: " + reason, cause);
        this.reason = reason;
    }

    @Override
    public String outcome() {
        return "unreachable (" + reason + ")";
    }

    @Override
    public boolean instanceIsUnwell() {
        return true;
    }
}
