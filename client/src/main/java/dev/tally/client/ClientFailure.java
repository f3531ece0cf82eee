package dev.tally.client;

/** Why a command could not be done, and the exit status that says so: 2 the request is wrong, 1 no endpoint could do it. */
final class ClientFailure extends Exception {

    static final int UNAVAILABLE = 1;
    static final int REFUSED = 2;

    private final int exitCode;

    ClientFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
