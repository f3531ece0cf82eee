package dev.tally.perf.load;

import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;

/** Why a request got no HTTP answer. */
public enum ErrorKind {
    /** Nothing listens at the target (connection refused). */
    CONNECT_REFUSED,
    /** The TCP connect did not complete within the connect timeout. */
    CONNECT_TIMEOUT,
    /** Any other failure to connect, e.g. no route, or out of file descriptors. */
    CONNECT_FAILED,
    /** No answer within the request timeout; the connection is closed, since a late answer could not be told apart. */
    REQUEST_TIMEOUT,
    /** The server closed the connection while the request was waiting for its answer. */
    CONNECTION_CLOSED,
    /** The connection was reset (or broke otherwise) while the request was waiting for its answer. */
    CONNECTION_RESET,
    /** The answer was not valid HTTP/1.1, or larger than the generator takes. */
    BAD_RESPONSE;

    /** The kind of a failed connect. */
    static ErrorKind ofConnect(Throwable cause) {
        if (cause instanceof ConnectTimeoutException) {
            return CONNECT_TIMEOUT;
        }
        // Netty's own "Connection refused" exceptions extend ConnectException; so do the JDK's.
        return cause instanceof ConnectException ? CONNECT_REFUSED : CONNECT_FAILED;
    }

    /** The kind of a failure on an established connection: the socket's, or else the HTTP decoder's. */
    static ErrorKind ofConnection(Throwable cause) {
        return cause instanceof IOException ? CONNECTION_RESET : BAD_RESPONSE;
    }

    boolean connecting() {
        return this == CONNECT_REFUSED || this == CONNECT_TIMEOUT || this == CONNECT_FAILED;
    }
}
