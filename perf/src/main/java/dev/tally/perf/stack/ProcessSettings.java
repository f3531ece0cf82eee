package dev.tally.perf.stack;

import dev.tally.compose.stack.Instance;
import dev.tally.compose.stack.ProcessTable;
import dev.tally.compose.stack.Stack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The settings a running process of a stack was started with: its environment, as Linux shows it in
 * {@code /proc/<pid>/environ}. A scenario that restarts a process of someone else's stack with
 * another setting starts it again with exactly these afterwards, so the stack is put back as it was,
 * whatever was exported when it came up.
 */
public final class ProcessSettings {

    private ProcessSettings() {
    }

    public static Map<String, String> of(Stack stack, Instance instance) {
        ProcessHandle process = new ProcessTable(stack.home()).find(instance)
                .orElseThrow(() -> new IllegalStateException(instance + " is not running"));
        Path environ = Path.of("/proc", Long.toString(process.pid()), "environ");
        try {
            return parse(Files.readAllBytes(environ));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the settings of " + instance + " from " + environ
                    + " (this needs Linux and the same user as the stack)", e);
        }
    }

    /** NAME=value entries, each ended by a NUL byte. */
    static Map<String, String> parse(byte[] environ) {
        Map<String, String> settings = new HashMap<>();
        for (String entry : new String(environ, StandardCharsets.UTF_8).split("\0")) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                settings.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        return settings;
    }
}
