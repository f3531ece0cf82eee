package dev.tally.api;

import dev.tally.query.ProcessorView;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every processor this API replica has seen in the routing, so that one which died stays on the
 * dashboard as down: the routing names only the members of the consumer group, and a killed
 * processor leaves it a session timeout after its death.
 */
final class ProcessorRoster {

    private final Set<String> seen = new LinkedHashSet<>();

    /** The processors the routing names now, then those it named before and no longer does (down). */
    synchronized List<DashboardView.ProcessorHealth> health(List<ProcessorView> current) {
        List<DashboardView.ProcessorHealth> health = new ArrayList<>();
        Set<String> listed = new LinkedHashSet<>();
        for (ProcessorView view : current) {
            seen.add(view.endpoint());
            listed.add(view.endpoint());
            health.add(DashboardView.ProcessorHealth.of(view));
        }
        for (String endpoint : seen) {
            if (!listed.contains(endpoint)) {
                health.add(new DashboardView.ProcessorHealth(endpoint, false, false, List.of(), List.of()));
            }
        }
        health.sort((a, b) -> a.endpoint().compareTo(b.endpoint()));
        return health;
    }
}
