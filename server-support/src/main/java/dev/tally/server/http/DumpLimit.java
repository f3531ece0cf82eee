package dev.tally.server.http;

/** {@code ?limit=} of a paged dump, refused with the same 400 by the API and the processors. */
public final class DumpLimit {

    /** The largest page: one page's counters are held in memory, in each processor and in the API. */
    public static final int MAX = 10_000;

    private DumpLimit() {
    }

    /**
     * @return the limit, {@link #MAX} when absent
     * @throws ApiException 400 {@code invalid_limit}
     */
    public static int parse(String text) {
        if (text == null || text.isBlank()) {
            return MAX;
        }
        try {
            int limit = Integer.parseInt(text.strip());
            if (limit >= 1 && limit <= MAX) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("invalid_limit", "limit must be a whole number from 1 to " + MAX);
    }
}
