package dev.tally.compose.external;

import dev.tally.compose.stack.StackException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Turns what a Kafka client throws at the launcher into one line that says what is wrong with the
 * cluster and how to fix it: unreachable, a refused login, a missing permission (ACL), brokers too old.
 */
public final class ClusterProblems {

    /** The principal tally's processes use needs these on the cluster (docs/operations.md lists the ACLs). */
    static final String ACL_HINT = "grant tally's principal the ACLs listed in docs/operations.md (topics tally-*,"
            + " group tally-processor, transactional ids tally-processor*)";

    private ClusterProblems() {
    }

    /**
     * @param cluster what the launcher talked to (its bootstrap servers)
     * @param doing   what the launcher was doing, as in "cannot <doing>"
     */
    public static StackException explain(String cluster, String doing, Throwable failure) {
        Throwable cause = unwrap(failure);
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        String message;
        if (cause instanceof TimeoutException || cause instanceof java.util.concurrent.TimeoutException) {
            message = "cannot reach Kafka at " + cluster + " (no answer while trying to " + doing + "): check --kafka"
                    + " (HOST:PORT of a broker listener this host can connect to) and, for a SASL or TLS listener, --kafka-config FILE";
        } else if (cause instanceof SslAuthenticationException) {
            message = "the TLS handshake with Kafka at " + cluster + " failed (" + detail + "): check the ssl.* settings"
                    + " (truststore, keystore) in --kafka-config FILE";
        } else if (cause instanceof AuthenticationException) {
            message = "Kafka at " + cluster + " refused the login (" + detail + "): check security.protocol, sasl.mechanism"
                    + " and the credentials in --kafka-config FILE";
        } else if (cause instanceof AuthorizationException) {
            message = "Kafka at " + cluster + " refuses to let tally " + doing + " (" + what(cause) + "): " + ACL_HINT;
        } else if (cause instanceof UnsupportedVersionException) {
            return tooOld(cluster, detail);
        } else {
            message = "Kafka at " + cluster + " failed while tally tried to " + doing + ": " + detail;
        }
        return new StackException(message);
    }

    /** Brokers that lack a request tally's exactly-once processing relies on. */
    static StackException tooOld(String cluster, String detail) {
        return new StackException("the brokers at " + cluster + " are too old for tally (" + detail + "): its exactly-once"
                + " processors need Kafka 2.7 or newer (exactly_once_v2 and the feature versions); upgrade the cluster");
    }

    private static String what(Throwable denied) {
        if (denied instanceof TopicAuthorizationException topics && !topics.unauthorizedTopics().isEmpty()) {
            return "no permission on topics " + String.join(", ", topics.unauthorizedTopics());
        } else if (denied instanceof GroupAuthorizationException group && group.groupId() != null) {
            return "no permission on consumer group " + group.groupId();
        } else if (denied instanceof TransactionalIdAuthorizationException) {
            return "no permission on transactional ids: " + denied.getMessage();
        } else if (denied instanceof ClusterAuthorizationException) {
            return "no permission on the cluster: " + denied.getMessage();
        }
        return denied.getMessage();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        // Futures wrap the client's error; a plain KafkaException (not one of the protocol's errors) wraps its cause.
        while ((cause instanceof ExecutionException || cause instanceof CompletionException
                || cause.getClass() == KafkaException.class) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
