package dev.tally.processor.topology;

import dev.tally.domain.IncrementHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The rules a client's {@code Idempotency-Key} must follow (the same for the header of an increment
 * and for {@code GET /internal/idempotency/{idempotencyKey}}), and how it is read off a record.
 */
public final class IdempotencyKeys {

    static final int MAX_LENGTH = 200;

    private IdempotencyKeys() {
    }

    /** @return why the key is not acceptable, or empty when it is */
    public static Optional<String> problemWith(String key) {
        if (key == null || key.isEmpty()) {
            return Optional.of("the idempotency key is empty");
        }
        if (key.length() > MAX_LENGTH) {
            return Optional.of("the idempotency key is " + key.length() + " characters long; at most "
                    + MAX_LENGTH + " are allowed");
        }
        if (key.codePoints().anyMatch(Character::isISOControl)) {
            return Optional.of("the idempotency key contains a control character");
        }
        return Optional.empty();
    }

    /**
     * @return the record's {@value IncrementHeaders#IDEMPOTENCY_KEY} header (the last one if there
     *         are several) as UTF-8 text, or empty if it has none
     * @throws IllegalArgumentException saying why the header is not a valid key (the dead-letter reason)
     */
    static Optional<String> of(Headers headers) {
        Header header = headers.lastHeader(IncrementHeaders.IDEMPOTENCY_KEY);
        if (header == null) {
            return Optional.empty();
        }
        String key = header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
        problemWith(key).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        return Optional.of(key);
    }
}
