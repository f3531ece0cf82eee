package dev.tally.compose.stack;

import java.io.PrintStream;
import java.util.List;

/** Prints status rows as an aligned table. */
public final class StatusTable {

    private StatusTable() {
    }

    public static void print(List<StatusRow> rows, PrintStream out) {
        String format = "%-10s %-3s %-8s %-6s %-5s %-36s %s%n";
        out.printf(format, "COMPONENT", "ID", "PID", "PORT", "STATE", "METRICS", "DETAIL");
        for (StatusRow row : rows) {
            out.printf(format, row.instance().component().label(), row.instance().id(),
                    row.pid() == null ? "-" : row.pid(), row.port(), row.up() ? "up" : "down",
                    row.metricsUrl() == null ? "-" : row.metricsUrl(), row.detail());
        }
        out.flush();
    }
}
