package dev.tally.server;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of environment variables for the configuration records. A value that is present
 * but wrong stops the process at start with a message naming the variable, never a stack trace
 * at the first request.
 */
public final class Env {

    private final Map<String, String> variables;

    public Env(Map<String, String> variables) {
        this.variables = variables;
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    public String string(String name, String defaultValue) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? defaultValue : value.strip();
    }

    public int integer(String name, int defaultValue, int min, int max) {
        return (int) longValue(name, defaultValue, min, max);
    }

    public long longValue(String name, long defaultValue, long min, long max) {
        String text = string(name, null);
        if (text == null) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got \"" + text + "\"");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    /** One of {@code allowed} (case-insensitive), returned as spelled there. */
    public String choice(String name, String defaultValue, List<String> allowed) {
        String text = string(name, defaultValue);
        return allowed.stream().filter(text::equalsIgnoreCase).findFirst().orElseThrow(() ->
                new IllegalArgumentException(name + " must be one of " + String.join(", ", allowed) + ", got \"" + text + "\""));
    }

    /** A comma-separated list; blanks are dropped. */
    public List<String> list(String name, String defaultValue) {
        return Arrays.stream(string(name, defaultValue).split(","))
                .map(String::strip)
                .filter(item -> !item.isEmpty())
                .toList();
    }
}
