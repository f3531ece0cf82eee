package dev.tally.compose.stack;

import java.util.Locale;

/** The kinds of process a stack runs, in start order; each instance is numbered from 1. */
public enum Component {
    CONTROLLER, BROKER, PROCESSOR, API;

    /** Kafka's own processes: stopped after the services, with a longer grace. */
    public boolean isKafka() {
        return this == CONTROLLER || this == BROKER;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Component parse(String text) {
        for (Component c : values()) {
            if (c.label().equalsIgnoreCase(text)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown component \"" + text + "\"; expected controller, broker, processor or api");
    }
}
