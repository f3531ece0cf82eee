package dev.tally.processor;

import dev.tally.processor.history.WindowSize;
import dev.tally.processor.store.BoundedRocksDbMemory;
import dev.tally.server.Env;
import dev.tally.domain.KafkaClientConfig;
import dev.tally.server.http.BearerAuth;
import java.util.List;

/**
 * Everything a processor instance is told from outside, read once at start from environment
 * variables. A present but wrong value stops the process with a message naming the variable.
 *
 * <table>
 *   <caption>Environment variables and their defaults</caption>
 *   <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>BOOTSTRAP_SERVERS</td><td>{@code 127.0.0.1:9092}</td><td>Kafka brokers to bootstrap from</td></tr>
 *   <tr><td>PROCESSOR_ID</td><td>{@code 1}</td><td>instance number (1..999); the instance is called {@code processor-<id>}</td></tr>
 *   <tr><td>PROCESSOR_HOST</td><td>{@code 127.0.0.1}</td><td>interface the internal HTTP API binds (and, without PROCESSOR_ADVERTISED_ADDRESS, the host advertised)</td></tr>
 *   <tr><td>PROCESSOR_PORT</td><td>{@code 8100 + id}</td><td>port of the internal HTTP API, advertised in {@code application.server}</td></tr>
 *   <tr><td>PROCESSOR_ADVERTISED_ADDRESS</td><td>{@code PROCESSOR_HOST:PROCESSOR_PORT}</td><td>{@code host:port} the API and the
 *       other processors reach this instance's internal HTTP API at, advertised in {@code application.server} instead of the
 *       bind address: a routable address when the processes run on separate hosts (or behind a proxy); needed when
 *       PROCESSOR_HOST is {@code 0.0.0.0}</td></tr>
 *   <tr><td>STATE_DIR</td><td>{@code ./.tally/state/processor-<id>}</td><td>RocksDB state of this instance</td></tr>
 *   <tr><td>NUM_STANDBY_REPLICAS</td><td>{@code 1}</td><td>warm copies of each partition's store on other instances (0..10)</td></tr>
 *   <tr><td>REPLICATION_FACTOR</td><td>{@code 3}</td><td>replication of the changelog/repartition topics Streams creates (1..10)</td></tr>
 *   <tr><td>MIN_INSYNC_REPLICAS</td><td>{@code 2}</td><td>{@code min.insync.replicas} of those topics; clamped to at most REPLICATION_FACTOR</td></tr>
 *   <tr><td>WORKER_COUNT</td><td>{@code 1}</td><td>stream threads in this instance (1..64)</td></tr>
 *   <tr><td>SESSION_TIMEOUT_MS</td><td>{@code 3000}</td><td>consumer session timeout: how long a killed instance's partitions wait before a survivor takes them</td></tr>
 *   <tr><td>TRANSACTION_TIMEOUT_MS</td><td>{@code 5000}</td><td>the exactly-once producer's transaction timeout: how long a killed
 *       instance's open transaction blocks reading its partitions before the brokers abort it, and how long a commit may take under load</td></tr>
 *   <tr><td>COMMIT_INTERVAL_MS</td><td>{@code 100}</td><td>how often a transaction commits, i.e. how soon an increment is visible</td></tr>
 *   <tr><td>FETCH_MAX_WAIT_MS</td><td>{@code 50}</td><td>how long a fetch from the brokers waits for a fuller batch (64 KiB)
 *       before taking what has come: under load fewer, fuller fetches; adds up to this much before an increment is
 *       visible, and an idle instance asks the brokers this often (Kafka's default is 500) (1..10000)</td></tr>
 *   <tr><td>STALE_THRESHOLD_SEC</td><td>{@code 10}</td><td>an increment applied more than this long after it was accepted is
 *       reported (counted, logged with STALE) — and applied all the same (1..86400)</td></tr>
 *   <tr><td>EXCESS_FLUSH_MS</td><td>{@code 100}</td><td>how often the pending hot-key sums of the excess topic are merged into
 *       the increments topic (1..60000); the excess path adds up to this plus COMMIT_INTERVAL_MS of delay</td></tr>
 *   <tr><td>IDEMPOTENCY_RETENTION_SEC</td><td>{@code 86400}</td><td>how long an applied increment's Idempotency-Key is
 *       remembered (per counter): a record with the same key within this time is skipped, a later one is applied again
 *       (1..2592000, i.e. up to 30 days; see {@link Deduplicator})</td></tr>
 *   <tr><td>TASK_ASSIGNOR</td><td>{@code high-availability}</td><td>how Kafka Streams spreads the partitions when an instance
 *       joins or leaves: {@code high-availability} (Streams' default: a joiner gets partitions once it has caught up,
 *       and partitions also move to instances that hold an up-to-date standby) or {@code sticky} (KIP-924's
 *       StickyTaskAssignor: as few moves as balance allows); {@code bin/tally perf rebalance --assignor} compares them</td></tr>
 *   <tr><td>INTERNAL_SECRET or INTERNAL_SECRET_FILE</td><td>none</td><td>the stack's shared secret (or a file holding
 *       it): every internal route but {@code /internal/health} then needs {@code Authorization: Bearer <secret>}; the
 *       launcher makes one per stack home and gives it to the processors and the API</td></tr>
 *   <tr><td>WINDOWS</td><td>none (off)</td><td>sizes of tumbling windows every increment is also counted in, by its
 *       acceptance time, e.g. {@code 1m,1h} (durations: a number and s, m, h or d); each size is a windowed store
 *       and changelog ({@link WindowSize}), served by {@code GET /internal/counter/{key}/windows}</td></tr>
 *   <tr><td>WINDOW_RETENTION</td><td>1,440 windows per size</td><td>how long each size's windows are kept, e.g.
 *       {@code 1m=2d,1h=30d}; a size not named keeps 1,440 windows (1m: a day, 1h: 60 days)</td></tr>
 *   <tr><td>ROCKSDB_MEMORY_MB</td><td>{@code 64}</td><td>off-heap memory all the instance's RocksDB stores share:
 *       one block cache, memtables charged to it ({@link BoundedRocksDbMemory}; 8..65536)</td></tr>
 *   <tr><td>KAFKA_CONFIG_FILE</td><td>none</td><td>a Kafka client properties file (SASL, TLS) for every Kafka client of
 *       the instance: Kafka Streams' and the partition-count lookup's (see {@link KafkaClientConfig})</td></tr>
 * </table>
 */
public record ProcessorConfig(
        String bootstrapServers,
        int id,
        String host,
        int port,
        String stateDir,
        int standbyReplicas,
        int replicationFactor,
        int minInsyncReplicas,
        int workerCount,
        int sessionTimeoutMs,
        int transactionTimeoutMs,
        int commitIntervalMs,
        int fetchMaxWaitMs,
        int staleThresholdSec,
        int excessFlushMs,
        int idempotencyRetentionSec,
        String taskAssignor,
        BearerAuth internalSecret,
        String advertisedAddress,
        List<WindowSize> windows,
        int rocksDbMemoryMb,
        KafkaClientConfig kafkaClient) {

    public static final String HIGH_AVAILABILITY = "high-availability";
    public static final String STICKY = "sticky";

    public static final String DEFAULT_BOOTSTRAP_SERVERS = "127.0.0.1:9092";
    public static final int BASE_PORT = 8100;

    public ProcessorConfig {
        windows = windows == null ? List.of() : List.copyOf(windows);
        if (minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("MIN_INSYNC_REPLICAS (" + minInsyncReplicas
                    + ") cannot exceed REPLICATION_FACTOR (" + replicationFactor + ")");
        }
        if (transactionTimeoutMs <= commitIntervalMs) {
            throw new IllegalArgumentException("TRANSACTION_TIMEOUT_MS (" + transactionTimeoutMs
                    + ") must be longer than COMMIT_INTERVAL_MS (" + commitIntervalMs + "): every commit is a transaction");
        }
        if (!advertisedAddress.matches("[^\\s:/]+:\\d{1,5}") || advertisedAddress.startsWith("0.0.0.0:")) {
            throw new IllegalArgumentException("PROCESSOR_ADVERTISED_ADDRESS must be host:port that other hosts can reach, got \""
                    + advertisedAddress + "\"" + (advertisedAddress.startsWith("0.0.0.0:")
                    ? " (PROCESSOR_HOST 0.0.0.0 binds every interface; set PROCESSOR_ADVERTISED_ADDRESS to this host's address)" : ""));
        }
    }

    /** @throws IllegalArgumentException naming the variable whose value is wrong */
    public static ProcessorConfig fromEnv(Env env) {
        int id = env.integer("PROCESSOR_ID", 1, 1, 999);
        int replicationFactor = env.integer("REPLICATION_FACTOR", 3, 1, 10);
        // A stack with fewer brokers lowers REPLICATION_FACTOR; the min ISR follows it down instead
        // of making every write to the changelog fail with NOT_ENOUGH_REPLICAS.
        int minInsync = Math.min(env.integer("MIN_INSYNC_REPLICAS", 2, 1, 10), replicationFactor);
        String host = env.string("PROCESSOR_HOST", "127.0.0.1");
        int port = env.integer("PROCESSOR_PORT", BASE_PORT + id, 1, 65535);
        return new ProcessorConfig(
                env.string("BOOTSTRAP_SERVERS", DEFAULT_BOOTSTRAP_SERVERS),
                id,
                host,
                port,
                env.string("STATE_DIR", "./.tally/state/processor-" + id),
                env.integer("NUM_STANDBY_REPLICAS", 1, 0, 10),
                replicationFactor,
                minInsync,
                env.integer("WORKER_COUNT", 1, 1, 64),
                // How soon a killed instance's partitions move: the group waits this long for its heartbeat.
                // Brokers refuse a value outside group.min/max.session.timeout.ms (6 s..30 min by default;
                // the launcher's brokers allow 2 s).
                env.integer("SESSION_TIMEOUT_MS", 3_000, 1_000, 1_800_000),
                // A killed instance leaves its last transaction open, and the changelog and input partitions
                // it wrote to cannot be read (read_committed) past it until the brokers abort it after this
                // timeout: a survivor taking the partitions over restores behind the dead transaction until
                // then (with Streams' 10 s default the survivor sat restoring for 12 s, every read of those
                // partitions answered 503). But every commit must also end within it, and at 2 s a loaded
                // 2-core stack failed commits: a commit stuck ~3 s behind the brokers' retries of the
                // previous transaction's markers was aborted (InvalidTxnStateException), the thread was
                // replaced, its tasks closed dirty and restored from scratch, and the processors fell
                // behind until the queue filled (docs/performance.md, the soak). 5 s leaves commits that
                // margin and costs a failover about 2 s more than the 3 s session timeout.
                env.integer("TRANSACTION_TIMEOUT_MS", 5_000, 200, 900_000),
                env.integer("COMMIT_INTERVAL_MS", 100, 1, 600_000),
                // At 2,000 increments/s a fetch returning as soon as one byte landed cost the two processors
                // about half a core in all; waiting up to 50 ms for 64 KiB cut that to about a third of a
                // core and the increments' p99 with it (docs/perf/hot-path.md). Idle, the two take about 10
                // points of a core more than with the 500 ms default.
                env.integer("FETCH_MAX_WAIT_MS", 50, 1, 10_000),
                // Ten seconds behind is late for a counter; a late increment is reported, never dropped.
                env.integer("STALE_THRESHOLD_SEC", 10, 1, 86_400),
                // Capped at a minute: every excess increment waits up to this long to be counted.
                env.integer("EXCESS_FLUSH_MS", 100, 1, 60_000),
                // A day covers any sane client retry schedule; every remembered key costs a RocksDB
                // entry and a changelog record until it expires.
                env.integer("IDEMPOTENCY_RETENTION_SEC", 86_400, 1, 2_592_000),
                env.choice("TASK_ASSIGNOR", HIGH_AVAILABILITY, java.util.List.of(HIGH_AVAILABILITY, STICKY)),
                // Null leaves the internal API open: it binds to loopback by default (PROCESSOR_HOST).
                BearerAuth.fromEnv(env, "INTERNAL_SECRET").orElse(null),
                // Where the others reach this instance, which is not where it binds behind a proxy or a NAT.
                env.string("PROCESSOR_ADVERTISED_ADDRESS", host + ":" + port),
                // Off unless asked for: every size costs a windowed-store write per increment (docs/performance.md).
                WindowSize.parse(env.list("WINDOWS", ""), env.list("WINDOW_RETENTION", "")),
                // A counter's entry is a few dozen bytes, so this caches the blocks of roughly a million of
                // them; the rest is read through the OS page cache. Without a bound every store would
                // cache and buffer on its own.
                env.integer("ROCKSDB_MEMORY_MB", 64, 8, 65_536),
                KafkaClientConfig.ofVariable(env.string(KafkaClientConfig.VARIABLE, null)));
    }

    /** {@code processor-<id>}: how this instance names itself in logs and answers. */
    public String instanceName() {
        return "processor-" + id;
    }

    /** {@code host:port} of the internal HTTP API as the others reach it, advertised in {@code application.server}. */
    public String endpoint() {
        return advertisedAddress;
    }
}
