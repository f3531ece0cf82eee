package dev.tally.compose.stack;

import java.util.Locale;

/**
 * The kinds of process a stack runs, in start order; each instance is numbered from 1. NET is the
 * fault proxies of a stack started with {@code --net-faults}: first up, last down.
 */
public enum Component {
    CONTROLLER, BROKER, PROCESSOR, API, NET;

    /** Kafka's own processes: stopped after the services, with a longer grace. */
    public boolean isKafka() {
        return this == CONTROLLER || this == BROKER;
    }

    /** The processors and API replicas: they answer HTTP health checks. */
    public boolean isService() {
        return this == PROCESSOR || this == API;
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
        throw new IllegalArgumentException("unknown component \"" + text + "\"; expected controller, broker, processor, api or net");
    }
}
