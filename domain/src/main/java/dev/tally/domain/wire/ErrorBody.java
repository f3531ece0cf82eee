package dev.tally.domain.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * The JSON body of every error tally answers: a stable code to branch on, a sentence for people,
 * and, where there is more to say, machine-readable details (left out when empty).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ErrorBody(String error, String message, Map<String, Object> details) {

    public ErrorBody(String error, String message) {
        this(error, message, Map.of());
    }
}
