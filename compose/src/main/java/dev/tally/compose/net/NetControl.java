package dev.tally.compose.net;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The proxies' control channel, for {@code bin/tally net} (loopback only, plain text):
 * {@code POST /lag?instance=broker-1&range=0-1000}, {@code POST /partition?instance=processor-2},
 * {@code POST /heal} (all, or {@code ?instance=} one), {@code GET /faults}. An instance no proxy carries is refused with 400.
 */
public final class NetControl implements AutoCloseable {

    private final HttpServer server;

    private NetControl(HttpServer server) {
        this.server = server;
    }

    public static NetControl start(int port, Faults faults, List<ProxyRoute> routes) throws IOException {
        Set<String> known = new TreeSet<>();
        routes.forEach(r -> known.addAll(r.ends()));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        server.createContext("/", exchange -> {
            try (exchange) {
                handle(exchange, faults, known);
            }
        });
        server.start();
        return new NetControl(server);
    }

    private static void handle(HttpExchange exchange, Faults faults, Set<String> known) throws IOException {
        String path = exchange.getRequestURI().getPath();
        boolean post = exchange.getRequestMethod().equals("POST");
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        try {
            switch (path) {
                case "/faults" -> reply(exchange, 200, describe(faults));
                case "/lag" -> {
                    requirePost(post);
                    faults.lag(instance(query, known), Faults.Lag.parse(query.getOrDefault("range", "")));
                    reply(exchange, 200, describe(faults));
                }
                case "/partition" -> {
                    requirePost(post);
                    faults.partition(instance(query, known));
                    reply(exchange, 200, describe(faults));
                }
                case "/heal" -> {
                    requirePost(post);
                    if (query.containsKey("instance")) {
                        faults.heal(instance(query, known));
                    } else {
                        faults.heal();
                    }
                    reply(exchange, 200, describe(faults));
                }
                default -> reply(exchange, 404, "no such control route " + path + "; there are /lag, /partition, /heal, /faults\n");
            }
        } catch (IllegalArgumentException e) {
            reply(exchange, 400, e.getMessage() + "\n");
        }
    }

    private static void requirePost(boolean post) {
        if (!post) {
            throw new IllegalArgumentException("faults change with POST");
        }
    }

    private static String instance(Map<String, String> query, Set<String> known) {
        String name = query.getOrDefault("instance", "");
        if (!known.contains(name)) {
            throw new IllegalArgumentException("no proxy carries the traffic of \"" + name + "\"; these can be faulted: "
                    + String.join(", ", known));
        }
        return name;
    }

    /** One line per fault in force, or {@code none}. */
    static String describe(Faults faults) {
        Map<String, Object> state = faults.describe();
        StringBuilder text = new StringBuilder();
        ((Map<?, ?>) state.get("lag")).forEach((end, range) -> text.append("lag ").append(end).append(' ').append(range).append(" ms\n"));
        ((List<?>) state.get("partitioned")).forEach(end -> text.append("partitioned ").append(end).append('\n'));
        return text.isEmpty() ? "none\n" : text.toString();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new TreeMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
