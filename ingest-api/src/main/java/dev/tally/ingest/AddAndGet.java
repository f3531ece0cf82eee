package dev.tally.ingest;

import dev.tally.domain.WriteToken;
import dev.tally.domain.wire.LocalCount;
import dev.tally.query.ReadBack;
import dev.tally.server.http.ApiException;

/**
 * {@code POST /counter/{key}/increment?return=value}: once the increment is acknowledged, its
 * counter's value including it, read through the write's token ({@link ReadBack}). The read waits on
 * the request's thread, up to the query side's READ_DEADLINE_MS. When no copy shows the write in
 * time the answer is the read's error (504 {@code write_not_visible}, or 503), saying that the
 * increment was accepted and stays counted, with its {@code token} in the details to read it later.
 */
final class AddAndGet {

    /** The 200 body: the 202's fields that matter to a caller, and the value with the copy that gave it. */
    record CountedValue(String key, long by, long value, int partition, String instance, String role, Long lag,
                        String queue, String token) {
    }

    private final ReadBack readBack;

    AddAndGet(ReadBack readBack) {
        this.readBack = readBack;
    }

    /** @throws ApiException 400 {@code invalid_return} for a {@code return} other than {@code value} */
    static boolean asked(String returnParam) {
        if (returnParam == null || returnParam.isBlank()) {
            return false;
        }
        if (returnParam.strip().equals("value")) {
            return true;
        }
        throw ApiException.badRequest("invalid_return", "return may only be value, got \"" + IncrementRequest.abbreviate(returnParam) + "\"");
    }

    CountedValue valueAfter(IncrementAccepted accepted) {
        LocalCount count;
        try {
            count = readBack.afterWrite(accepted.key(), WriteToken.parse(accepted.token()));
        } catch (ApiException e) {
            throw new ApiException(e.status(), e.error(), "the increment was accepted and stays counted (token "
                    + accepted.token() + "), but its value could not be read: " + e.getMessage())
                    .withDetail("token", accepted.token());
        }
        return new CountedValue(accepted.key(), accepted.by(), count.value(), count.partition(), count.instance(),
                count.role(), count.lag(), accepted.queue(), accepted.token());
    }
}
