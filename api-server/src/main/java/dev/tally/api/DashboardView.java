package dev.tally.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tally.query.ProcessorView;
import java.util.List;

/**
 * The body of {@code GET /dashboard.json}, what the page at {@code /} draws each second.
 *
 * @param answeredBy      the API replica that answered
 * @param trafficOf       the replicas whose traffic is summed in {@code traffic} (a sibling that did not answer is missing)
 * @param traffic         increments accepted, reads, 429s and 503s: totals and per second over the last minutes
 * @param status          everything {@code GET /status} shows; null with {@code scope=replica}
 * @param processors      each processor this replica has seen, up (it answered) and ready; null with {@code scope=replica}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DashboardView(int answeredBy, List<Integer> trafficOf, DashboardTraffic.Traffic traffic, ApiStatus status,
                     List<ProcessorHealth> processors) {

    /**
     * @param up    it answered {@code /internal/stats}
     * @param ready up, and the store of every partition it is active for has no lag: the rule of its own
     *              {@code /health/ready} (it reads and writes those partitions from a restored store)
     */
    record ProcessorHealth(String endpoint, boolean up, boolean ready, List<Integer> active, List<Integer> standby) {

        static ProcessorHealth of(ProcessorView view) {
            boolean up = view.stats() != null;
            boolean ready = up && !view.active().isEmpty()
                    && view.active().stream().allMatch(p -> Long.valueOf(0).equals(view.stats().storeLag().get(p)));
            return new ProcessorHealth(view.endpoint(), up, ready, view.active(), view.standby());
        }
    }
}
