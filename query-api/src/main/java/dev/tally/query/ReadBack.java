package dev.tally.query;

import dev.tally.domain.WriteToken;
import dev.tally.domain.wire.LocalCount;
import dev.tally.server.http.ApiException;

/**
 * The value of a counter including one write, read through the write's token as
 * {@code GET /counter/{key}?after=TOKEN} reads it: what the ingest side answers an add-and-get with.
 */
@FunctionalInterface
public interface ReadBack {

    /** For an API without a query side. */
    ReadBack NONE = (key, token) -> {
        throw new ApiException(501, "not_supported", "this server has no query side to read the value back");
    };

    /**
     * @throws ApiException 504 {@code write_not_visible} when no copy showed the write within the read
     *                      deadline, 503 when no copy answered
     */
    LocalCount afterWrite(String key, WriteToken token);
}
