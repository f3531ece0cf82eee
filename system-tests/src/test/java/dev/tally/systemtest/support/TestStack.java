package dev.tally.systemtest.support;

import dev.tally.compose.hosts.HostNetwork;
import dev.tally.compose.net.NetworkFaults;
import dev.tally.compose.net.NetSetup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.client.api.Reply;
import dev.tally.client.api.TallyClient;
import dev.tally.compose.stack.Classpaths;
import dev.tally.compose.stack.Component;
import dev.tally.compose.stack.HealthCheck;
import dev.tally.compose.stack.Instance;
import dev.tally.compose.stack.ProcessTable;
import dev.tally.compose.stack.Stack;
import dev.tally.compose.stack.InternalSecret;
import dev.tally.compose.stack.StackHome;
import dev.tally.compose.stack.StackSpec;
import dev.tally.domain.Partitions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A real stack (controllers, brokers, processors, API replicas as processes) started through the
 * launcher's own code on free ports, for the system tests. It outlives one test: tests that kill or
 * reconfigure a process put it back, and {@link #awaitSettled()} waits until every process is up and
 * every partition has its active and standby copy again before the next test begins.
 */
public final class TestStack implements AutoCloseable {

    /** Set (to anything) to keep every stack's home after the run, not only a failed one's. */
    static final String KEEP_HOME = "TALLY_IT_KEEP_HOME";
    private static final Duration SETTLE = Duration.ofMinutes(3);
    /**
     * The tests check behaviour, not speed, and most of them run right after a process (re)started:
     * with C1 only, a JVM compiles what it runs within seconds, where C2 needed about a minute of load
     * (measured: an increment load on a restarted stack did 1,700 instead of 290 requests/s in its
     * first 15 s). perf measures speed, on the JVMs' defaults.
     */
    private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1");

    private final StackShape shape;
    private final StackSpec spec;
    private final Path home;
    private final Stack stack;
    private final TallyClient client;
    private volatile boolean failed;
    private final ReplicaSync replicaSync;

    private TestStack(StackShape shape, StackSpec spec, Path home, Stack stack) {
        this.shape = shape;
        this.spec = spec;
        this.home = home;
        this.stack = stack;
        this.client = TallyClient.of(spec.apiUrl());
        this.replicaSync = new ReplicaSync(spec.bootstrapServers());
    }

    static TestStack start(StackShape shape) throws Exception {
        Path home = Files.createTempDirectory("tally-it-" + shape.name().toLowerCase(java.util.Locale.ROOT) + "-");
        StackSpec spec = shape.spec().onFreePorts();
        if (shape.separateHosts()) {
            HostNetwork.requireUsable();
            spec = spec.withHosts(HostNetwork.pickFree());
        } else {
            // Every loopback test stack runs behind the fault proxies (one small JVM more), so that all the
            // tests' traffic crosses them and NetFaultIT can cut or slow one process without a stack of its own.
            NetSetup.enable(new StackHome(home), spec);
        }
        Stack stack = new Stack(new StackHome(home), Classpaths.fromBuild(Classpaths.projectRoot()), System.out)
                .withSettings(shape.settings())
                .withJvmOptions(JVM_OPTIONS);
        TestStack started = new TestStack(shape, spec, home, stack);
        try {
            stack.up(spec);
        } catch (Exception | AssertionError e) {
            started.failed = true;
            started.close();
            throw e;
        }
        return started;
    }

    public StackSpec spec() {
        return spec;
    }

    /** Whether the stack runs behind fault proxies (every loopback one does). */
    public boolean hasFaultProxies() {
        return NetSetup.load(new StackHome(home), spec).isPresent();
    }

    /** The stack's network faults, as {@code bin/tally net} makes them: at the fault proxies, or at the namespaces' cables. */
    public NetworkFaults net() {
        return NetworkFaults.of(new StackHome(home), spec).orElseThrow();
    }

    /** The launcher's handle on the stack: kill, stop, start, down, up. */
    public Stack stack() {
        return stack;
    }

    public Path home() {
        return home;
    }

    /** The API's shared port: the kernel hands each connection to one replica or another. */
    public TallyClient client() {
        return client;
    }

    /** One API replica's own port, for tests that count what one replica sees (hot keys, queues). */
    public TallyClient replica(int replica) {
        return TallyClient.of(spec.apiAdminUrl(replica));
    }

    public static Instance processor(int id) {
        return new Instance(Component.PROCESSOR, id);
    }

    public static Instance api(int replica) {
        return new Instance(Component.API, replica);
    }

    public List<Instance> processors() {
        List<Instance> all = new ArrayList<>();
        for (int id = 1; id <= spec.processors(); id++) {
            all.add(processor(id));
        }
        return all;
    }

    public List<Instance> apiReplicas() {
        List<Instance> all = new ArrayList<>();
        for (int replica = 1; replica <= spec.apiReplicas(); replica++) {
            all.add(api(replica));
        }
        return all;
    }

    /** The processor whose active copy holds the key's partition right now. */
    public Instance activeProcessorOf(String key) {
        int partition = Partitions.forKey(key, spec.partitions());
        for (JsonNode instance : routing().path("instances")) {
            for (JsonNode active : instance.path("active")) {
                if (active.asInt() == partition) {
                    return processorAt(instance.path("endpoint").asText());
                }
            }
        }
        throw new AssertionError("no processor is active for partition " + partition + ": " + routing());
    }

    /** Restarts one API replica with these settings on top of the shape's; an empty map restores the shape's. */
    public void restartApi(int replica, Map<String, String> extraSettings) throws Exception {
        Map<String, String> settings = new HashMap<>(shape.settings());
        settings.putAll(extraSettings);
        stack.stop(api(replica));
        stack.withSettings(settings);
        try {
            stack.start(api(replica));
        } finally {
            stack.withSettings(shape.settings());
        }
    }

    /**
     * Waits until the stack is as it started: every process running and healthy (any that a test left
     * down is started again), every processor RUNNING in one group that has an active copy of every
     * partition and a standby of each where the shape has standbys, every partition of every topic led
     * by its preferred broker (elected again when a test moved it) and fully in sync as the brokers
     * answer, and each API replica's own reading of the cluster fresh and in sync (a test that cuts off
     * a leader right after a broker restart otherwise finds its partition below the write quorum).
     */
    public void awaitSettled() throws Exception {
        ProcessTable processes = new ProcessTable(stack.home());
        for (var row : stack.status()) {
            if (!row.up()) {
                System.out.println("settle     " + row.instance() + " was left down; starting it");
                stack.start(row.instance());
            }
        }
        long start = System.nanoTime();
        await("the stack settled").atMost(SETTLE).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (Instance instance : apiReplicas()) {
                assertThat(HealthCheck.get(spec.apiAdminUrl(instance.id()) + "/health").ok())
                        .as("%s healthy", instance).isTrue();
            }
            for (Instance instance : processors()) {
                assertThat(processes.find(instance)).as("%s running", instance).isPresent();
                assertThat(HealthCheck.get(processorUrl(instance) + "/internal/health").ok())
                        .as("%s RUNNING", instance).isTrue();
            }
            JsonNode routing = routing();
            Set<Integer> active = new TreeSet<>();
            Map<Integer, Integer> standbys = new HashMap<>();
            List<String> endpoints = new ArrayList<>();
            for (JsonNode instance : routing.path("instances")) {
                endpoints.add(instance.path("endpoint").asText());
                instance.path("active").forEach(p -> active.add(p.asInt()));
                instance.path("standby").forEach(p -> standbys.merge(p.asInt(), 1, Integer::sum));
            }
            assertThat(endpoints).as("processors in the group").hasSize(spec.processors());
            assertThat(active).as("partitions with an active copy").hasSize(spec.partitions());
            int expectedStandbys = Math.min(spec.standbys(), spec.processors() - 1);
            for (int partition = 0; partition < spec.partitions(); partition++) {
                assertThat(standbys.getOrDefault(partition, 0)).as("standbys of partition %d", partition)
                        .isEqualTo(expectedStandbys);
            }
            assertThat(replicaSync.partitionsOutOfSync()).as("partitions without a leader or with a replica out of sync")
                    .isEmpty();
            assertThat(replicaSync.leadersMovedAndElectionAsked()).as("partitions not on their preferred leader").isEmpty();
            for (int replica = 1; replica <= spec.apiReplicas(); replica++) {
                ReplicaSync.assertApiSeesItInSync(replica(replica).status(), replica);
            }
        });
        double waited = (System.nanoTime() - start) / 1e9;
        if (waited > 1) {
            System.out.printf("settle     the stack settled after %.1f s%n", waited);
        }
    }

    /** The broker leading a partition as the brokers answer, or -1 when it has none. */
    public int leaderOf(String topic, int partition) throws Exception {
        return replicaSync.leaderOf(topic, partition);
    }

    /** Where the partitions live, as the first processor that answers sees it. */
    public JsonNode routing() {
        for (Instance instance : processors()) {
            Reply routing = TallyClient.builder(List.of(processorUrl(instance)))
                    .token(InternalSecret.read(new StackHome(home))).build().get("/internal/routing");
            if (routing.status() == 200) {
                return routing.json();
            }
        }
        throw new AssertionError("no processor answered /internal/routing");
    }

    public String processorUrl(Instance processor) {
        return spec.processorUrl(processor.id());
    }

    private Instance processorAt(String endpoint) {
        int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
        for (Instance instance : processors()) {
            if (spec.processorPort(instance.id()) == port) {
                return instance;
            }
        }
        throw new AssertionError("no processor of this stack listens at " + endpoint);
    }

    void markFailed() {
        failed = true;
    }

    /**
     * Stops everything as {@code bin/tally down} does, and checks that it left no process behind: brokers
     * stopped one by one would wait minutes for a controller quorum already gone, stopped at once they
     * all exit. A failed run's home (logs, state) stays, and its path is printed. JUnit reports a failure
     * here as a failure of the run.
     */
    @Override
    public void close() throws Exception {
        replicaSync.close();
        List<Long> pids = stack.status().stream().map(row -> row.pid()).filter(java.util.Objects::nonNull).toList();
        boolean keep = failed || System.getenv(KEEP_HOME) != null;
        stack.down(false);
        List<String> left = ProcessHandle.allProcesses()
                .filter(p -> pids.contains(p.pid()) || p.info().commandLine().map(cmd -> cmd.contains(home.toString())).orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                .toList();
        if (keep || !left.isEmpty()) {
            System.out.println("kept the stack's home for its logs: " + home);
        } else {
            stack.down(true);
        }
        assertThat(left).as("processes still running after down").isEmpty();
    }
}
