package dev.tally.perf.scenario;

import dev.tally.perf.report.Charts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The summary table and the chart of a {@code perf rebalance} run. */
final class RebalanceReport {

    private RebalanceReport() {
    }

    static void chart(RebalanceCommand.Report report, Path file) throws IOException {
        Map<String, Double> bars = new LinkedHashMap<>();
        report.changes().forEach(c -> bars.put((c.assignor().equals("high-availability") ? "HA" : c.assignor()) + " " + c.name(),
                100 * c.keysMoved()));
        report.placements().forEach(p -> bars.put(p.label(), 100 * p.keysMoved()));
        Charts.bars("Keys that change owner when a processor joins or leaves (" + report.keys() + " keys)",
                "Kafka Streams assignor (HA: high-availability) and change, or placement", "keys moved (%)",
                List.copyOf(bars.keySet()), Map.of("keys moved", List.copyOf(bars.values())), file);
    }

    static void print(RebalanceCommand.Report report) {
        System.out.println();
        System.out.printf("%-36s %11s %12s %11s %9s %10s %s%n", "assignor and change", "partitions", "to standby",
                "keys moved", "fewest", "settled", "counts");
        for (RebalanceCommand.Change c : report.changes()) {
            System.out.printf("%-36s %5d / %-3d %12d %10.1f%% %8.1f%% %8.1f s %s%n", c.assignor() + " " + c.name(),
                    c.partitionsMoved(), report.partitions(), c.partitionsMovedToStandby(), 100 * c.keysMoved(),
                    100 * c.idealKeysMoved(), c.settledSeconds(), c.check().exact() ? "exact" : "WRONG");
        }
        for (RebalanceCommand.Placement p : report.placements()) {
            System.out.printf("%-36s %11s %12s %10.1f%%%n", p.name(), "", "", 100 * p.keysMoved());
        }
        report.changes().forEach(c -> System.out.println(c.assignor() + " " + c.name() + ": " + c.ownersBefore() + " -> "
                + c.ownersAfter()));
    }
}
