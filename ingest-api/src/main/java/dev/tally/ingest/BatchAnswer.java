package dev.tally.ingest;

import java.util.List;

/**
 * The body of a batch's answer (202, or 207 when some valid item could not be written).
 *
 * @param accepted how many items Kafka acknowledged (or, with a known idempotency key, had already)
 * @param rejected how many were not written: refused as invalid, or failed in Kafka
 * @param replayed how many of the accepted were earlier writes of their idempotency key, answered with the original body
 * @param results  one per item, in the order sent: an {@link IncrementAccepted} or an {@link ItemError}
 */
public record BatchAnswer(int accepted, int rejected, int replayed, List<Object> results) {

    /** A refused or failed item: its position in the batch (from 0) and the error the single endpoint would answer. */
    public record ItemError(int index, Problem error) {
    }

    /** @param status the HTTP status the single endpoint would answer for this item alone */
    public record Problem(String code, String message, int status) {
    }
}
