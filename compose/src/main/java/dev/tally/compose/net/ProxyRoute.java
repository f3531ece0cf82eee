package dev.tally.compose.net;

import java.util.List;

/**
 * One proxied path: what listens on {@code listenPort} is forwarded to {@code targetPort} on the same
 * host. A fault on any of its {@code ends} (an instance name such as {@code broker-1} or
 * {@code processor-2}) applies to it, so a route from processor 2 to broker 1 is cut when either is.
 */
public record ProxyRoute(String name, int listenPort, int targetPort, List<String> ends) {

    public ProxyRoute {
        ends = List.copyOf(ends);
    }

    /** One line of the routes file the proxy process reads: {@code name listenPort targetPort end,end}. */
    public String line() {
        return name + " " + listenPort + " " + targetPort + " " + String.join(",", ends);
    }

    public static ProxyRoute parse(String line) {
        String[] parts = line.strip().split("\\s+");
        if (parts.length != 4) {
            throw new IllegalArgumentException("a route line is `name listenPort targetPort end,end`, got: " + line);
        }
        return new ProxyRoute(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), List.of(parts[3].split(",")));
    }
}
