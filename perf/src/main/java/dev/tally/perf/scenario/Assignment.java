package dev.tally.perf.scenario;

import dev.tally.compose.stack.StackHome;
import dev.tally.domain.wire.RoutingSnapshot;
import dev.tally.perf.stack.Routing;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An assignment of the partitions to processors, as the processors report it once it has settled:
 * every partition has an active task on one of the expected members, every member has one, and the
 * processors have reported the same assignment for {@link #STABLE} (a rebalance can take several rounds).
 *
 * @param owners   partition → endpoint of its active task
 * @param standbys partition → endpoints keeping a standby copy
 * @param atNanos  when this assignment was first seen
 */
record Assignment(Map<Integer, String> owners, Map<Integer, Set<String>> standbys, long atNanos) {

    static final Duration STABLE = Duration.ofSeconds(3);

    static Assignment awaitSettled(Set<String> members, int partitions, Duration timeout, StackHome home) throws InterruptedException {
        List<String> urls = members.stream().map(endpoint -> "http://" + endpoint).sorted().toList();
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Integer, String> last = null;
        long lastSeenFirst = 0;
        String seen = "nothing yet";
        while (System.nanoTime() < deadline) {
            try {
                RoutingSnapshot snapshot = Routing.snapshot(urls, home);
                Map<Integer, String> owners = Routing.activeOwners(snapshot);
                seen = snapshot.state() + " " + owners;
                boolean complete = "RUNNING".equals(snapshot.state()) && owners.size() == partitions
                        && members.equals(new HashSet<>(owners.values()));
                if (complete && owners.equals(last)) {
                    if (System.nanoTime() - lastSeenFirst >= STABLE.toNanos()) {
                        return new Assignment(owners, Routing.standbyHolders(snapshot), lastSeenFirst);
                    }
                } else {
                    last = complete ? owners : null;
                    lastSeenFirst = System.nanoTime();
                }
            } catch (IllegalStateException noAnswer) {
                seen = noAnswer.getMessage();
                last = null;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the assignment did not settle on " + members + " within " + timeout.toSeconds()
                + " s; last seen: " + seen);
    }
}
