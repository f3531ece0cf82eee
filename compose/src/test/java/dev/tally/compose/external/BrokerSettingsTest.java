package dev.tally.compose.external;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerSettingsTest {

    @Test
    void kafkasDefaultsOnThreeBrokersLetExactlyOnceRun() {
        BrokerSettings defaults = new BrokerSettings(Map.of(
                "transaction.state.log.replication.factor", "3", "transaction.state.log.min.isr", "2",
                "transaction.max.timeout.ms", "900000", "group.min.session.timeout.ms", "6000"));

        assertThat(defaults.problems(3)).isEmpty();
        assertThat(defaults.minSessionTimeoutMs()).isEqualTo(6000);
    }

    @Test
    void aTransactionLogWithMoreReplicasThanBrokersStopsTheLaunchWithItsFix() {
        // Kafka's default replication factor of the transaction log on a one-broker cluster.
        BrokerSettings oneBroker = new BrokerSettings(Map.of("transaction.state.log.replication.factor", "3",
                "transaction.state.log.min.isr", "1"));

        assertThat(oneBroker.problems(1)).containsExactly("the brokers' transaction.state.log.replication.factor is 3 but the"
                + " cluster has 1 broker(s), so the transaction log cannot be created and exactly-once processing cannot start;"
                + " set it to at most 1 on the brokers or add brokers");
    }

    @Test
    void aMinIsrAboveTheTransactionLogsCopiesAndATooShortTransactionTimeoutAreProblems() {
        BrokerSettings settings = new BrokerSettings(Map.of("transaction.state.log.replication.factor", "2",
                "transaction.state.log.min.isr", "3", "transaction.max.timeout.ms", "1000"));

        assertThat(settings.problems(3)).hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("the brokers' transaction.state.log.min.isr is 3"))
                .anySatisfy(p -> assertThat(p).startsWith("the brokers' transaction.max.timeout.ms is 1000 ms"));
    }

    @Test
    void unknownSettingsFallBackToKafkasDefaults() {
        assertThat(new BrokerSettings(Map.of()).minSessionTimeoutMs()).isEqualTo(6000);
        assertThat(new BrokerSettings(Map.of()).problems(3)).isEmpty();
        assertThat(new BrokerSettings(Map.of()).problems(2)).hasSize(1);
    }
}
