package dev.tally.compose.stack;

/** One line of {@code bin/tally status}. */
public record StatusRow(Instance instance, Long pid, int port, boolean up, String detail) {
}
