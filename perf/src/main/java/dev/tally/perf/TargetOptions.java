package dev.tally.perf;

import dev.tally.compose.stack.StackSpec;
import dev.tally.perf.stack.StackTarget;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --url URL [--home TALLY_HOME]}, shared by every scenario: run on that running stack, as it
 * is, instead of starting one. The home is needed only where the scenario kills or starts
 * processes or changes the write quorum.
 */
public final class TargetOptions {

    @Option(names = "--url", description = "API of a running stack to measure as it is, instead of starting one. "
            + "Default: start a stack of the scenario's shape on free ports, and remove it at the end.")
    String url;

    @Option(names = "--home", description = "With --url: that stack's TALLY_HOME (holding stack.properties), for "
            + "scenarios that kill, start or reconfigure its processes.")
    Path home;

    public boolean running() {
        return url != null;
    }

    /**
     * @param needHome whether the scenario kills, starts or reconfigures processes
     * @param shape    what to start without --url (on free ports)
     * @param settings the service settings of a stack started; a running stack keeps its own
     */
    public StackTarget open(boolean needHome, StackSpec shape, Map<String, String> settings, PrintStream out)
            throws Exception {
        return StackTarget.open(url, home, needHome, shape, settings, out);
    }

    /** The same, a stack started here behind fault proxies (a running one needs --home and `up --net-faults`). */
    public StackTarget openWithNetFaults(StackSpec shape, Map<String, String> settings, PrintStream out) throws Exception {
        return StackTarget.open(url, home, true, true, shape, settings, out);
    }
}
