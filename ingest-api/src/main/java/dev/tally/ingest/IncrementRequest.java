package dev.tally.ingest;

import dev.tally.domain.Consistency;
import dev.tally.domain.CounterKeys;
import dev.tally.server.http.ApiException;

/**
 * One increment as a client asked for it, already validated: the single endpoint builds one from
 * the path, query and headers, the batch endpoint one per item, both through {@link #of}, so both
 * refuse the same things with the same error codes.
 *
 * @param idempotencyKey null when the client sent none
 */
record IncrementRequest(String key, long by, Consistency level, String idempotencyKey) {

    /** Longest accepted {@code Idempotency-Key}; enough for a UUID with a prefix, small enough for a record header. */
    static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

    /**
     * @param byText         {@code by} as sent (null: 1)
     * @param idempotencyKey as sent (null: none)
     * @throws ApiException 400 {@code invalid_key}, {@code invalid_by} or {@code invalid_idempotency_key}
     */
    static IncrementRequest of(String key, String byText, Consistency level, String idempotencyKey) {
        CounterKeys.problemWith(key).ifPresent(problem -> {
            throw ApiException.badRequest("invalid_key", problem);
        });
        long by = parseBy(byText);
        return new IncrementRequest(key, by, level, checkIdempotencyKey(idempotencyKey));
    }

    /** {@code by} is optional (default 1), and a non-zero 64-bit integer: zero would be a write that counts nothing. */
    static long parseBy(String text) {
        if (text == null) {
            return 1;
        }
        long by;
        try {
            by = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_by",
                    "by must be a non-zero 64-bit integer, got \"" + abbreviate(text) + "\"");
        }
        if (by == 0) {
            throw ApiException.badRequest("invalid_by", "by must not be zero");
        }
        return by;
    }

    /** An idempotency key is optional, and printable text of at most 200 characters. */
    static String checkIdempotencyKey(String value) {
        if (value == null) {
            return null;
        }
        if (value.isBlank() || value.length() > MAX_IDEMPOTENCY_KEY_LENGTH
                || value.codePoints().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("invalid_idempotency_key",
                    "Idempotency-Key must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " printable characters");
        }
        return value;
    }

    static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
