package dev.tally.compose.net;

import dev.tally.compose.stack.Component;
import dev.tally.compose.stack.Instance;
import dev.tally.compose.stack.JavaCommand;
import dev.tally.compose.stack.ProcessTable;
import dev.tally.compose.stack.StackHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Starts a stack's fault proxies ({@code net-1}) and waits until their control port answers. */
public final class NetProcess {

    public static final Instance INSTANCE = new Instance(Component.NET, 1);
    private static final Duration READY = Duration.ofSeconds(60);

    private NetProcess() {
    }

    /** Starts the proxies unless they run; they must be up before any Kafka process, which reaches the controllers through them. */
    public static void ensureRunning(NetPlan plan, StackHome home, ProcessTable processes, List<String> extraJvmOptions)
            throws InterruptedException {
        if (processes.find(INSTANCE).isPresent()) {
            return;
        }
        Path routes = home.config().resolve("net-routes.txt");
        try {
            Files.createDirectories(home.config());
            Files.writeString(routes, plan.routes().stream().map(ProxyRoute::line).collect(Collectors.joining("\n", "", "\n")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The launcher's quiet logging (Netty logs at DEBUG through logback otherwise).
        List<String> jvm = new ArrayList<>(List.of("-Xms32m", "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlogback.configurationFile=logback-cli.xml"));
        jvm.addAll(extraJvmOptions);
        // The launcher's own classpath: it carries this class and Netty, whoever started the launcher (bin/tally, perf, a test).
        processes.start(INSTANCE, JavaCommand.of(processes, home, INSTANCE, System.getProperty("java.class.path"), jvm,
                NetProxyMain.class.getName(), List.of(routes.toString(), Integer.toString(plan.controlPort()))), Map.of());
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            if (processes.find(INSTANCE).isEmpty()) {
                throw new IllegalStateException("the fault proxies exited during start-up; read " + home.log(INSTANCE));
            }
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), plan.controlPort())) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the fault proxies did not answer within " + READY.toSeconds() + " s; read " + home.log(INSTANCE));
    }
}
