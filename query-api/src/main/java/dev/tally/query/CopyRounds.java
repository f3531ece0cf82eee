package dev.tally.query;

import dev.tally.domain.Consistency;
import dev.tally.domain.CounterKeys;
import dev.tally.domain.Partitions;
import dev.tally.server.http.ApiException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Asks the copies of a key's partition in routing order (active first) until one answers as the
 * read's policy needs, in rounds: after a failure the routing is refreshed, and between rounds the
 * read backs off, until its deadline. This is how a read follows a failover.
 */
final class CopyRounds {

    /** One call to one copy; throws {@link Unacceptable} when the copy answered but its answer does not do. */
    interface CopyCall<T> {
        T ask(Candidate copy);
    }

    /** A copy answered, but not as the read's policy needs (too stale, not active). */
    static final class Unacceptable extends RuntimeException {
        Unacceptable(String reason) {
            super(reason, null, false, false);
        }
    }

    private final RoutingTable routing;

    CopyRounds(RoutingTable routing) {
        this.routing = routing;
    }

    /**
     * The copy a read asks first, if the routing is known and names one the policy may ask; without
     * waiting, except for a routing refresh that is due.
     */
    Optional<Candidate> firstCopy(String key, ReadPolicy policy, RetryBudget budget) {
        Routing current = routing.currentOrRecord(budget);
        return current == null ? Optional.empty() : nextCopy(current, Partitions.forKey(key, current.partitions()), Set.of(), policy);
    }

    /** The copy answered; it is asked first again. */
    void answered(Candidate copy) {
        routing.reportSuccess(copy.url());
    }

    /**
     * @param what          what is read, for the error ({@code key "a"})
     * @param whenNoCopyDid after a round in which no copy answered acceptably: the answer to give, or null to keep trying
     * @throws ApiException 400 for a bad key, 503 (or the policy's status) when no copy answered acceptably
     */
    <T> T ask(String key, ReadPolicy policy, RetryBudget budget, String what, CopyCall<T> call, Supplier<T> whenNoCopyDid) {
        CounterKeys.problemWith(key).ifPresent(problem -> {
            throw ApiException.badRequest("invalid_key", problem);
        });
        Integer partition = null;
        do {
            Routing current = routing.currentOrRecord(budget);
            if (current == null) {
                continue;
            }
            // A round asks each copy at most once; after a failure the routing may have moved the partition.
            Set<String> asked = new HashSet<>();
            while (budget.timeLeft()) {
                partition = Partitions.forKey(key, current.partitions());
                policy.tokenMismatch(partition).ifPresent(problem -> {
                    throw ApiException.badRequest("token_mismatch", problem);
                });
                Optional<Candidate> next = nextCopy(current, partition, asked, policy);
                if (next.isEmpty()) {
                    break;
                }
                Candidate copy = next.get();
                asked.add(copy.url());
                try {
                    T answer = call.ask(copy);
                    answered(copy);
                    return answer;
                } catch (Unacceptable e) {
                    budget.recordAnswer(copy.describe(), e.getMessage());
                } catch (ProcessorErrorException e) {
                    if (e.status() == 400) {
                        throw ApiException.badRequest("invalid_key", e.getMessage());
                    }
                    failed(budget, current, copy, e);
                } catch (ProcessorCallException e) {
                    failed(budget, current, copy, e);
                }
                current = routing.current();
            }
            T settled = whenNoCopyDid.get();
            if (settled != null) {
                return settled;
            }
        } while (budget.backOff());
        throw new ApiException(policy.unavailableStatus(budget.anyAnswered()), policy.unavailableError(),
                (partition == null ? "could not learn which processor holds " + what
                        : "no copy of partition " + partition + " (" + what + ") answered"
                        + (policy.level() == Consistency.STRONG ? " as the active copy" : "")
                        + (policy.maxLag() != null ? " within max_lag " + policy.maxLag() : "")
                        + (policy.after() != null ? " with the write " + policy.after() + " applied" : ""))
                        + " " + budget.summary());
    }

    /**
     * The call, except that the first copy a round asks, if it is {@code asked}, says again what it
     * {@code said} already: a read that goes on after its first answer does not ask that copy twice.
     */
    static <T> CopyCall<T> replaying(Candidate asked, Throwable said, CopyCall<T> call) {
        AtomicBoolean first = new AtomicBoolean(true);
        return copy -> {
            if (first.getAndSet(false) && copy.url().equals(asked.url())) {
                if (said instanceof RuntimeException e) {
                    throw e;
                }
                throw new CompletionException(said);
            }
            return call.ask(copy);
        };
    }

    private Optional<Candidate> nextCopy(Routing current, int partition, Set<String> asked, ReadPolicy policy) {
        return routing.candidates(current, partition).stream()
                .filter(c -> !asked.contains(c.url()) && policy.mayAsk(c))
                .findFirst();
    }

    private void failed(RetryBudget budget, Routing current, Candidate copy, ProcessorCallException e) {
        budget.record(copy.describe(), e.outcome());
        routing.reportFailure(current, e);
    }
}
