package dev.tally.ingest;

import dev.tally.server.http.ApiException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns a failed write into an HTTP answer. Kafka trouble is always a 503 naming
 * the reason — the client may retry — never a 500, which would claim a bug in tally.
 */
public final class KafkaErrors {

    private static final Logger log = LoggerFactory.getLogger(KafkaErrors.class);

    /** The 503 of a write that may have been written after all. */
    public static final String OUTCOME_UNKNOWN = "outcome_unknown";

    private KafkaErrors() {
    }

    public static ApiException toApiException(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ApiException api) {
            return api;
        }
        if (cause instanceof NotEnoughReplicasException || cause instanceof NotEnoughReplicasAfterAppendException) {
            return ApiException.unavailable("not_enough_replicas",
                    "Kafka refused the increment: not enough in-sync replicas to store it durably ("
                            + cause.getMessage() + ")");
        }
        if (cause instanceof TimeoutException) {
            // A timed-out record may have reached the leader and be applied later: unlike the other 503s,
            // this one does not say "not written". Only a retry with an Idempotency-Key is safe.
            return ApiException.unavailable(OUTCOME_UNKNOWN,
                    "Kafka did not acknowledge the increment in time, so it may or may not have been written ("
                            + cause.getMessage() + "); retry only with an Idempotency-Key, which makes the retry count once");
        }
        if (cause instanceof KafkaException) {
            return ApiException.unavailable("kafka_unavailable",
                    "Kafka could not take the increment: " + cause.getClass().getSimpleName()
                            + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"));
        }
        if (cause instanceof IllegalStateException) {
            // The producer was closed under a request: the server is shutting down.
            return ApiException.unavailable("kafka_unavailable", "the Kafka producer is closed: " + cause.getMessage());
        }
        log.error("unexpected failure while appending an increment", cause);
        return new ApiException(500, "internal_error", "unexpected " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
