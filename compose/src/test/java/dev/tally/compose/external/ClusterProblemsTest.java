package dev.tally.compose.external;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.junit.jupiter.api.Test;

class ClusterProblemsTest {

    private static String explain(Throwable failure) {
        return ClusterProblems.explain("k1:9092", "describe the cluster", failure).getMessage();
    }

    @Test
    void noAnswerIsUnreachableAndPointsAtTheFlags() {
        String message = explain(new ExecutionException(new TimeoutException("Timed out waiting for a node assignment.")));

        assertThat(message).startsWith("cannot reach Kafka at k1:9092 (no answer while trying to describe the cluster)")
                .contains("check --kafka").contains("--kafka-config FILE").doesNotContain("\n");
        assertThat(explain(new java.util.concurrent.TimeoutException())).startsWith("cannot reach Kafka at k1:9092");
    }

    @Test
    void aRefusedLoginNamesTheCredentials() {
        assertThat(explain(new ExecutionException(new SaslAuthenticationException("Authentication failed: Invalid username or password"))))
                .isEqualTo("Kafka at k1:9092 refused the login (Authentication failed: Invalid username or password): check"
                        + " security.protocol, sasl.mechanism and the credentials in --kafka-config FILE");
        assertThat(explain(new SslAuthenticationException("PKIX path building failed")))
                .startsWith("the TLS handshake with Kafka at k1:9092 failed (PKIX path building failed)").contains("truststore");
    }

    @Test
    void aMissingAclNamesWhatIsDeniedAndWhatToGrant() {
        assertThat(explain(new ExecutionException(new TopicAuthorizationException(Set.of("tally-increments")))))
                .startsWith("Kafka at k1:9092 refuses to let tally describe the cluster (no permission on topics tally-increments): grant")
                .contains("docs/operations.md");
        assertThat(explain(new TransactionalIdAuthorizationException("Transactional Id authorization failed.")))
                .contains("no permission on transactional ids").contains("transactional ids tally-processor*");
    }

    @Test
    void anUnsupportedRequestMeansTheBrokersAreTooOld() {
        assertThat(explain(new ExecutionException(new UnsupportedVersionException("The node does not support DESCRIBE_FEATURES"))))
                .startsWith("the brokers at k1:9092 are too old for tally (The node does not support DESCRIBE_FEATURES)")
                .contains("Kafka 2.7 or newer").endsWith("upgrade the cluster");
    }

    @Test
    void aClientErrorWrappingItsCauseIsExplainedByTheCause() {
        assertThat(explain(new org.apache.kafka.common.KafkaException("Failed to construct kafka producer",
                new SaslAuthenticationException("bad password")))).startsWith("Kafka at k1:9092 refused the login (bad password)");
    }
}
