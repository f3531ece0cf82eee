package dev.tally.ingest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tally.server.http.ApiException;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;

/**
 * A token bucket per client: RATE_LIMIT_PER_CLIENT requests per second, with
 * bursts up to the same number. A client is its {@code X-Client-Id} header, else its address.
 */
public final class ClientRateLimiter {

    private final int perSecond;
    private final Counter rejected;
    /** Buckets of clients gone quiet for a minute are dropped; a returning client starts full. */
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(1))
            .maximumSize(100_000)
            .build();

    /** Longest accepted {@code X-Client-Id}: each id costs a bucket, so the ids a client can invent are bounded too. */
    static final int MAX_CLIENT_ID_LENGTH = 128;

    /**
     * Who a client is: its {@code X-Client-Id} if it sends one, else the address it connects from
     * (behind a proxy, the proxy's: clients should then send an id).
     *
     * @throws ApiException 400 {@code invalid_client_id} for an id over 128 characters or with control characters
     */
    static String clientId(String header, String remoteAddress) {
        if (header == null || header.isBlank()) {
            return remoteAddress;
        }
        String id = header.strip();
        if (id.length() > MAX_CLIENT_ID_LENGTH || id.codePoints().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("invalid_client_id", "X-Client-Id must be 1 to " + MAX_CLIENT_ID_LENGTH
                    + " printable characters");
        }
        return id;
    }

    /**
     * @param perSecond 0 turns the limit off
     * @param rejected  counts the 429s this limit answers (the exported {@code tally_rejected_total})
     */
    public ClientRateLimiter(int perSecond, Counter rejected) {
        this.perSecond = perSecond;
        this.rejected = rejected;
    }

    /** @throws ApiException 429 {@code rate_limited} with Retry-After when the client is over its limit */
    public void check(String client) {
        if (perSecond == 0) {
            return;
        }
        Bucket bucket = buckets.get(client, c -> Bucket.builder()
                .addLimit(limit -> limit.capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)))
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            rejected.increment();
            int seconds = (int) Math.ceil(probe.getNanosToWaitForRefill() / 1e9);
            throw ApiException.tooManyRequests("rate_limited", "client " + client + " is over its limit of "
                            + perSecond + " requests per second (RATE_LIMIT_PER_CLIENT)", seconds)
                    .withDetail("client", client)
                    .withDetail("limit_per_second", perSecond);
        }
    }

    public long rejected() {
        return (long) rejected.count();
    }

    public int perSecond() {
        return perSecond;
    }
}
