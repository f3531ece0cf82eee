package dev.tally.common.http;

/** The JSON body of every error tally answers: a stable code to branch on and a sentence for people. */
public record ErrorBody(String error, String message) {
}
