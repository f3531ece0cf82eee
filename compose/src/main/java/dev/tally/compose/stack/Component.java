package dev.tally.compose.stack;

import java.util.Locale;

/** The kinds of process a stack runs; each instance is numbered from 1. */
public enum Component {
    BROKER, PROCESSOR, API;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Component parse(String text) {
        for (Component c : values()) {
            if (c.label().equalsIgnoreCase(text)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown component \"" + text + "\"; expected broker, processor or api");
    }
}
