package dev.tally.compose.external;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The brokers' settings that decide whether tally's processors can run on a cluster: the
 * transaction state log (exactly-once needs it created and writable) and the bounds on the
 * processors' session and transaction timeouts.
 *
 * @param values broker config values by name, as one broker describes them
 */
record BrokerSettings(Map<String, String> values) {

    static final String TXN_LOG_RF = "transaction.state.log.replication.factor";
    static final String TXN_LOG_MIN_ISR = "transaction.state.log.min.isr";
    static final String TXN_MAX_TIMEOUT = "transaction.max.timeout.ms";
    static final String GROUP_MIN_SESSION = "group.min.session.timeout.ms";
    static final String GROUP_MAX_SESSION = "group.max.session.timeout.ms";
    /** The processors' TRANSACTION_TIMEOUT_MS default (ProcessorConfig). */
    static final int PROCESSOR_TRANSACTION_TIMEOUT_MS = 5_000;

    static final List<String> NAMES = List.of(TXN_LOG_RF, TXN_LOG_MIN_ISR, TXN_MAX_TIMEOUT, GROUP_MIN_SESSION, GROUP_MAX_SESSION);

    /** @return what stops exactly-once processing on this cluster, one sentence each with its fix; empty when nothing */
    List<String> problems(int brokers) {
        List<String> problems = new ArrayList<>();
        int txnLogReplicas = number(TXN_LOG_RF, 3);
        if (txnLogReplicas > brokers) {
            problems.add("the brokers' " + TXN_LOG_RF + " is " + txnLogReplicas + " but the cluster has " + brokers
                    + " broker(s), so the transaction log cannot be created and exactly-once processing cannot start;"
                    + " set it to at most " + brokers + " on the brokers or add brokers");
        }
        int txnLogMinIsr = number(TXN_LOG_MIN_ISR, 2);
        if (txnLogMinIsr > Math.min(txnLogReplicas, brokers)) {
            problems.add("the brokers' " + TXN_LOG_MIN_ISR + " is " + txnLogMinIsr + ", more than the copies the transaction"
                    + " log can have on " + brokers + " broker(s), so no transaction can commit; lower it on the brokers");
        }
        int maxTransactionTimeout = number(TXN_MAX_TIMEOUT, 900_000);
        if (maxTransactionTimeout < PROCESSOR_TRANSACTION_TIMEOUT_MS) {
            problems.add("the brokers' " + TXN_MAX_TIMEOUT + " is " + maxTransactionTimeout + " ms, below the processors'"
                    + " transaction timeout of " + PROCESSOR_TRANSACTION_TIMEOUT_MS + " ms; raise it on the brokers");
        }
        int maxSession = number(GROUP_MAX_SESSION, 1_800_000);
        if (maxSession < minSessionTimeoutMs()) {
            problems.add("the brokers allow no consumer session timeout (" + GROUP_MIN_SESSION + " " + minSessionTimeoutMs()
                    + " > " + GROUP_MAX_SESSION + " " + maxSession + "); fix those settings on the brokers");
        }
        return problems;
    }

    /** The shortest consumer session timeout the brokers accept (Kafka's default 6 s when not described). */
    int minSessionTimeoutMs() {
        return number(GROUP_MIN_SESSION, 6_000);
    }

    private int number(String name, int fallback) {
        String value = values.get(name);
        try {
            return value == null ? fallback : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
