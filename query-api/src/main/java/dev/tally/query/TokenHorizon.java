package dev.tally.query;

import dev.tally.domain.WriteToken;
import java.util.Optional;

/**
 * Whether a read-your-writes token can name a write at all: a token whose offset lies past the end of
 * its partition's log was never handed out by this stack (a made-up, mistyped or foreign token), and a
 * read waiting for it would hold a request thread for the whole read deadline for nothing.
 */
@FunctionalInterface
public interface TokenHorizon {

    /** For a query side without a view of the logs: every token may be real. */
    TokenHorizon NONE = token -> Optional.empty();

    /** Why no write can have this token (its offset is past its log's end), or empty when it may be real or that cannot be told now. */
    Optional<String> pastLogEnd(WriteToken token);
}
