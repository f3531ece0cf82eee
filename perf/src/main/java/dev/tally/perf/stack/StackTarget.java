package dev.tally.perf.stack;

import dev.tally.compose.net.NetworkFaults;
import dev.tally.compose.net.NetSetup;
import dev.tally.client.api.TallyClient;
import dev.tally.compose.stack.Classpaths;
import dev.tally.compose.stack.Component;
import dev.tally.compose.stack.Instance;
import dev.tally.compose.stack.Stack;
import dev.tally.compose.stack.StackHome;
import dev.tally.compose.stack.StackSpec;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The stack a scenario measures: one it starts for itself ({@link BenchStack}, removed at
 * {@link #close}), or a running one given by its API URL, left running. A running stack's TALLY_HOME
 * is needed only by scenarios that kill, start or reconfigure its processes: they go through the
 * launcher's own {@link Stack}, the code behind {@code bin/tally kill|start|quorum}.
 */
public final class StackTarget implements AutoCloseable {

    private final BenchStack own;
    private final Stack stack;
    private final String apiUrl;
    private final TallyClient client;

    private StackTarget(BenchStack own, Stack stack, String apiUrl) {
        this.own = own;
        this.stack = stack;
        this.apiUrl = apiUrl;
        this.client = TallyClient.of(apiUrl);
    }

    /**
     * @param url      the API of a running stack, or null to start one of {@code shape} with {@code settings}
     * @param home     that stack's TALLY_HOME (the directory holding stack.properties), or null
     * @param needHome whether this scenario kills, starts or reconfigures processes, or asks the processors
     *                 themselves (their stack secret is in the home), so that --url needs --home
     * @param out      where the launcher reports its steps (stderr, so stdout is only results)
     */
    public static StackTarget open(String url, Path home, boolean needHome, StackSpec shape, Map<String, String> settings,
                                   PrintStream out) throws Exception {
        return open(url, home, needHome, false, shape, settings, out);
    }

    /** @param netFaults start the stack behind fault proxies (a running one must have been started with --net-faults) */
    public static StackTarget open(String url, Path home, boolean needHome, boolean netFaults, StackSpec shape,
                                   Map<String, String> settings, PrintStream out) throws Exception {
        if (url == null) {
            BenchStack bench = BenchStack.up(shape, settings, netFaults, out);
            return new StackTarget(bench, bench.stack(), bench.spec().apiUrl());
        }
        if (home == null) {
            if (needHome) {
                throw new IllegalArgumentException("--url needs --home here: the TALLY_HOME of that stack (the directory"
                        + " holding stack.properties), so that its processes can be killed, started or reconfigured");
            }
            return new StackTarget(null, null, url);
        }
        if (!Files.isRegularFile(new StackHome(home.toAbsolutePath()).spec())) {
            throw new IllegalArgumentException("--home " + home + " holds no stack.properties: not the TALLY_HOME of a stack");
        }
        Stack stack = new Stack(new StackHome(home.toAbsolutePath().normalize()), Classpaths.fromBuild(Classpaths.projectRoot()), out);
        return new StackTarget(null, stack, url);
    }

    /** The launcher's handle on the stack; only with a stack of its own or --home. */
    public Stack stack() {
        if (stack == null) {
            throw new IllegalStateException("no TALLY_HOME: this scenario needs --home with --url");
        }
        return stack;
    }

    /**
     * The stack's network faults: its fault proxies (a stack started with --net-faults, or by a scenario
     * that needs them), or its namespaces' cables (a stack started with --hosts: partitions only).
     */
    public NetworkFaults net() {
        StackSpec spec = stack().savedSpec().orElseThrow();
        return NetworkFaults.of(stack().home(), spec).orElseThrow(() -> new IllegalArgumentException(
                "the stack in " + stack().home().root() + " has no fault proxies: start it with `bin/tally up --net-faults`"));
    }

    /** The shape as the stack's home records it now (a quorum change updates it), if the home is known. */
    public Optional<StackSpec> spec() {
        return stack == null ? Optional.empty() : stack.savedSpec();
    }

    /** The shape as the API sees it now (GET /status): works with --url alone. */
    public StackView view() {
        return StackView.of(client);
    }

    public String apiUrl() {
        return apiUrl;
    }

    public TallyClient client() {
        return client;
    }

    /** Whether the stack is this run's own (fresh, reconfigurable at will) rather than a running one given by --url. */
    public boolean ownStack() {
        return own != null;
    }

    /** "own stack" or "--url": whether the numbers came from a stack this run started. */
    public String mode() {
        return ownStack() ? "own stack" : "--url";
    }

    /** Restarts every API replica of this run's own stack with these settings (brokers and processors keep running). */
    public void restartApis(Map<String, String> settings) throws Exception {
        if (own == null) {
            throw new IllegalStateException("only a stack this run started is restarted with other settings");
        }
        own.stack().withSettings(settings);
        for (int replica = 1; replica <= own.spec().apiReplicas(); replica++) {
            Instance api = new Instance(Component.API, replica);
            own.stack().stop(api);
            own.stack().start(api);
        }
    }

    @Override
    public void close() {
        if (own != null) {
            own.close();
        }
    }
}
