package dev.tally.domain;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The rules a counter key must follow, checked where a key enters the system. */
public final class CounterKeys {

    /** Keys travel as Kafka record keys and URL path segments; 256 bytes keeps both cheap. */
    public static final int MAX_UTF8_BYTES = 256;

    private CounterKeys() {
    }

    /** @return why the key is not acceptable, or empty when it is */
    public static Optional<String> problemWith(String key) {
        if (key == null || key.isEmpty()) {
            return Optional.of("the key is empty");
        }
        if (key.isBlank()) {
            // Nobody means a counter named " ": it is a path or template that lost its value.
            return Optional.of("the key is only whitespace");
        }
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_UTF8_BYTES) {
            return Optional.of("the key is " + bytes + " UTF-8 bytes long; at most " + MAX_UTF8_BYTES + " are allowed");
        }
        if (key.codePoints().anyMatch(Character::isISOControl)) {
            return Optional.of("the key contains a control character");
        }
        return Optional.empty();
    }
}
