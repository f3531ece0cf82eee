package dev.tally.query;

import dev.tally.domain.Consistency;
import dev.tally.domain.WriteToken;
import dev.tally.domain.wire.LocalCount;
import java.time.Duration;

/**
 * What a read accepts: {@code strong} takes the active copy only; {@code eventual}
 * takes any copy, and with {@code maxLag} only one at most that many changelog records behind.
 * With {@code after} (read-your-writes), only a copy whose value includes that write.
 */
public record ReadPolicy(Consistency level, Long maxLag, WriteToken after) {

    public static final ReadPolicy ANY = new ReadPolicy(Consistency.EVENTUAL, null);

    public ReadPolicy(Consistency level, Long maxLag) {
        this(level, maxLag, null);
    }

    boolean mayAsk(Candidate copy) {
        return level != Consistency.STRONG || LocalCount.ACTIVE.equals(copy.role());
    }

    /** @return why the answer does not satisfy this policy, or null if it does */
    String rejects(LocalCount answer) {
        if (level == Consistency.STRONG && !LocalCount.ACTIVE.equals(answer.role())) {
            return "answered as " + answer.role() + ", a strong read needs the active copy";
        }
        if (maxLag != null && (answer.lag() == null || answer.lag() > maxLag)) {
            return "lag " + (answer.lag() == null ? "unknown" : answer.lag()) + " is over max_lag " + maxLag;
        }
        if (after != null && !after.isCoveredBy(answer.applied())) {
            return "has not applied the write " + after + " yet";
        }
        return null;
    }

    /** Why {@code after} cannot be a write of a key on this partition (answered 400 at once, not waited for). */
    java.util.Optional<String> tokenMismatch(int keyPartition) {
        return after == null ? java.util.Optional.empty() : after.problemWithPartition(keyPartition);
    }

    /** The error code when no copy satisfied the policy. */
    String unavailableError() {
        return level == Consistency.STRONG ? "active_unavailable" : maxLag != null ? "no_fresh_replica"
                : after != null ? "write_not_visible" : "no_replica_available";
    }

    /** 504 when copies answered but none has the write yet (a timeout, not an outage); else 503. */
    int unavailableStatus(boolean anyCopyAnswered) {
        return after != null && anyCopyAnswered ? 504 : 503;
    }

    /**
     * The budget of one read: its deadline and the pauses between rounds of asking. A write is
     * usually applied within milliseconds of its 202 (a hot key's within a flush and a commit), so a
     * read waiting for one asks again soon and often; an outage is waited out more patiently.
     */
    RetryBudget budget(TimeSource time, Duration deadline) {
        return after != null
                ? new RetryBudget(time, deadline, Duration.ofMillis(5), Duration.ofMillis(50))
                : new RetryBudget(time, deadline, Duration.ofMillis(50), Duration.ofMillis(400));
    }
}
