package dev.tally.compose.stack;

import dev.tally.compose.hosts.HostNetwork;
import dev.tally.compose.net.NetServices;
import dev.tally.compose.net.NetSetup;
import dev.tally.compose.external.ExternalKafka;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** How the stack's own services are started: which main class, which JVM flags, which environment. */
public final class Services {

    static final String PROCESSOR_MAIN = "dev.tally.processor.ProcessorMain";
    static final String API_MAIN = "dev.tally.api.ApiServer";
    /**
     * A fixed heap, committed and touched at start: the resident memory is the process's budget from
     * its first minute instead of creeping up as the heap fills in, so memory that grows after the
     * warm-up (bin/tally perf soak) is a leak, not the heap. Costs ~0.2 s of start-up.
     */
    static final List<String> SERVICE_JVM = List.of("-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch");

    private final StackSpec spec;
    private final StackHome home;
    private final ProcessTable processes;
    private final Classpaths classpaths;
    private final Map<String, String> settings;
    private final List<String> extraJvmOptions;
    private final ExternalKafka externalKafka;

    /** @param settings service settings (MAX_QUEUE_SIZE, WORKER_COUNT, …) on top of the launcher's own environment */
    /** @param extraJvmOptions added after the launcher's own options to every JVM it starts */
    public Services(StackSpec spec, StackHome home, ProcessTable processes, Classpaths classpaths, Map<String, String> settings,
                    List<String> extraJvmOptions) {
        this.spec = spec;
        this.home = home;
        this.processes = processes;
        this.classpaths = classpaths;
        this.settings = settings;
        this.extraJvmOptions = List.copyOf(extraJvmOptions);
        this.externalKafka = null;
    }

    private Services(Services services, ExternalKafka externalKafka) {
        this.spec = services.spec;
        this.home = services.home;
        this.processes = services.processes;
        this.classpaths = services.classpaths;
        this.settings = services.settings;
        this.extraJvmOptions = services.extraJvmOptions;
        this.externalKafka = externalKafka;
    }

    /** The same services on a cluster tally did not start: its brokers and client properties instead of the stack's. */
    public Services onExternalKafka(ExternalKafka kafka) {
        return new Services(this, kafka);
    }

    public void start(Instance instance) {
        List<String> jvm = new java.util.ArrayList<>(SERVICE_JVM);
        jvm.addAll(extraJvmOptions);
        switch (instance.component()) {
            case PROCESSOR -> processes.start(instance, HostNetwork.enter(spec.hosts(), instance, JavaCommand.of(processes, home, instance,
                    classpaths.processor(), jvm, PROCESSOR_MAIN, List.of())), processorEnvironment(instance.id()));
            case API -> processes.start(instance, HostNetwork.enter(spec.hosts(), instance, JavaCommand.of(processes, home, instance,
                    classpaths.api(), jvm, API_MAIN, List.of())), apiEnvironment(instance.id()));
            case CONTROLLER, BROKER, NET -> throw new IllegalArgumentException(instance + " is not started as a service");
        }
    }

    /**
     * The URL that answers 200 once the instance is ready to serve: its readiness probe (a processor
     * RUNNING with its stores restored; an API replica that reads Kafka and knows an active copy of
     * every partition).
     */
    public String healthUrl(Instance instance) {
        return switch (instance.component()) {
            case PROCESSOR -> spec.processorUrl(instance.id()) + "/health/ready";
            case API -> spec.apiAdminUrl(instance.id()) + "/health/ready";
            case CONTROLLER, BROKER, NET -> throw new IllegalArgumentException(instance + " has no HTTP health endpoint");
        };
    }

    /** Where Prometheus scrapes the instance: the API replica's own admin port, so each replica is scraped apart. */
    public String metricsUrl(Instance instance) {
        return switch (instance.component()) {
            case PROCESSOR -> spec.processorUrl(instance.id()) + "/metrics";
            case API -> spec.apiAdminUrl(instance.id()) + "/metrics";
            case CONTROLLER, BROKER, NET -> throw new IllegalArgumentException(instance + " has no /metrics");
        };
    }

    // Anything the user exported (WORKER_COUNT, MAX_QUEUE_SIZE, …) reaches the services as well:
    // ProcessBuilder inherits the launcher's environment, and these entries only add the stack's wiring.
    private Map<String, String> processorEnvironment(int id) {
        return withSettings(NetSetup.load(home, spec).map(net -> NetServices.processorWiring(net, id)).orElse(Map.of()), Map.of(
                "BOOTSTRAP_SERVERS", spec.bootstrapServers(),
                "PROCESSOR_ID", Integer.toString(id),
                "PROCESSOR_HOST", spec.hosts().address(Component.PROCESSOR, id),
                "PROCESSOR_PORT", Integer.toString(spec.processorPort(id)),
                "STATE_DIR", home.processorState(id).toString(),
                "NUM_STANDBY_REPLICAS", Integer.toString(spec.standbys()),
                "REPLICATION_FACTOR", Integer.toString(spec.replicationFactor()),
                "MIN_INSYNC_REPLICAS", Integer.toString(spec.minInsyncReplicas())));
    }

    private Map<String, String> apiEnvironment(int id) {
        return withSettings(Map.of(), Map.of(
                "HOST", spec.hosts().address(Component.API, id),
                "PORT", Integer.toString(spec.apiPort()),
                "ADMIN_PORT", Integer.toString(spec.apiAdminPort(id)),
                "API_REPLICA_ID", Integer.toString(id),
                "API_REPLICA_URLS", IntStream.rangeClosed(1, spec.apiReplicas())
                        .mapToObj(spec::apiAdminUrl).collect(Collectors.joining(",")),
                "BOOTSTRAP_SERVERS", spec.bootstrapServers(),
                "PROCESSOR_URLS", String.join(",", spec.processorUrls())));
    }

    /** The stack's wiring wins over a setting of the same name: it is what makes the processes find each other. */
    private Map<String, String> withSettings(Map<String, String> proxyWiring, Map<String, String> wiring) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.putAll(wiring);
        // Behind fault proxies a processor listens elsewhere than it is reached, and uses its own broker listeners.
        all.putAll(proxyWiring);
        if (externalKafka != null) {
            Map<String, String> userSettings = new java.util.HashMap<>(System.getenv());
            userSettings.putAll(settings);
            all.putAll(externalKafka.serviceEnvironment(wiring.containsKey("PROCESSOR_ID"), userSettings));
        }
        // Processors require it on their internal routes, the API sends it; one per stack home.
        all.remove("INTERNAL_SECRET");
        all.put("INTERNAL_SECRET_FILE", InternalSecret.ensure(home).toString());
        return all;
    }
}
