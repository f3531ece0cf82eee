package dev.tally.compose.net;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The fault proxies' process: {@code NetProxyMain ROUTES-FILE CONTROL-PORT}. The launcher starts one
 * per stack (as {@code net-1}) before any broker, and stops it after the last controller.
 */
public final class NetProxyMain {

    private NetProxyMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: NetProxyMain ROUTES-FILE CONTROL-PORT");
            System.exit(2);
        }
        List<ProxyRoute> routes = Files.readAllLines(Path.of(args[0])).stream()
                .filter(line -> !line.isBlank()).map(ProxyRoute::parse).toList();
        Faults faults = new Faults();
        // Two event loops: the proxies only copy bytes, and the stack's own processes need the cores.
        FaultProxy proxy = FaultProxy.start(routes, faults, "127.0.0.1", "127.0.0.1", 2);
        NetControl control = NetControl.start(Integer.parseInt(args[1]), faults, routes);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            control.close();
            proxy.close();
        }, "net-stop"));
        System.out.println("net-1: " + routes.size() + " proxies up, control on 127.0.0.1:" + args[1]);
        Thread.currentThread().join();
    }
}
