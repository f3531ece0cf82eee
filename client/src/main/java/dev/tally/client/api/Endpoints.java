package dev.tally.client.api;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The API base URLs the client may talk to, and which one it uses now. Starts from {@code --url};
 * a refresh adds the API replicas a {@code GET /status} names (each replica's own port serves the
 * whole API), so a client given one URL can carry on when that replica dies.
 */
final class Endpoints {

    private final List<String> urls = new ArrayList<>();
    private int current;

    Endpoints(List<String> configured) {
        if (configured.isEmpty()) {
            throw new IllegalArgumentException("--url needs at least one base URL");
        }
        configured.forEach(url -> urls.add(trim(url)));
    }

    String current() {
        return urls.get(current);
    }

    List<String> all() {
        return List.copyOf(urls);
    }

    /** Moves on to the next URL, round the list. */
    void next() {
        current = (current + 1) % urls.size();
    }

    /** Adds the replicas a {@code /status} reported up, keeping the order and the current URL. */
    void learn(List<String> replicaUrls) {
        String now = current();
        Set<String> merged = new LinkedHashSet<>(urls);
        replicaUrls.forEach(url -> merged.add(trim(url)));
        urls.clear();
        urls.addAll(merged);
        current = urls.indexOf(now);
    }

    private static String trim(String url) {
        String stripped = url.strip();
        return stripped.endsWith("/") ? stripped.substring(0, stripped.length() - 1) : stripped;
    }
}
