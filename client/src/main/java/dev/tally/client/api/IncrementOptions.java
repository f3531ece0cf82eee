package dev.tally.client.api;

/**
 * How an increment is sent ({@code POST /counter/{key}/increment?…}).
 *
 * @param by             the delta, any non-zero 64-bit integer
 * @param consistency    {@code strong} (acks=all, the API's default) or {@code eventual} (acks=1); null for the default
 * @param idempotencyKey sent as {@code Idempotency-Key}, so that a retry counts once; null for none
 */
public record IncrementOptions(long by, String consistency, String idempotencyKey) {

    public static final IncrementOptions ONE = new IncrementOptions(1, null, null);

    public static IncrementOptions by(long by) {
        return new IncrementOptions(by, null, null);
    }

    public IncrementOptions withConsistency(String level) {
        return new IncrementOptions(by, level, idempotencyKey);
    }

    public IncrementOptions withIdempotencyKey(String key) {
        return new IncrementOptions(by, consistency, key);
    }

    String query() {
        return "?by=" + by + (consistency == null ? "" : "&consistency=" + Paths.query(consistency));
    }
}
