package dev.tally.query;

import dev.tally.domain.KeyOrder;
import java.util.Map;
import java.util.SortedMap;

/**
 * One page of {@code GET /dump?limit=N&after=KEY}: counters in key order, and the cursor of the next
 * page (the last key of this one), or null when this is the last.
 */
public record DumpPage(SortedMap<String, Long> counters, String next) {

    /**
     * The page of {@code limit} counters after {@code after} out of {@code candidates}, which must hold,
     * for every partition, its first {@code limit} counters after {@code after} (or all it has after it).
     * The page is then exact: no key before the page's last is missing from the candidates.
     *
     * @param mayHaveMore whether some partition had more counters after its candidates
     */
    static DumpPage of(Map<String, Long> candidates, String after, int limit, boolean mayHaveMore) {
        SortedMap<String, Long> page = KeyOrder.page(candidates, after, limit);
        boolean more = mayHaveMore || KeyOrder.page(candidates, after, limit + 1).size() > limit;
        return new DumpPage(page, more && !page.isEmpty() ? page.lastKey() : null);
    }

    /** A page of a complete dump. */
    static DumpPage of(Map<String, Long> all, String after, int limit) {
        return of(all, after, limit, false);
    }
}
