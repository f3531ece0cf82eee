package dev.tally.perf;

import dev.tally.compose.stack.Classpaths;
import dev.tally.compose.stack.Stack;
import dev.tally.compose.stack.StackHome;
import dev.tally.compose.stack.StackSpec;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The stack a fault or quorum scenario works on: one it starts for itself ({@link BenchStack},
 * removed at {@link #close}), or a running {@code bin/tally up} stack given by its API URL and its
 * TALLY_HOME, which is left running. Either way parts of it are killed, started and reconfigured
 * through the launcher's own {@link Stack}, the code behind {@code bin/tally kill|start|quorum}.
 */
final class StackTarget implements AutoCloseable {

    private final BenchStack own;
    private final Stack stack;
    private final String apiUrl;

    private StackTarget(BenchStack own, Stack stack, String apiUrl) {
        this.own = own;
        this.stack = stack;
        this.apiUrl = apiUrl;
    }

    /**
     * @param url  the API of a running stack, or null to start one of {@code shape}
     * @param home that stack's TALLY_HOME (required with url: kills go through its pid files)
     * @param out  where the launcher reports its steps (stderr, so stdout is only results)
     */
    static StackTarget open(String url, Path home, StackSpec shape, Map<String, String> settings, PrintStream out)
            throws Exception {
        if (url == null) {
            BenchStack bench = BenchStack.up(shape, settings, out);
            return new StackTarget(bench, bench.stack(), bench.spec().apiUrl());
        }
        if (home == null || !Files.isRegularFile(new StackHome(home.toAbsolutePath()).spec())) {
            throw new IllegalArgumentException("--url needs --home: the TALLY_HOME of that `bin/tally up` stack"
                    + " (the directory holding stack.properties), so that its processes can be killed and started");
        }
        Stack stack = new Stack(new StackHome(home.toAbsolutePath().normalize()), Classpaths.fromBuild(Classpaths.projectRoot()), out);
        return new StackTarget(null, stack, url);
    }

    Stack stack() {
        return stack;
    }

    /** The shape as the stack's home records it now (a quorum change updates it). */
    StackSpec spec() {
        return stack.savedSpec().orElseThrow(() -> new IllegalStateException("no stack.properties in " + stack.home().root()));
    }

    String apiUrl() {
        return apiUrl;
    }

    /** "own stack" or "--url": whether the numbers came from a stack this run started. */
    String mode() {
        return own != null ? "own stack" : "--url";
    }

    @Override
    public void close() {
        if (own != null) {
            own.close();
        }
    }
}
