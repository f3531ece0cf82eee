package dev.tally.query;

import dev.tally.common.Consistency;
import dev.tally.common.wire.LocalCount;

/**
 * What a read accepts (seed 004): {@code strong} takes the active copy only; {@code eventual}
 * takes any copy, and with {@code maxLag} only one at most that many changelog records behind.
 */
public record ReadPolicy(Consistency level, Long maxLag) {

    public static final ReadPolicy ANY = new ReadPolicy(Consistency.EVENTUAL, null);

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
        return null;
    }

    /** The error code when no copy satisfied the policy. */
    String unavailableError() {
        return level == Consistency.STRONG ? "active_unavailable" : maxLag != null ? "no_fresh_replica" : "no_replica_available";
    }
}
