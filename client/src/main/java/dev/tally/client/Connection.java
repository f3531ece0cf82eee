package dev.tally.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import picocli.CommandLine.Option;

/** The options every client command shares: where the API is, how long to wait, how often to retry, how to print. */
final class Connection {

    @Option(names = "--url", defaultValue = "${env:TALLY_URL:-http://localhost:8000}",
            description = "Base URL(s) of the API, comma-separated. Default $TALLY_URL, else ${DEFAULT-VALUE}.")
    String urls;

    @Option(names = "--timeout", defaultValue = "2", description = "Seconds to wait for an endpoint before trying the next. Default ${DEFAULT-VALUE}.")
    double timeoutSeconds;

    @Option(names = "--retries", defaultValue = "3", description = "Further attempts after a failed one. Default ${DEFAULT-VALUE}.")
    int retries;

    @Option(names = "--json", description = "Print the server's JSON answer on one line instead of text.")
    boolean json;

    RetryingHttp http() {
        if (timeoutSeconds <= 0 || retries < 0) {
            throw new IllegalArgumentException("--timeout must be positive and --retries 0 or more");
        }
        return new RetryingHttp(new Endpoints(Arrays.stream(urls.split(",")).filter(u -> !u.isBlank()).toList()),
                Duration.ofMillis((long) (timeoutSeconds * 1_000)), retries, RetryingHttp::sleep);
    }

    /** A key as one path segment: a space is %20 there, not '+'. */
    static String segment(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
