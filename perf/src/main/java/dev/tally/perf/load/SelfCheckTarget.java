package dev.tally.perf.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A {@link TargetServer} in a JVM of its own, for {@code perf generator} to measure itself
 * against: in another process, the server's CPU is not counted as the generator's.
 */
final class SelfCheckTarget implements AutoCloseable {

    private static final String LISTENING = "listening on ";

    private final Process process;
    private final int port;

    private SelfCheckTarget(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts it and waits until it listens. */
    static SelfCheckTarget start(int threads) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        // Its logging goes to stderr (logback-cli.xml), so that stdout carries only the line with its port.
        Process process = new ProcessBuilder(java, "-Xmx256m", "-Dlogback.configurationFile=logback-cli.xml",
                "-cp", System.getProperty("java.class.path"), TargetServer.class.getName(), "0", Integer.toString(threads))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        while (line != null && !line.startsWith(LISTENING)) {
            line = out.readLine();
        }
        if (line == null) {
            process.destroyForcibly();
            throw new IOException("the target server did not start: " + line);
        }
        return new SelfCheckTarget(process, Integer.parseInt(line.substring(LISTENING.length()).trim()));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** CPU time the server used so far. */
    Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** Closing its standard input tells it to stop; it is killed if it has not within a few seconds. */
    @Override
    public void close() throws IOException {
        process.getOutputStream().close();
        try {
            if (process.waitFor(5, TimeUnit.SECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }
}
