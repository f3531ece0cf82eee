package dev.tally.compose.stack;

/** A stack operation that failed in a way the user can act on; the message says what to read or do. */
public class StackException extends RuntimeException {

    public StackException(String message) {
        super(message);
    }
}
